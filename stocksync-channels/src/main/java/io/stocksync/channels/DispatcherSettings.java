package io.stocksync.channels;

import java.time.Duration;

/**
 * How the dispatcher runs. Immutable.
 *
 * @param retry backoff and budget for failed pushes
 * @param requestTimeout how long a marketplace call may take before its outcome counts as unknown
 * @param defaultBatch how many pushes to take for a channel whose connector is not built yet
 */
public record DispatcherSettings(RetryPolicy retry, Duration requestTimeout, int defaultBatch) {

  public static final DispatcherSettings DEFAULT =
      new DispatcherSettings(RetryPolicy.DEFAULT, Duration.ofSeconds(30), 100);

  /** The same settings with another retry policy. */
  public DispatcherSettings withRetry(RetryPolicy policy) {
    return new DispatcherSettings(policy, requestTimeout, defaultBatch);
  }

  /** The same settings with another request timeout. */
  public DispatcherSettings withRequestTimeout(Duration timeout) {
    return new DispatcherSettings(retry, timeout, defaultBatch);
  }
}
