package io.stocksync.core.inventory;

/** A request named something the account does not have (a SKU, a location, a channel). */
public final class NotFoundException extends RuntimeException {

  private final String kind;
  private final String key;

  public NotFoundException(String kind, String key) {
    super(kind + " '" + key + "' not found");
    this.kind = kind;
    this.key = key;
  }

  public String kind() {
    return kind;
  }

  public String key() {
    return key;
  }
}
