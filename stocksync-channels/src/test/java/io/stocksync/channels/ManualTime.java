package io.stocksync.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Time and threads a test drives: a wall clock and a monotonic clock that move only when told, a
 * scheduler whose tasks run when the monotonic clock reaches them, and an executor whose tasks run
 * when the test drains it. Nothing sleeps. {@link #stepWallClock} moves the wall clock alone, as an
 * operator or NTP stepping the system clock does. Not thread-safe: one test thread drives it.
 */
final class ManualTime extends Clock implements Scheduler, Executor {

  private Instant now = Instant.parse("2026-11-27T10:00:00Z");
  private long nanos = 1_000_000_000L;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final List<Timed> timers = new ArrayList<>();
  private long sequence;

  private record Timed(long due, long sequence, Runnable task, boolean[] cancelled) {}

  @Override
  public long nanoTime() {
    return nanos;
  }

  /** Steps the wall clock by {@code d} (negative: back), leaving monotonic time and timers be. */
  void stepWallClock(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
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
    ready.add(task);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    timers.add(
        new Timed(nanos + (delay.isNegative() ? 0 : delay.toNanos()), sequence++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Runs every ready task, and those they make ready, until none is left. */
  void drain() {
    int guard = 0;
    while (!ready.isEmpty()) {
      ready.poll().run();
      if (++guard > 1_000_000) {
        throw new AssertionError("the executor never runs dry");
      }
    }
  }

  /** Moves the clock forward, running timers as they fall due, and drains after each. */
  void advance(Duration d) {
    long end = nanos + d.toNanos();
    drain();
    while (true) {
      Timed next =
          timers.stream()
              .filter(t -> !t.cancelled()[0] && t.due() <= end)
              .min(Comparator.comparingLong(Timed::due).thenComparingLong(Timed::sequence))
              .orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      if (next.due() > nanos) {
        now = now.plusNanos(next.due() - nanos);
        nanos = next.due();
      }
      next.task().run();
      drain();
    }
    now = now.plusNanos(end - nanos);
    nanos = end;
    drain();
  }

  /** When the earliest timer not called off falls due, on the wall clock as it is now; or null. */
  Instant nextTimer() {
    return timers.stream()
        .filter(t -> !t.cancelled()[0])
        .map(Timed::due)
        .min(Comparator.naturalOrder())
        .map(due -> now.plusNanos(due - nanos))
        .orElse(null);
  }
}
