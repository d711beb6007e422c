package io.stocksync.core.readback;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * The comparison of SPEC §12: a figure a marketplace holds for a listing against the figure it
 * should hold, the last one it acknowledged less the units that channel sold since. Pure: data in,
 * a verdict out; no clock, no I/O.
 *
 * <p>A sale counts when the channel's order feed first saw its line after the acknowledgement,
 * booked in the ledger or not yet: the marketplace lowered its figure for it, after taking the
 * figure it acknowledged. A line seen before the acknowledgement is already in the figure that was
 * pushed. A line the marketplace cancelled put its units back, so it counts for nothing.
 */
public final class DriftCheck {
  private DriftCheck() {}

  /** What the comparison says. */
  public enum Outcome {
    /** The held figure is the acknowledged one less the sales since: the marketplace agrees. */
    IN_SYNC,
    /** The held figure differs by more than the sales the feed explains. */
    DRIFT,
    /** Nothing to compare: no figure was read, or nothing was acknowledged yet. */
    UNKNOWN
  }

  /**
   * One order line of the listing on its channel, as the order feed knows it.
   *
   * @param units the line's quantity
   * @param seenAt when the feed first saw the line
   * @param cancelled whether the marketplace cancelled it (its units are back on the held figure)
   */
  public record Sale(long units, Instant seenAt, boolean cancelled) {
    public Sale {
      Objects.requireNonNull(seenAt, "seenAt");
      if (units < 0) {
        throw new IllegalArgumentException("units must not be negative");
      }
    }
  }

  /**
   * The comparison of one listing.
   *
   * @param acknowledged the last figure the marketplace acknowledged; null when none
   * @param acknowledgedAt when it did; null when unknown
   * @param soldSince the units the channel sold since then, as the feed knows them
   * @param expected what the marketplace should hold: {@code acknowledged - soldSince}, never below
   *     0 (a marketplace never sells what it does not show); null when nothing was acknowledged
   * @param held what it holds, as read; null when it could not be read
   */
  public record Verdict(
      Outcome outcome,
      Long acknowledged,
      Instant acknowledgedAt,
      long soldSince,
      Long expected,
      Long held) {

    /** Whether the figures differ. */
    public boolean drift() {
      return outcome == Outcome.DRIFT;
    }

    /** The alert's details: both figures, and where the expected one comes from. */
    public String sentence(String channelId, String sku) {
      return "channel "
          + channelId
          + " holds "
          + held
          + " of "
          + sku
          + "; expected "
          + expected
          + " (acknowledged "
          + acknowledged
          + (acknowledgedAt == null ? "" : " at " + acknowledgedAt)
          + ", less "
          + soldSince
          + " sold on the channel since)";
    }
  }

  /**
   * Compares {@code held} with {@code acknowledged} less the units of {@code sales} seen after
   * {@code acknowledgedAt}.
   *
   * @param sales every order line the feed holds for the listing (older ones are ignored here)
   */
  public static Verdict compare(
      Long acknowledged, Instant acknowledgedAt, Long held, Collection<Sale> sales) {
    long sold = 0;
    for (Sale s : sales) {
      if (!s.cancelled() && (acknowledgedAt == null || s.seenAt().isAfter(acknowledgedAt))) {
        sold = saturatedAdd(sold, s.units());
      }
    }
    if (acknowledged == null) {
      return new Verdict(Outcome.UNKNOWN, null, acknowledgedAt, sold, null, held);
    }
    long expected = Math.max(0, acknowledged - sold);
    if (held == null) {
      return new Verdict(Outcome.UNKNOWN, acknowledged, acknowledgedAt, sold, expected, null);
    }
    Outcome outcome = held == expected ? Outcome.IN_SYNC : Outcome.DRIFT;
    return new Verdict(outcome, acknowledged, acknowledgedAt, sold, expected, held);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
