package io.stocksync.core.channel;

/**
 * How urgent a push is (SPEC §5): a stale high figure oversells, a stale low one only loses a sale.
 * Declared in the order a rate-limited channel sends them.
 */
public enum Urgency {
  /** The push sets 0. */
  TO_ZERO,
  /**
   * The push lowers the figure, or the channel's figure is not known yet (never acknowledged), in
   * which case lowering is the safe assumption.
   */
  DECREASE,
  /** The push raises the figure. */
  INCREASE;

  /** The urgency of sending {@code target} where the channel last acknowledged {@code acked}. */
  public static Urgency of(long target, Long acked) {
    if (target == 0) {
      return TO_ZERO;
    }
    if (acked == null || target < acked) {
      return DECREASE;
    }
    return INCREASE;
  }
}
