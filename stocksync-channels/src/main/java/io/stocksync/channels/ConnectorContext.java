package io.stocksync.channels;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleSupplier;

/**
 * What connectors share: one HTTP client, the clock, the time a call may take, the random source
 * for jitter, and the scheduler a connector waits with (a connector whose marketplace answers
 * later, such as Amazon's feeds, polls with it; tests drive it instead of sleeping). Immutable;
 * thread-safe as its parts are.
 *
 * @param requestTimeout how long a call may take before it counts as a timeout (outcome unknown)
 * @param random uniform in [0, 1), for jitter
 * @param scheduler runs a connector's delayed steps; pass the dispatcher's
 */
public record ConnectorContext(
    HttpClient http,
    Clock clock,
    Duration requestTimeout,
    DoubleSupplier random,
    Scheduler scheduler) {

  /**
   * A context whose scheduler runs on real time (one shared daemon timer thread, tasks on the
   * common pool). Kept so that callers written before the scheduler was added still compile; prefer
   * the full constructor with the dispatcher's scheduler.
   */
  public ConnectorContext(
      HttpClient http, Clock clock, Duration requestTimeout, DoubleSupplier random) {
    this(http, clock, requestTimeout, random, RealTime.SCHEDULER);
  }

  /** The same context with another scheduler. */
  public ConnectorContext withScheduler(Scheduler other) {
    return new ConnectorContext(http, clock, requestTimeout, random, other);
  }

  /** Created on first use only. */
  private static final class RealTime {
    static final Scheduler SCHEDULER = new ExecutorScheduler(ForkJoinPool.commonPool());
  }
}
