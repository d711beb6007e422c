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
 * Time and threads a test drives: a clock that moves only when told, a scheduler whose tasks run
 * when the clock reaches them, and an executor whose tasks run when the test drains it. Nothing
 * sleeps. Not thread-safe: one test thread drives it.
 */
final class ManualTime extends Clock implements Scheduler, Executor {

  private Instant now = Instant.parse("2026-11-27T10:00:00Z");
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final List<Timed> timers = new ArrayList<>();
  private long sequence;

  private record Timed(Instant due, long sequence, Runnable task, boolean[] cancelled) {}

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
        new Timed(
            now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task, cancelled));
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
    Instant end = now.plus(d);
    drain();
    while (true) {
      Timed next =
          timers.stream()
              .filter(t -> !t.cancelled()[0] && !t.due().isAfter(end))
              .min(Comparator.comparing(Timed::due).thenComparing(Timed::sequence))
              .orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      if (next.due().isAfter(now)) {
        now = next.due();
      }
      next.task().run();
      drain();
    }
    now = end;
    drain();
  }

  /** The earliest timer not called off, or null. */
  Instant nextTimer() {
    return timers.stream()
        .filter(t -> !t.cancelled()[0])
        .map(Timed::due)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }
}
