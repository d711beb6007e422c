package io.stocksync.core.channel;

/**
 * A channel's rules for turning stock into the figure it is sent (SPEC §4).
 *
 * @param buffer units held back from the channel
 * @param percent the share of the rest the channel is offered, 0–100
 * @param max the most the channel is ever sent; null means no cap
 * @param zeroAtOrBelow at or below this base the channel is sent 0
 */
public record ChannelRules(long buffer, int percent, Long max, long zeroAtOrBelow) {

  public static final ChannelRules DEFAULT = new ChannelRules(0, 100, null, 0);

  public ChannelRules {
    if (buffer < 0) {
      throw new IllegalArgumentException("buffer must be 0 or more");
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be between 0 and 100");
    }
    if (max != null && max < 0) {
      throw new IllegalArgumentException("max must be 0 or more");
    }
    if (zeroAtOrBelow < 0) {
      throw new IllegalArgumentException("zeroAtOrBelow must be 0 or more");
    }
  }

  /**
   * The target for a listing whose stock base is {@code base}: 0 at or below {@code zeroAtOrBelow},
   * otherwise {@code min(max, floor(max(0, base − buffer) × percent / 100))}. Never negative.
   */
  public long target(long base) {
    if (base <= zeroAtOrBelow) {
      return 0;
    }
    long afterBuffer = Math.max(0, base - buffer);
    // floor(a × p / 100) computed as q × p + floor(r × p / 100) with a = 100q + r: exact, and free
    // of overflow for every long.
    long offered = afterBuffer / 100 * percent + afterBuffer % 100 * percent / 100;
    return max == null ? offered : Math.min(max, offered);
  }
}
