package io.stocksync.core.inventory;

import io.stocksync.core.policy.SyncPolicy;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * When each waiting SKU must sync at the latest (SPEC §3 step 4): a deadline per SKU whose oldest
 * pending transaction is bounded by a maximum staleness, earliest first. A deadline outlives its
 * purpose when the SKU syncs by another rule first; it is then dropped as it comes up.
 *
 * <p>Not thread-safe: owned by one {@link AccountState}.
 */
final class StalenessSchedule {

  /** A SKU whose oldest pending transaction (at {@code since}) must sync at {@code due}. */
  private record Deadline(long due, long since, SkuState sku) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline o) {
      return Long.compare(due, o.due);
    }
  }

  private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();

  /** Schedules {@code sku}, waiting since {@code sinceMillis}, under its effective policy. */
  void schedule(SkuState sku, long sinceMillis, SyncPolicy effective) {
    deadlines.add(
        new Deadline(dueAt(sinceMillis, effective.maxStalenessSeconds()), sinceMillis, sku));
  }

  /**
   * Takes the next deadline due by {@code nowMillis} whose SKU still waits and returns that SKU;
   * null when none is due. Deadlines passed on the way are dropped.
   */
  SkuState pollDue(long nowMillis) {
    while (!deadlines.isEmpty() && deadlines.peek().due() <= nowMillis) {
      Deadline d = deadlines.poll();
      if (isLive(d)) {
        return d.sku();
      }
    }
    return null;
  }

  /** The earliest instant a live deadline is due, or null when none is pending. */
  Instant next() {
    // Drop deadlines of SKUs that synced by another rule since: they have nothing left to do.
    while (!deadlines.isEmpty() && !isLive(deadlines.peek())) {
      deadlines.poll();
    }
    Deadline d = deadlines.peek();
    return d == null ? null : Instant.ofEpochMilli(d.due());
  }

  /** Forgets every deadline and schedules each waiting SKU anew under {@code policy}. */
  void reschedule(Iterable<SkuState> skus, SyncPolicy policy) {
    deadlines.clear();
    for (SkuState s : skus) {
      if (s.pending > 0 && s.oldestPendingAt != SkuState.NO_TIME) {
        SyncPolicy effective = policy.with(s.override);
        if (effective.hasStalenessBound()) {
          schedule(s, s.oldestPendingAt, effective);
        }
      }
    }
  }

  /**
   * {@code sinceMillis + seconds × 1000}, saturating: a bound too far out to represent means
   * "never", not an overflow into the past (which would sync at once).
   */
  private static long dueAt(long sinceMillis, long seconds) {
    long millis = seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
    long due = sinceMillis + millis;
    return sinceMillis > 0 && due < 0 ? Long.MAX_VALUE : due;
  }

  /** Whether the SKU still waits for the transaction this deadline was set for. */
  private static boolean isLive(Deadline d) {
    return d.sku().pending > 0 && d.sku().oldestPendingAt == d.since();
  }
}
