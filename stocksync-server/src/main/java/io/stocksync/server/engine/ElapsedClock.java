package io.stocksync.server.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock that reads the wall clock once, at its making, and from then on moves by monotonic time
 * only ({@link System#nanoTime()} by default). The engine and the push dispatcher run on it, so
 * that the deadlines they keep (staleness bounds, backoffs, pauses, rate-limit windows, token
 * lifetimes) follow time as it passes: a system clock stepped back an hour neither holds them an
 * hour longer, nor does one stepped forward fire them early. The price: after such a step, the
 * times it stamps (ledger and attempt rows) stay on the old reckoning until the process restarts.
 *
 * <p>Immutable and thread-safe, as its time source is.
 */
public final class ElapsedClock extends Clock {

  private final Instant anchor;
  private final long origin;
  private final LongSupplier nanoTime;

  /**
   * A clock starting at {@code wall}'s instant now and moving with {@code nanoTime} (nanoseconds
   * from any origin; only differences count).
   */
  public ElapsedClock(Clock wall, LongSupplier nanoTime) {
    this.anchor = wall.instant();
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
  }

  /** A clock starting at the system's UTC time now and moving with {@link System#nanoTime()}. */
  public static ElapsedClock systemUTC() {
    return new ElapsedClock(Clock.systemUTC(), System::nanoTime);
  }

  @Override
  public Instant instant() {
    return anchor.plusNanos(nanoTime.getAsLong() - origin);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("an ElapsedClock keeps UTC");
  }
}
