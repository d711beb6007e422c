package io.stocksync.channels;

import java.time.Duration;

/**
 * Runs a task after a delay: the dispatcher's only source of waiting, so tests drive it instead of
 * sleeping. Thread-safe.
 */
public interface Scheduler {

  /** Runs {@code task} once, {@code delay} from now (at once for zero or less). */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * The monotonic time the delays of {@link #schedule} run on, in nanoseconds from an arbitrary
   * origin (compare differences only): what the dispatcher measures its backoffs and pauses with,
   * so that a wall clock stepping back neither prolongs nor ends them. By default {@link
   * System#nanoTime()}.
   */
  default long nanoTime() {
    return System.nanoTime();
  }

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off if it has not started; harmless otherwise. */
    void cancel();
  }
}
