package io.stocksync.emulator.storefront;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every change of a held figure an emulated marketplace made, in the order it made them: the
 * quantity writes of its inventory API, the storefront's sales and the units a cancel puts back. It
 * is what {@code GET /emulator/{m}/held} lists, so that a test or a benchmark can check from the
 * marketplace's side what a channel showed at every moment (the no-inflation rule, for one).
 *
 * <p>Thread-safe. The inventories record under their own lock, so for one listing the log's order
 * is the order in which its figure changed. Keeps at most {@link #LIMIT} changes (the oldest go).
 */
public final class HeldLog {
  /** The most changes kept: enough for a benchmark's minutes of traffic. */
  public static final int LIMIT = 2_000_000;

  /** What changed a held figure. */
  public enum Cause {
    /** a quantity written through the marketplace's inventory API (a push) */
    WRITE,
    /** a customer bought on the storefront */
    SALE,
    /** a cancelled order's units went back on the figure */
    PUT_BACK,
    /** a test or the emulate command seeded the figure */
    SEED
  }

  /**
   * One change.
   *
   * @param sequence the order of the change in this log, from 1
   * @param time when it was made, by the emulator's clock
   * @param listing the listing key (SPEC §8's shape of the marketplace)
   * @param before the figure before; null when the listing did not exist
   * @param after the figure after
   * @param cause what made the change
   */
  public record Change(
      long sequence,
      @JsonSerialize(using = ToStringSerializer.class) Instant time,
      String listing,
      Long before,
      long after,
      Cause cause) {}

  private final Clock clock;
  private final List<Change> changes = new ArrayList<>();
  private long sequence;

  public HeldLog(Clock clock) {
    this.clock = clock;
  }

  /** Records a change of {@code listing} from {@code before} (null: new) to {@code after}. */
  public synchronized void record(String listing, Long before, long after, Cause cause) {
    if (changes.size() >= LIMIT) {
      changes.subList(0, LIMIT / 10).clear();
    }
    changes.add(new Change(++sequence, clock.instant(), listing, before, after, cause));
  }

  /** The changes, oldest first; a copy. */
  public synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  /** Forgets every change (the emulator's reset). */
  public synchronized void clear() {
    changes.clear();
    sequence = 0;
  }
}
