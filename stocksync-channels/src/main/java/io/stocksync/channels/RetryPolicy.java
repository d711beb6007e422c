package io.stocksync.channels;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How failed pushes are retried (SPEC §5): exponential backoff with jitter, and a budget of charged
 * failures after which a listing is {@code FAILED}.
 *
 * <p>The n-th consecutive failure waits {@code d = min(max, base × 2^(n−1))}, jittered uniformly
 * into {@code [d/2, d]} ("equal jitter": never less than half, so a failing marketplace is not
 * hammered, and spread out so that many listings failing at once do not retry in step).
 *
 * <p>With the defaults (budget 10, base 1 s, max 60 s) a listing keeps being retried for about 3 to
 * 4 minutes, so a marketplace that is down for a minute loses nothing. Immutable.
 *
 * @param budget charged failures a listing may have before it is marked {@code FAILED}
 */
public record RetryPolicy(int budget, Duration base, Duration max) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(60));

  /** Checks the figures. */
  public RetryPolicy {
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be 1 or more");
    }
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("0 < base <= max is required");
    }
  }

  /** The wait after the {@code failures}-th consecutive failure (1 or more), jittered. */
  public Duration backoff(int failures, DoubleSupplier random) {
    int n = Math.max(1, Math.min(failures, 40));
    long baseNanos = base.toNanos();
    long d = max.toNanos();
    if (n - 1 < 62 && baseNanos <= (max.toNanos() >> (n - 1))) {
      d = baseNanos << (n - 1);
    }
    double jittered = d / 2.0 + random.getAsDouble() * (d / 2.0);
    return Duration.ofNanos((long) jittered);
  }

  /** Whether a listing with this many charged failures has used up its budget. */
  public boolean exhausted(int failures) {
    return failures >= budget;
  }
}
