package io.stocksync.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket driven by an injected clock: it holds up to {@code burst} tokens and gains {@code
 * rate} tokens per second, continuously. A request is allowed when a whole token is there to take.
 * This is the algorithm Amazon documents for the Selling Partner API usage plans ("rate" and
 * "burst"); the Flipkart emulator uses it for its assumed limit.
 *
 * <p>Thread-safe: every method is synchronized.
 */
public final class TokenBucket {

  /** Absorbs floating-point rounding, so that 0.2 s at 5/s makes a whole token. */
  private static final double EPSILON = 1e-9;

  private final Clock clock;
  private final double rate;
  private final double burst;
  private double tokens;
  private Instant refilledAt;

  /**
   * A full bucket.
   *
   * @param clock the clock that refills it
   * @param rate tokens gained per second, above 0
   * @param burst the most tokens it holds, at least 1
   */
  public TokenBucket(Clock clock, double rate, double burst) {
    if (!(rate > 0) || !(burst >= 1)) {
      throw new IllegalArgumentException("a token bucket needs a rate above 0 and a burst of 1+");
    }
    this.clock = clock;
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = clock.instant();
  }

  /** Takes one token if there is one; says whether it did. */
  public synchronized boolean tryTake() {
    refill();
    if (tokens + EPSILON < 1) {
      return false;
    }
    tokens = Math.max(0, tokens - 1);
    return true;
  }

  /** How long until a token is there to take; zero when one is there now. */
  public synchronized Duration untilNextToken() {
    refill();
    if (tokens + EPSILON >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * 1e9));
  }

  /** Fills the bucket to its burst. */
  public synchronized void fill() {
    tokens = burst;
    refilledAt = clock.instant();
  }

  /** Tokens gained per second. */
  public double rate() {
    return rate;
  }

  /** The most tokens the bucket holds. */
  public double burst() {
    return burst;
  }

  private void refill() {
    Instant now = clock.instant();
    if (now.isAfter(refilledAt)) {
      double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + seconds * rate);
      refilledAt = now;
    }
  }
}
