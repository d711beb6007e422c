package io.stocksync.core.inventory;

/** A location as the account state holds it. Mutable; confined to the account's writer. */
final class LocationState {
  final String code;
  String name;
  boolean sellable;

  LocationState(String code, String name, boolean sellable) {
    this.code = code;
    this.name = name;
    this.sellable = sellable;
  }
}
