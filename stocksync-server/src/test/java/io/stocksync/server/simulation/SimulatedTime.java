package io.stocksync.server.simulation;

import io.stocksync.channels.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The simulation's time and the dispatcher's threads, driven by the test thread alone: a clock that
 * moves only when told, timers that run when the clock reaches them, and an executor whose tasks
 * run when the simulation asks for the next one. Nothing sleeps, and the order in which tasks run
 * depends on the seed alone.
 *
 * <p>Confined to the test thread: a task handed over from any other thread would make a run depend
 * on thread timing, so it is refused loudly.
 */
final class SimulatedTime extends Clock implements Scheduler, Executor {

  private final Thread owner = Thread.currentThread();
  private Instant now;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final List<Timer> timers = new ArrayList<>();
  private long sequence;

  private static final class Timer {
    final Instant due;
    final long sequence;
    final Runnable task;
    boolean cancelled;

    Timer(Instant due, long sequence, Runnable task) {
      this.due = due;
      this.sequence = sequence;
      this.task = task;
    }
  }

  SimulatedTime(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /**
   * Monotonic time as the dispatcher's deadlines read it: the simulated clock, never the real one,
   * so a backoff or a pause ends when simulated time has passed it.
   */
  @Override
  public long nanoTime() {
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public void execute(Runnable task) {
    confined();
    ready.add(task);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    confined();
    Timer t = new Timer(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
    timers.add(t);
    return () -> t.cancelled = true;
  }

  private void confined() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "a dispatcher step was handed over from " + Thread.currentThread().getName());
    }
  }

  /** Runs the oldest ready task; false when none is ready. */
  boolean runOneReady() {
    Runnable task = ready.poll();
    if (task == null) {
      return false;
    }
    task.run();
    return true;
  }

  /**
   * Moves the clock to the earliest timer due at or before {@code end} and runs it; false when
   * there is none.
   */
  boolean runNextTimer(Instant end) {
    Timer next = null;
    for (Timer t : timers) {
      if (t.cancelled || t.due.isAfter(end)) {
        continue;
      }
      int order = next == null ? -1 : t.due.compareTo(next.due);
      if (next == null || order < 0 || (order == 0 && t.sequence < next.sequence)) {
        next = t;
      }
    }
    timers.removeIf(t -> t.cancelled);
    if (next == null) {
      return false;
    }
    timers.remove(next);
    if (next.due.isAfter(now)) {
      now = next.due;
    }
    next.task.run();
    return true;
  }

  /** Sets the clock to {@code end} (never backwards). */
  void moveTo(Instant end) {
    if (end.isAfter(now)) {
      now = end;
    }
  }

  /** Whether a timer is set (not called off). */
  boolean hasTimers() {
    return timers.stream().anyMatch(t -> !t.cancelled);
  }

  /** Forgets every timer and ready task: what a crashed process had scheduled dies with it. */
  void forgetEverything() {
    timers.clear();
    ready.clear();
  }
}
