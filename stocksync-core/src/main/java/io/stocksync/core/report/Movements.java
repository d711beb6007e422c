package io.stocksync.core.report;

/**
 * The movements of one SKU at one location over a period, by type (SPEC §11), each in units and
 * never negative except {@code counted}.
 *
 * @param putAways units put away ({@code PUTAWAY})
 * @param returns units returned ({@code RETURN_RECEIVED})
 * @param adjustmentsIn units added by adjustments ({@code ADJUSTMENT} q &gt; 0)
 * @param adjustmentsOut units removed by adjustments ({@code ADJUSTMENT} q &lt; 0), as a positive
 *     figure
 * @param counted the net change stock counts made to on hand ({@code STOCK_COUNT}), signed
 * @param shipped units shipped ({@code ORDER_SHIPPED}: out of on hand and out of reserved)
 * @param ordersPlaced units reserved by orders ({@code ORDER_PLACED})
 * @param ordersCancelled units released by cancellations ({@code ORDER_CANCELLED})
 */
public record Movements(
    long putAways,
    long returns,
    long adjustmentsIn,
    long adjustmentsOut,
    long counted,
    long shipped,
    long ordersPlaced,
    long ordersCancelled) {

  /** No movement at all. */
  public static final Movements NONE = new Movements(0, 0, 0, 0, 0, 0, 0, 0);

  /** What these movements do to on hand: in minus out. */
  public long onHandChange() {
    return putAways + returns + adjustmentsIn - adjustmentsOut + counted - shipped;
  }

  /** What these movements do to reserved. */
  public long reservedChange() {
    return ordersPlaced - ordersCancelled - shipped;
  }

  /**
   * These movements and one more line, put in its type's bucket by SPEC §2's table.
   *
   * @throws IllegalArgumentException when the line has no type (a sum over several types)
   */
  public Movements plus(LedgerLine line) {
    if (line.type() == null) {
      throw new IllegalArgumentException("a line without a type has no bucket");
    }
    long h = line.onHandDelta();
    long r = line.reservedDelta();
    return switch (line.type()) {
      case PUTAWAY ->
          new Movements(
              Math.addExact(putAways, h),
              returns,
              adjustmentsIn,
              adjustmentsOut,
              counted,
              shipped,
              ordersPlaced,
              ordersCancelled);
      case RETURN_RECEIVED ->
          new Movements(
              putAways,
              Math.addExact(returns, h),
              adjustmentsIn,
              adjustmentsOut,
              counted,
              shipped,
              ordersPlaced,
              ordersCancelled);
      case ADJUSTMENT ->
          h >= 0
              ? new Movements(
                  putAways,
                  returns,
                  Math.addExact(adjustmentsIn, h),
                  adjustmentsOut,
                  counted,
                  shipped,
                  ordersPlaced,
                  ordersCancelled)
              : new Movements(
                  putAways,
                  returns,
                  adjustmentsIn,
                  Math.subtractExact(adjustmentsOut, h),
                  counted,
                  shipped,
                  ordersPlaced,
                  ordersCancelled);
      case STOCK_COUNT ->
          new Movements(
              putAways,
              returns,
              adjustmentsIn,
              adjustmentsOut,
              Math.addExact(counted, h),
              shipped,
              ordersPlaced,
              ordersCancelled);
      case ORDER_SHIPPED ->
          new Movements(
              putAways,
              returns,
              adjustmentsIn,
              adjustmentsOut,
              counted,
              Math.subtractExact(shipped, h),
              ordersPlaced,
              ordersCancelled);
      case ORDER_PLACED ->
          new Movements(
              putAways,
              returns,
              adjustmentsIn,
              adjustmentsOut,
              counted,
              shipped,
              Math.addExact(ordersPlaced, r),
              ordersCancelled);
      case ORDER_CANCELLED ->
          new Movements(
              putAways,
              returns,
              adjustmentsIn,
              adjustmentsOut,
              counted,
              shipped,
              ordersPlaced,
              Math.subtractExact(ordersCancelled, r));
    };
  }
}
