package io.stocksync.core.inventory;

/**
 * A request that contradicts what the account already holds (SPEC §7's 409): an {@code externalId}
 * another SKU's listing has on the channel, or a bundle's components changed while orders of it are
 * open. Nothing was changed. Immutable.
 */
public final class ConflictException extends RuntimeException {

  private final String field;

  /**
   * @param field the request field at fault, such as {@code externalId} or {@code components}
   * @param message what it conflicts with, naming the holder (a SKU, open orders)
   */
  public ConflictException(String field, String message) {
    super(field + ": " + message, null, false, false);
    this.field = field;
  }

  /** The request field at fault. */
  public String field() {
    return field;
  }
}
