package io.stocksync.core.order;

/**
 * Where a marketplace says an order line stands (SPEC §9). A line moves forward only: placed, then
 * either cancelled or shipped, and a shipped line may come back as returned. A report older than
 * what is known (a late webhook, a poll that overlaps) never moves a line back.
 */
public enum OrderLineState {
  PLACED(0),
  CANCELLED(1),
  SHIPPED(1),
  RETURNED(2);

  private final int rank;

  OrderLineState(int rank) {
    this.rank = rank;
  }

  /**
   * The state a line is in once both {@code this} (what was known) and {@code reported} have been
   * heard, whatever order they came in (commutative): the furthest of the two. Of a cancellation
   * and a shipment, the shipment wins: units that left the warehouse are gone, and a marketplace's
   * cancellation after a shipment is a refund, not units put back.
   */
  public OrderLineState merge(OrderLineState reported) {
    if (reported.rank != rank) {
      return reported.rank > rank ? reported : this;
    }
    return this == SHIPPED || reported == SHIPPED ? SHIPPED : this;
  }

  /** Whether the units of a line in this state left the warehouse. */
  public boolean shipped() {
    return this == SHIPPED || this == RETURNED;
  }
}
