package io.stocksync.channels;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on real time: one timer thread that hands each due task to {@code executor}.
 * Thread-safe; {@link #close()} stops the timer.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

  private final ScheduledExecutorService timer;
  private final Executor executor;
  private final double speedUp;
  private final long started = System.nanoTime();

  /** Runs due tasks on {@code executor}. */
  public ExecutorScheduler(Executor executor) {
    this(executor, 1);
  }

  /**
   * Runs due tasks on {@code executor}, each delay divided by {@code speedUp} (for tests that run a
   * minute of marketplace time in a second, with a clock sped up alike).
   */
  public ExecutorScheduler(Executor executor, double speedUp) {
    if (!(speedUp > 0)) {
      throw new IllegalArgumentException("speedUp must be positive");
    }
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "stocksync-dispatch-timer");
              thread.setDaemon(true);
              return thread;
            });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.executor = executor;
    this.speedUp = speedUp;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long nanos = (long) (Math.max(0, delay.toNanos()) / speedUp);
    ScheduledFuture<?> f =
        timer.schedule(() -> executor.execute(task), nanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** {@link System#nanoTime()}, sped up like the delays: time as the scheduled tasks see it. */
  @Override
  public long nanoTime() {
    long now = System.nanoTime();
    return speedUp == 1 ? now : started + (long) ((now - started) * speedUp);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
