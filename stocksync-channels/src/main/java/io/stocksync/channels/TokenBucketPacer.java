package io.stocksync.channels;

import java.time.Duration;
import java.time.Instant;

/**
 * A request-rate limit: {@code rate} calls a second with bursts of {@code burst}, kept by the
 * client. For marketplaces that publish a request rate (and for webhook receivers that ask for
 * one). Thread-safe.
 */
public final class TokenBucketPacer {

  private final double rate;
  private final double burst;
  private double tokens;
  private Instant at;

  /** A full bucket. */
  public TokenBucketPacer(double rate, double burst) {
    if (!(rate > 0) || !(burst >= 1)) {
      throw new IllegalArgumentException("rate must be positive and burst at least 1");
    }
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
  }

  /** How long until a call may go; zero when one may go now. */
  public synchronized Duration delay(Instant now) {
    refill(now);
    if (tokens >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * 1e9));
  }

  /** How many calls may go now, at once (whole tokens in the bucket; never negative). */
  public synchronized int available(Instant now) {
    refill(now);
    return tokens < 1 ? 0 : (int) Math.floor(tokens);
  }

  /**
   * The share of the bucket spent now, 0 (full) to 1 (empty or owing): the channel's rate budget in
   * use, as the dashboard shows it.
   */
  public synchronized double inUse(Instant now) {
    refill(now);
    return Math.max(0, Math.min(1, 1 - tokens / burst));
  }

  /** Takes one call's token (the bucket may go below zero when calls race). */
  public synchronized void take(Instant now) {
    refill(now);
    tokens -= 1;
  }

  private void refill(Instant now) {
    if (at != null && now.isAfter(at)) {
      double seconds = Duration.between(at, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + seconds * rate);
    }
    if (at == null || now.isAfter(at)) {
      at = now;
    }
  }
}
