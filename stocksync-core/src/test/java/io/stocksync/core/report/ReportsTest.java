package io.stocksync.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Worked examples of the snapshot and the reconciliation. */
class ReportsTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static LedgerLine line(
      String sku, String location, EventType type, long q, long dh, long dr, int minute) {
    return new LedgerLine(sku, location, type, q, dh, dr, T0.plusSeconds(60L * minute));
  }

  /** 100 put away at WH1, an order of 5, 7 counted at the quarantine: the seed's mug. */
  private static List<LedgerLine> mug() {
    return List.of(
        line("MUG", "Q", EventType.STOCK_COUNT, 7, 7, 0, 2),
        line("MUG", "WH1", EventType.PUTAWAY, 100, 100, 0, 0),
        line("MUG", "WH1", EventType.ORDER_PLACED, 5, 0, 5, 1),
        line("MUG", "WH1", EventType.ORDER_SHIPPED, 5, -5, -5, 3));
  }

  private static <T> List<T> all(Iterator<T> rows) {
    List<T> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    return list;
  }

  @Test
  void aSnapshotShowsEachLocationAndCountsOnlySellableOnesAsAvailable() {
    List<SnapshotRow> rows =
        all(
            Snapshot.rows(
                T0.plusSeconds(90),
                Set.of("WH1")::contains,
                mug().iterator(),
                List.of(
                        new Acknowledgement("MUG", "hook", 100, T0),
                        new Acknowledgement("MUG", "hook", 95, T0.plusSeconds(61)),
                        new Acknowledgement("MUG", "hook", 90, T0.plusSeconds(200)))
                    .iterator()));

    assertThat(rows).hasSize(1);
    SnapshotRow mug = rows.get(0);
    assertThat(mug.locations()).containsExactly(new LocationBalance("WH1", 100, 5));
    assertThat(mug.available()).isEqualTo(95);
    assertThat(mug.listings())
        .containsExactly(new Acknowledgement("MUG", "hook", 95, T0.plusSeconds(61)));
  }

  @Test
  void aSnapshotAfterEverythingHasTheQuarantineOnHandButNotAsAvailable() {
    SnapshotRow mug =
        all(Snapshot.rows(
                T0.plusSeconds(3600),
                Set.of("WH1")::contains,
                mug().iterator(),
                Collections.emptyIterator()))
            .get(0);

    assertThat(mug.locations())
        .containsExactly(new LocationBalance("Q", 7, 0), new LocationBalance("WH1", 95, 0));
    assertThat(mug.onHand()).isEqualTo(102);
    assertThat(mug.available()).isEqualTo(95);
  }

  @Test
  void aReconciliationPutsEachLineInItsBucketAndBalances() {
    List<ReconciliationRow> rows =
        all(Reconciliation.rows(T0.plusSeconds(30), T0.plusSeconds(180), mug().iterator()));

    assertThat(rows)
        .containsExactly(
            new ReconciliationRow("MUG", "Q", 0, 0, new Movements(0, 0, 0, 0, 7, 0, 0, 0), 7, 0),
            new ReconciliationRow(
                "MUG", "WH1", 100, 0, new Movements(0, 0, 0, 0, 0, 5, 5, 0), 95, 0));
    assertThat(rows).allMatch(ReconciliationRow::balances);
  }

  @Test
  void aRowWhoseBucketsMissALineDoesNotBalance() {
    ReconciliationRow wrong =
        new ReconciliationRow("MUG", "WH1", 100, 0, new Movements(0, 0, 0, 0, 0, 5, 0, 0), 95, 0);

    assertThat(wrong.balances()).isFalse();
  }

  @Test
  void linesOutOfOrderAreRefusedRatherThanReportedTwice() {
    List<LedgerLine> lines = new ArrayList<>(mug());
    Collections.reverse(lines);

    assertThatThrownBy(
            () -> all(Snapshot.rows(T0, l -> true, lines.iterator(), Collections.emptyIterator())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sorted");
    assertThatThrownBy(() -> all(Reconciliation.rows(T0, T0, lines.iterator())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sorted");
  }

  @Test
  void aPeriodThatEndsBeforeItStartsIsRefused() {
    assertThatThrownBy(
            () -> Reconciliation.rows(T0, T0.minusMillis(1), Collections.emptyIterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from");
  }
}
