package io.stocksync.store.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.report.Acknowledgement;
import io.stocksync.core.report.LocationBalance;
import io.stocksync.core.report.Movements;
import io.stocksync.core.report.ReconciliationRow;
import io.stocksync.core.report.SnapshotRow;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.WriteSets;
import io.stocksync.store.report.ReportRepository.EventCursor;
import io.stocksync.store.report.ReportRepository.EventFilter;
import io.stocksync.store.report.ReportRepository.EventPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ReportRepository} promises, on a real store: a subclass names a fresh, empty one for
 * each test ({@link #database()}). The rows are written through the ledger repository, as the
 * engine writes them.
 */
public abstract class ReportRepositoryContract {

  protected static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  /** A fresh store for this test: a SQLite path or a PostgreSQL URL. */
  protected abstract String database();

  private LedgerRepository ledger;
  private ReportRepository reports;

  @BeforeEach
  void openStore() {
    ledger = LedgerRepositories.open(database());
    ledger.commit(
        WriteSets.of(
            new AccountRow("acme", "Acme", SyncPolicy.DEFAULT, T0),
            new AccountRow("globex", "Globex", SyncPolicy.DEFAULT, T0),
            new LocationRow("acme", "WH1", "Main", true),
            new LocationRow("acme", "Q", "Quarantine", false),
            new LocationRow("globex", "WH1", "Depot", true),
            new SkuRow("acme", "MUG", "Mug", List.of(), PolicyOverride.NONE),
            new SkuRow("acme", "PLATE", "Plate", List.of(), PolicyOverride.NONE),
            new SkuRow("globex", "MUG", "Mug", List.of(), PolicyOverride.NONE)));
    reports = ReportRepository.open(database());
  }

  @AfterEach
  void closeStore() {
    if (reports != null) {
      reports.close();
      reports = null;
    }
    if (ledger != null) {
      ledger.close();
      ledger = null;
    }
  }

  /**
   * A ledger line recorded {@code second} seconds after T0; its client time is a day earlier, so a
   * report that read {@code occurred_at} instead of {@code recorded_at} would be caught.
   */
  private static LedgerRow line(
      String account,
      String id,
      EventType type,
      String sku,
      String location,
      long q,
      long dh,
      long dr,
      int second) {
    Instant recorded = T0.plusSeconds(second);
    return new LedgerRow(
        account, id, 0, type, sku, location, q, dh, dr, recorded.minusSeconds(86_400), recorded);
  }

  private static PushAttemptRow attempt(
      String channel, String sku, long q, String status, int second) {
    return new PushAttemptRow(
        "acme", channel, sku, q, 1, T0.plusSeconds(second), status, 200, null);
  }

  /** The mug's history at acme, and globex's own mug that acme must never see. */
  private void history() {
    ledger.commit(
        WriteSets.of(
            line("acme", "p1", EventType.PUTAWAY, "MUG", "WH1", 100, 100, 0, 0),
            line("acme", "o1", EventType.ORDER_PLACED, "MUG", "WH1", 5, 0, 5, 10),
            line("acme", "c1", EventType.STOCK_COUNT, "MUG", "Q", 7, 7, 0, 20),
            line("acme", "a1", EventType.ADJUSTMENT, "MUG", "WH1", -3, -3, 0, 30),
            line("acme", "s1", EventType.ORDER_SHIPPED, "MUG", "WH1", 5, -5, -5, 40),
            line("acme", "p2", EventType.PUTAWAY, "PLATE", "WH1", 12, 12, 0, 50),
            line("globex", "p1", EventType.PUTAWAY, "MUG", "WH1", 999, 999, 0, 0),
            attempt("hook", "MUG", 100, "ACKNOWLEDGED", 1),
            attempt("hook", "MUG", 95, "ACKNOWLEDGED", 11),
            attempt("hook", "MUG", 92, "FAILED", 31),
            attempt("shop", "MUG", 100, "ACKNOWLEDGED", 2)));
  }

  private List<SnapshotRow> snapshot(String account, Instant at) {
    List<SnapshotRow> rows = new ArrayList<>();
    reports.snapshot(account, at, rows::add);
    return rows;
  }

  @Test
  void aSnapshotShowsTheBalancesAsRecordedByTheInstantAndTheLatestAcknowledgements() {
    history();

    List<SnapshotRow> rows = snapshot("acme", T0.plusSeconds(35));

    assertThat(rows)
        .containsExactly(
            new SnapshotRow(
                "MUG",
                List.of(new LocationBalance("Q", 7, 0), new LocationBalance("WH1", 97, 5)),
                104,
                5,
                92,
                List.of(
                    new Acknowledgement("MUG", "hook", 95, T0.plusSeconds(11)),
                    new Acknowledgement("MUG", "shop", 100, T0.plusSeconds(2)))));
  }

  @Test
  void aSnapshotBeforeAnythingWasRecordedIsEmptyAndOneAfterEverythingMatchesTheBalances() {
    history();

    assertThat(snapshot("acme", T0.minusMillis(1))).isEmpty();
    List<SnapshotRow> now = snapshot("acme", T0.plusSeconds(3600));
    assertThat(now).extracting(SnapshotRow::sku).containsExactly("MUG", "PLATE");
    assertThat(now.get(0).locations())
        .containsExactly(new LocationBalance("Q", 7, 0), new LocationBalance("WH1", 92, 0));
    assertThat(now.get(1).locations()).containsExactly(new LocationBalance("WH1", 12, 0));
  }

  @Test
  void anotherAccountsLinesAndPushesAreNeverInASnapshot() {
    history();

    List<SnapshotRow> globex = snapshot("globex", T0.plusSeconds(3600));

    assertThat(globex)
        .containsExactly(
            new SnapshotRow(
                "MUG", List.of(new LocationBalance("WH1", 999, 0)), 999, 0, 999, List.of()));
  }

  @Test
  void aReconciliationGoesFromOpeningByTheMovementsToClosingOnEveryRow() {
    history();
    List<ReconciliationRow> rows = new ArrayList<>();

    reports.reconciliation("acme", T0.plusSeconds(5), T0.plusSeconds(40), null, rows::add);

    assertThat(rows)
        .containsExactly(
            new ReconciliationRow("MUG", "Q", 0, 0, new Movements(0, 0, 0, 0, 7, 0, 0, 0), 7, 0),
            new ReconciliationRow(
                "MUG", "WH1", 100, 0, new Movements(0, 0, 0, 3, 0, 5, 5, 0), 92, 0));
    assertThat(rows).allMatch(ReconciliationRow::balances);
  }

  @Test
  void aReconciliationOfOneSkuHasOnlyItsRows() {
    history();
    List<ReconciliationRow> rows = new ArrayList<>();

    reports.reconciliation("acme", T0, T0.plusSeconds(60), "PLATE", rows::add);

    assertThat(rows)
        .containsExactly(
            new ReconciliationRow(
                "PLATE", "WH1", 0, 0, new Movements(12, 0, 0, 0, 0, 0, 0, 0), 12, 0));
  }

  @Test
  void aPeriodThatEndsBeforeItStartsIsRefused() {
    assertThatThrownBy(() -> reports.reconciliation("acme", T0, T0.minusMillis(1), null, row -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from");
  }

  @Test
  void aSkusLinesComeNewestFirstPageByPageWithoutRepeatsOrGaps() {
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // Pairs of events share their recording instant: the cursor must tell them apart.
      rows.add(line("acme", "e" + i, EventType.PUTAWAY, "MUG", "WH1", 1, 1, 0, i / 2));
    }
    ledger.commit(WriteSets.of(rows.toArray()));

    List<String> seen = new ArrayList<>();
    EventCursor cursor = null;
    int pages = 0;
    do {
      EventPage page = reports.events("acme", "MUG", EventFilter.ALL, cursor, 3);
      page.lines().forEach(l -> seen.add(l.eventId()));
      cursor = page.next();
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactly("e6", "e5", "e4", "e3", "e2", "e1", "e0");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void aSkusLinesFilterByPeriodTypeAndLocation() {
    history();

    EventPage period =
        reports.events(
            "acme",
            "MUG",
            new EventFilter(T0.plusSeconds(10), T0.plusSeconds(30), null, null),
            null,
            100);
    EventPage counts =
        reports.events(
            "acme", "MUG", new EventFilter(null, null, EventType.STOCK_COUNT, null), null, 100);
    EventPage atWh1 =
        reports.events("acme", "MUG", new EventFilter(null, null, null, "WH1"), null, 100);

    assertThat(period.lines()).extracting(LedgerRow::eventId).containsExactly("a1", "c1");
    assertThat(period.next()).isNull();
    assertThat(counts.lines()).extracting(LedgerRow::eventId).containsExactly("c1");
    assertThat(atWh1.lines())
        .extracting(LedgerRow::eventId)
        .containsExactly("s1", "a1", "o1", "p1");
    assertThat(atWh1.lines().get(0))
        .isEqualTo(line("acme", "s1", EventType.ORDER_SHIPPED, "MUG", "WH1", 5, -5, -5, 40));
  }

  @Test
  void aSkusLinesAreOnlyItsAccounts() {
    history();

    EventPage globex = reports.events("globex", "MUG", EventFilter.ALL, null, 100);

    assertThat(globex.lines()).extracting(LedgerRow::quantity).containsExactly(999L);
  }
}
