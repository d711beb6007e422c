package io.stocksync.core.readback;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.readback.DriftCheck.Outcome;
import io.stocksync.core.readback.DriftCheck.Sale;
import io.stocksync.core.readback.DriftCheck.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of SPEC §12, figure by figure. */
class DriftCheckTest {
  private static final Instant ACK = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aHeldFigureEqualToTheAcknowledgedOneIsInSync() {
    Verdict v = DriftCheck.compare(95L, ACK, 95L, List.of());

    assertThat(v.outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(v.expected()).isEqualTo(95);
  }

  @Test
  void aFigureEditedOnTheMarketplaceIsDriftWithBothFigures() {
    Verdict v = DriftCheck.compare(95L, ACK, 120L, List.of());

    assertThat(v.outcome()).isEqualTo(Outcome.DRIFT);
    assertThat(v.expected()).isEqualTo(95);
    assertThat(v.held()).isEqualTo(120);
    assertThat(v.sentence("shop", "MUG")).contains("holds 120").contains("expected 95");
  }

  @Test
  void aSaleWhoseOrderIsLateIsDriftUntilTheFeedExplainsItThenInSync() {
    // The marketplace sold 2 after it acknowledged 95 and shows 93; the feed has not seen it yet.
    Verdict before = DriftCheck.compare(95L, ACK, 93L, List.of());
    // The feed's poll brings the line (not yet booked, or booked: either way the feed saw it).
    Verdict after =
        DriftCheck.compare(95L, ACK, 93L, List.of(new Sale(2, ACK.plusSeconds(30), false)));

    assertThat(before.outcome()).isEqualTo(Outcome.DRIFT);
    assertThat(after.outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(after.soldSince()).isEqualTo(2);
    assertThat(after.expected()).isEqualTo(93);
  }

  @Test
  void aSaleSeenBeforeTheAcknowledgementIsAlreadyInTheFigurePushed() {
    Verdict v =
        DriftCheck.compare(95L, ACK, 95L, List.of(new Sale(5, ACK.minusSeconds(60), false)));

    assertThat(v.outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(v.soldSince()).isZero();
  }

  @Test
  void aCancelledSaleCountsForNothingBecauseItsUnitsWentBack() {
    Verdict v = DriftCheck.compare(95L, ACK, 95L, List.of(new Sale(3, ACK.plusSeconds(5), true)));

    assertThat(v.outcome()).isEqualTo(Outcome.IN_SYNC);
  }

  @Test
  void aSaleThatDoesNotExplainTheWholeDifferenceIsStillDrift() {
    Verdict v = DriftCheck.compare(95L, ACK, 80L, List.of(new Sale(2, ACK.plusSeconds(5), false)));

    assertThat(v.outcome()).isEqualTo(Outcome.DRIFT);
    assertThat(v.expected()).isEqualTo(93);
  }

  @Test
  void theExpectedFigureNeverGoesBelowZero() {
    Verdict v = DriftCheck.compare(3L, ACK, 0L, List.of(new Sale(5, ACK.plusSeconds(5), false)));

    assertThat(v.outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(v.expected()).isZero();
  }

  @Test
  void nothingAcknowledgedOrNothingReadIsUnknown() {
    assertThat(DriftCheck.compare(null, null, 7L, List.of()).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(DriftCheck.compare(7L, ACK, null, List.of()).outcome()).isEqualTo(Outcome.UNKNOWN);
  }
}
