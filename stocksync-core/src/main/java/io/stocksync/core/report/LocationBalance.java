package io.stocksync.core.report;

/** The balance of one SKU at one location, as a report found it. */
public record LocationBalance(String location, long onHand, long reserved) {

  /** {@code onHand − reserved} at this location (it may be negative: an oversold location). */
  public long available() {
    return onHand - reserved;
  }
}
