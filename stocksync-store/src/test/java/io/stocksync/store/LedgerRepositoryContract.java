package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.event.EventType;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.AlertThresholdRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.Rows.PushRemoval;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.WriteSet;
import io.stocksync.store.RecordingVisitor.EventId;
import io.stocksync.store.RecordingVisitor.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LedgerRepository} promises, as tests. A subclass names a fresh, empty store for
 * each test ({@link #database()}) and a plain JDBC connection into it ({@link #connectDirectly()},
 * used to look at the append-only tables that {@code load} does not return).
 */
public abstract class LedgerRepositoryContract {

  protected static final Instant T0 = Instant.parse("2026-11-27T10:00:00.123Z");

  protected static final AccountRow ACME =
      new AccountRow("acme", "Acme Mugs", SyncPolicy.DEFAULT, T0);
  protected static final AccountRow GLOBEX =
      new AccountRow("globex", "Globex", new SyncPolicy(50, 3, 7, 0), T0.plusSeconds(1));

  protected static final LocationRow WH1 = new LocationRow("acme", "WH1", "Main warehouse", true);
  protected static final LocationRow QUARANTINE = new LocationRow("acme", "Q", "Quarantine", false);
  protected static final LocationRow GLOBEX_WH = new LocationRow("globex", "WH1", "Depot", true);

  protected static final SkuRow MUG =
      new SkuRow("acme", "MUG", "Blue mug", List.of(), PolicyOverride.NONE);
  protected static final SkuRow PLATE =
      new SkuRow("acme", "PLATE", "Plate", List.of(), new PolicyOverride(500L, null, 20L, null));
  protected static final SkuRow SET =
      new SkuRow(
          "acme",
          "SET",
          "Breakfast set",
          List.of(new Component("MUG", 2), new Component("PLATE", 1)),
          PolicyOverride.NONE);
  protected static final SkuRow GLOBEX_MUG =
      new SkuRow("globex", "MUG", "Mug", List.of(), new PolicyOverride(1L, 2L, 3L, 4L));

  protected static final ChannelRow SHOP =
      new ChannelRow(
          "acme",
          "shop",
          "shopify",
          "http://127.0.0.1:9000/shopify",
          "{\"locationId\":\"gid://shopify/Location/1\"}",
          "sealed-credentials",
          List.of("WH1"),
          true,
          ChannelRules.DEFAULT);
  protected static final ChannelRow HOOK =
      new ChannelRow(
          "acme",
          "hook",
          "webhook",
          null,
          null,
          null,
          List.of(),
          false,
          new ChannelRules(5, 80, 40L, 2));
  protected static final ChannelRow GLOBEX_SHOP =
      new ChannelRow(
          "globex",
          "shop",
          "woocommerce",
          "http://127.0.0.1:9000/woocommerce",
          "{}",
          "secret",
          List.of("WH1"),
          true,
          ChannelRules.DEFAULT);

  protected static final ListingRow MUG_ON_SHOP =
      new ListingRow(
          "acme",
          "shop",
          "MUG",
          "gid://shopify/InventoryItem/1",
          "{}",
          95L,
          T0.plusSeconds(5),
          ListingState.QUEUED,
          3);
  protected static final ListingRow SET_ON_HOOK =
      new ListingRow("acme", "hook", "SET", "set-1", null, null, null, ListingState.IN_SYNC, 0);
  protected static final ListingRow GLOBEX_MUG_ON_SHOP =
      new ListingRow("globex", "shop", "MUG", "17", "{}", 1L, T0, ListingState.FAILED, 1);

  protected static final LedgerRow PUTAWAY_MUGS =
      ledger("acme", "e-1", 0, EventType.PUTAWAY, "MUG", 100, 100, 0);
  protected static final LedgerRow SET_ORDER_MUGS =
      ledger("acme", "e-2", 0, EventType.ORDER_PLACED, "MUG", 4, 0, 4);
  protected static final LedgerRow SET_ORDER_PLATES =
      ledger("acme", "e-2", 1, EventType.ORDER_PLACED, "PLATE", 2, 0, 2);
  protected static final LedgerRow GLOBEX_PUTAWAY =
      ledger("globex", "e-1", 0, EventType.PUTAWAY, "MUG", 10, 10, 0);

  protected static final BalanceRow MUG_AT_WH1 = new BalanceRow("acme", "MUG", "WH1", 100, 4);
  protected static final BalanceRow PLATE_AT_WH1 = new BalanceRow("acme", "PLATE", "WH1", 0, 2);
  protected static final BalanceRow GLOBEX_MUG_AT_WH1 =
      new BalanceRow("globex", "MUG", "WH1", 10, 0);

  protected static final SkuSyncRow MUG_SYNC =
      new SkuSyncRow("acme", "MUG", 2, T0.plusSeconds(10), T0.plusSeconds(3));
  protected static final SkuSyncRow PLATE_SYNC = new SkuSyncRow("acme", "PLATE", 0, null, null);

  protected static final PushRow MUG_PUSH =
      new PushRow("acme", "shop", "MUG", 96, 3, Urgency.INCREASE, T0.plusSeconds(11));
  protected static final PushRow GLOBEX_PUSH =
      new PushRow("globex", "shop", "MUG", 0, 1, Urgency.TO_ZERO, T0.plusSeconds(12));

  protected static final AlertRow OVERSOLD =
      new AlertRow(
          "acme",
          1,
          AlertKind.OVERSOLD,
          AlertState.OPEN,
          "PLATE",
          null,
          null,
          T0.plusSeconds(13),
          null,
          "available -2");

  private LedgerRepository repository;

  /**
   * The store for the running test, as {@link LedgerRepositories#open} and {@link
   * LedgerBaseline#open} take it: fresh and empty at the start of each test, the same all through
   * it.
   */
  protected abstract String database();

  /** A plain JDBC connection into the store of {@link #database()}. */
  protected abstract Connection connectDirectly() throws SQLException;

  /** The repository on {@link #database()}, opened on first use. */
  protected LedgerRepository repository() {
    if (repository == null) {
      repository = LedgerRepositories.open(database());
    }
    return repository;
  }

  /** Closes the repository and opens a new one on the same store. */
  protected LedgerRepository reopen() {
    closeRepository();
    return repository();
  }

  @AfterEach
  protected void closeRepository() {
    if (repository != null) {
      repository.close();
      repository = null;
    }
  }

  protected static LedgerRow ledger(
      String accountId,
      String eventId,
      int line,
      EventType type,
      String sku,
      long quantity,
      long onHandDelta,
      long reservedDelta) {
    return new LedgerRow(
        accountId,
        eventId,
        line,
        type,
        sku,
        "WH1",
        quantity,
        onHandDelta,
        reservedDelta,
        T0.minusSeconds(60),
        T0);
  }

  /** Every kind of row, for both accounts. */
  protected static final PushAttemptRow MUG_ATTEMPT_THROTTLED =
      new PushAttemptRow(
          "acme", "shop", "MUG", 4, 3, T0.plusSeconds(14), "THROTTLED", 429, "THROTTLED: bucket");

  protected static final PushAttemptRow MUG_ATTEMPT_ACKNOWLEDGED =
      new PushAttemptRow(
          "acme", "shop", "MUG", 4, 3, T0.plusSeconds(15), "ACKNOWLEDGED", 200, null);
  protected static final PushAttemptRow HOOK_ATTEMPT_UNANSWERED =
      new PushAttemptRow("acme", "hook", "SET", 0, 1, T0.plusSeconds(16), "TIMEOUT", null, null);

  protected static WriteSet everything() {
    return WriteSets.of(
        ACME,
        GLOBEX,
        WH1,
        QUARANTINE,
        GLOBEX_WH,
        MUG,
        PLATE,
        SET,
        GLOBEX_MUG,
        SHOP,
        HOOK,
        GLOBEX_SHOP,
        MUG_ON_SHOP,
        SET_ON_HOOK,
        GLOBEX_MUG_ON_SHOP,
        PUTAWAY_MUGS,
        SET_ORDER_MUGS,
        SET_ORDER_PLATES,
        GLOBEX_PUTAWAY,
        MUG_AT_WH1,
        PLATE_AT_WH1,
        GLOBEX_MUG_AT_WH1,
        MUG_SYNC,
        PLATE_SYNC,
        MUG_PUSH,
        GLOBEX_PUSH,
        OVERSOLD,
        MUG_ATTEMPT_THROTTLED,
        MUG_ATTEMPT_ACKNOWLEDGED,
        HOOK_ATTEMPT_UNANSWERED);
  }

  protected RecordingVisitor load() {
    return load(accountId -> true);
  }

  protected RecordingVisitor load(Predicate<String> accounts) {
    RecordingVisitor visitor = new RecordingVisitor();
    repository().load(accounts, visitor);
    return visitor;
  }

  /** A SKU's sync state before anything was recorded for it. */
  private static SkuSyncRow neverSynced(String accountId, String sku) {
    return new SkuSyncRow(accountId, sku, 0, null, null);
  }

  @Test
  void roundTripsEveryRowTypeThroughCommitAndLoad() throws SQLException {
    repository().commit(everything());

    RecordingVisitor loaded = load();

    assertThat(loaded.accounts).containsExactlyInAnyOrder(ACME, GLOBEX);
    assertThat(loaded.locations).containsExactlyInAnyOrder(WH1, QUARANTINE, GLOBEX_WH);
    assertThat(loaded.skus).containsExactlyInAnyOrder(MUG, PLATE, SET, GLOBEX_MUG);
    assertThat(loaded.syncStates)
        .containsExactlyInAnyOrder(
            MUG_SYNC, PLATE_SYNC, neverSynced("acme", "SET"), neverSynced("globex", "MUG"));
    assertThat(loaded.balances)
        .containsExactlyInAnyOrder(MUG_AT_WH1, PLATE_AT_WH1, GLOBEX_MUG_AT_WH1);
    assertThat(loaded.channels).containsExactlyInAnyOrder(SHOP, HOOK, GLOBEX_SHOP);
    assertThat(loaded.listings)
        .containsExactlyInAnyOrder(MUG_ON_SHOP, SET_ON_HOOK, GLOBEX_MUG_ON_SHOP);
    assertThat(loaded.pushes).containsExactlyInAnyOrder(MUG_PUSH, GLOBEX_PUSH);
    assertThat(loaded.eventIds)
        .containsExactlyInAnyOrder(
            new EventId("acme", "e-1"), new EventId("acme", "e-2"), new EventId("globex", "e-1"));
    assertThat(storedLedger())
        .containsExactlyInAnyOrder(PUTAWAY_MUGS, SET_ORDER_MUGS, SET_ORDER_PLATES, GLOBEX_PUTAWAY);
    assertThat(storedAlerts()).containsExactly(OVERSOLD);
    assertThat(storedAttempts())
        .containsExactly(MUG_ATTEMPT_THROTTLED, MUG_ATTEMPT_ACKNOWLEDGED, HOOK_ATTEMPT_UNANSWERED);
  }

  @Test
  void returnsInstantsAtMillisecondPrecision() {
    Instant precise = Instant.parse("2026-11-27T10:00:00.123456789Z");
    repository()
        .commit(WriteSets.of(new AccountRow("acme", "Acme", SyncPolicy.DEFAULT, precise), WH1));

    assertThat(load().accounts)
        .containsExactly(
            new AccountRow(
                "acme", "Acme", SyncPolicy.DEFAULT, Instant.parse("2026-11-27T10:00:00.123Z")));
  }

  @Test
  void keepsNullsWhereTheRowsAllowThem() throws SQLException {
    SkuSyncRow neverSynced = new SkuSyncRow("acme", "MUG", 1, T0, null);
    SkuSyncRow nothingPending = new SkuSyncRow("acme", "PLATE", 0, null, T0);
    ListingRow neverAcknowledged =
        new ListingRow("acme", "shop", "MUG", "x", null, null, null, ListingState.QUEUED, 1);
    ChannelRow uncapped =
        new ChannelRow(
            "acme", "shop", "webhook", null, null, null, List.of(), true, ChannelRules.DEFAULT);
    SkuRow partlyOverridden =
        new SkuRow("acme", "PLATE", "Plate", List.of(), new PolicyOverride(null, 4L, null, 0L));
    AlertRow bare =
        new AlertRow(
            "acme",
            1,
            AlertKind.CHANNEL_LAGGING,
            AlertState.OPEN,
            null,
            null,
            null,
            T0,
            null,
            null);

    repository()
        .commit(
            WriteSets.of(
                ACME,
                WH1,
                MUG,
                partlyOverridden,
                uncapped,
                neverAcknowledged,
                neverSynced,
                nothingPending,
                bare));

    RecordingVisitor loaded = load();
    assertThat(loaded.syncStates).containsExactlyInAnyOrder(neverSynced, nothingPending);
    assertThat(loaded.listings).containsExactly(neverAcknowledged);
    assertThat(loaded.channels).containsExactly(uncapped);
    assertThat(loaded.channels.get(0).rules().max()).isNull();
    assertThat(loaded.skus).containsExactlyInAnyOrder(MUG, partlyOverridden);
    assertThat(storedAlerts()).containsExactly(bare);
  }

  @Test
  void upsertsReplaceBalancesSyncStatesListingsAndPushes() {
    repository().commit(everything());
    BalanceRow mugAfterShipping = new BalanceRow("acme", "MUG", "WH1", 96, 0);
    SkuSyncRow mugSynced = new SkuSyncRow("acme", "MUG", 0, null, T0.plusSeconds(20));
    ListingRow mugAcknowledged =
        new ListingRow(
            "acme",
            "shop",
            "MUG",
            "gid://shopify/InventoryItem/1",
            "{\"v\":2}",
            96L,
            T0.plusSeconds(21),
            ListingState.IN_SYNC,
            4);
    PushRow mugLower =
        new PushRow("acme", "shop", "MUG", 90, 4, Urgency.DECREASE, T0.plusSeconds(22));

    repository().commit(WriteSets.of(mugAcknowledged, mugAfterShipping, mugSynced, mugLower));

    RecordingVisitor loaded = load();
    assertThat(loaded.balances)
        .containsExactlyInAnyOrder(mugAfterShipping, PLATE_AT_WH1, GLOBEX_MUG_AT_WH1);
    assertThat(loaded.syncStates)
        .containsExactlyInAnyOrder(
            mugSynced, PLATE_SYNC, neverSynced("acme", "SET"), neverSynced("globex", "MUG"));
    assertThat(loaded.listings)
        .containsExactlyInAnyOrder(mugAcknowledged, SET_ON_HOOK, GLOBEX_MUG_ON_SHOP);
    assertThat(loaded.pushes).containsExactlyInAnyOrder(mugLower, GLOBEX_PUSH);
  }

  @Test
  void upsertsReplaceConfigurationRowsWithTheirComponentsAndChannelLocations() {
    repository().commit(everything());
    AccountRow renamed = new AccountRow("acme", "Acme Ltd", new SyncPolicy(10, 1, 1, 60), T0);
    LocationRow wh2 = new LocationRow("acme", "WH2", "Second", true);
    LocationRow quarantineNowSellable = new LocationRow("acme", "Q", "Overflow", true);
    SkuRow setOfPlates =
        new SkuRow(
            "acme",
            "SET",
            "Plate set",
            List.of(new Component("PLATE", 4)),
            new PolicyOverride(1L, null, null, null));
    SkuRow plateNoLongerOverridden =
        new SkuRow("acme", "PLATE", "Plate", List.of(), PolicyOverride.NONE);
    ChannelRow shopOnTwoLocations =
        new ChannelRow(
            "acme",
            "shop",
            "shopify",
            "http://127.0.0.1:9001/shopify",
            "{\"locationId\":\"gid://shopify/Location/2\"}",
            "new-credentials",
            List.of("WH2", "WH1"),
            false,
            new ChannelRules(1, 50, 10L, 3));
    ChannelRow hookOnOneLocation =
        new ChannelRow(
            "acme", "hook", "webhook", null, null, null, List.of("Q"), true, ChannelRules.DEFAULT);

    repository()
        .commit(
            WriteSets.of(
                renamed,
                wh2,
                quarantineNowSellable,
                setOfPlates,
                plateNoLongerOverridden,
                shopOnTwoLocations,
                hookOnOneLocation));

    RecordingVisitor loaded = load();
    assertThat(loaded.accounts).containsExactlyInAnyOrder(renamed, GLOBEX);
    assertThat(loaded.locations)
        .containsExactlyInAnyOrder(WH1, wh2, quarantineNowSellable, GLOBEX_WH);
    assertThat(loaded.skus)
        .containsExactlyInAnyOrder(MUG, plateNoLongerOverridden, setOfPlates, GLOBEX_MUG);
    assertThat(loaded.channels)
        .containsExactlyInAnyOrder(shopOnTwoLocations, hookOnOneLocation, GLOBEX_SHOP);
    assertThat(loaded.syncStates).contains(MUG_SYNC, PLATE_SYNC);
  }

  @Test
  void keepsTheLastOfTwoUpsertsOfOneKeyInAWriteSet() {
    BalanceRow first = new BalanceRow("acme", "MUG", "WH1", 1, 0);
    BalanceRow last = new BalanceRow("acme", "MUG", "WH1", 2, 1);
    PushRow firstPush = new PushRow("acme", "shop", "MUG", 5, 1, Urgency.DECREASE, T0);
    PushRow lastPush = new PushRow("acme", "shop", "MUG", 0, 2, Urgency.TO_ZERO, T0);
    SkuSyncRow firstSync = new SkuSyncRow("acme", "MUG", 1, T0, null);
    SkuSyncRow lastSync = new SkuSyncRow("acme", "MUG", 0, null, T0);
    SkuRow renamedMug = new SkuRow("acme", "MUG", "Red mug", List.of(), PolicyOverride.NONE);

    repository()
        .commit(
            WriteSets.of(
                ACME,
                WH1,
                MUG,
                renamedMug,
                SHOP,
                first,
                last,
                firstSync,
                lastSync,
                firstPush,
                lastPush));

    RecordingVisitor loaded = load();
    assertThat(loaded.skus).containsExactly(renamedMug);
    assertThat(loaded.balances).containsExactly(last);
    assertThat(loaded.syncStates).containsExactly(lastSync);
    assertThat(loaded.pushes).containsExactly(lastPush);
  }

  @Test
  void keepsTheRetryBudgetSpentOnAQueuedPushAndStartsANewVersionAtZero() {
    repository().commit(everything());
    PushRow failedThrice =
        new PushRow("acme", "shop", "MUG", 90, 4, Urgency.DECREASE, T0.plusSeconds(22), 3);
    repository().commit(WriteSets.of(failedThrice));

    assertThat(load().pushes).containsExactlyInAnyOrder(failedThrice, GLOBEX_PUSH);

    PushRow newer = new PushRow("acme", "shop", "MUG", 80, 5, Urgency.DECREASE, T0);
    repository().commit(WriteSets.of(newer));

    assertThat(load().pushes).containsExactlyInAnyOrder(newer, GLOBEX_PUSH);
    assertThat(newer.failures()).isZero();
  }

  @Test
  void pushRemovalsDeleteQueuedPushes() {
    repository().commit(everything());

    repository()
        .commit(
            WriteSets.of(
                new PushRemoval("acme", "shop", "MUG"),
                new PushRemoval("acme", "hook", "SET"))); // nothing queued: nothing to do

    assertThat(load().pushes).containsExactly(GLOBEX_PUSH);
  }

  @Test
  void removesAPushQueuedEarlierInTheSameWriteSet() {
    repository().commit(WriteSets.of(ACME, WH1, MUG, SHOP, MUG_ON_SHOP));

    repository().commit(WriteSets.of(MUG_PUSH, new PushRemoval("acme", "shop", "MUG")));

    assertThat(load().pushes).isEmpty();
  }

  @Test
  void failsAWriteSetWithALedgerKeyAlreadyStoredAndWritesNothingOfIt() throws SQLException {
    repository().commit(everything());
    RecordingVisitor before = load();
    List<LedgerRow> ledgerBefore = storedLedger();
    LedgerRow fresh = ledger("acme", "e-3", 0, EventType.ADJUSTMENT, "MUG", -1, -1, 0);
    LedgerRow again = ledger("acme", "e-1", 0, EventType.ADJUSTMENT, "MUG", 5, 5, 0);
    WriteSet withDuplicate =
        WriteSets.of(
            new AccountRow("acme", "Renamed", SyncPolicy.DEFAULT, T0),
            new SkuRow("acme", "CUP", "Cup", List.of(), PolicyOverride.NONE),
            fresh,
            again,
            new BalanceRow("acme", "MUG", "WH1", 104, 4),
            new SkuSyncRow("acme", "MUG", 0, null, T0.plusSeconds(30)),
            new PushRow("acme", "hook", "SET", 1, 1, Urgency.DECREASE, T0),
            new PushRemoval("globex", "shop", "MUG"),
            new AlertRow(
                "acme", 2, AlertKind.OVERSOLD, AlertState.OPEN, "MUG", null, null, T0, null, "x"));

    assertThatThrownBy(() -> repository().commit(withDuplicate)).isInstanceOf(StoreException.class);

    RecordingVisitor after = load();
    assertThat(after.rows).containsExactlyInAnyOrderElementsOf(before.rows);
    assertThat(storedLedger()).containsExactlyInAnyOrderElementsOf(ledgerBefore);
    assertThat(storedAlerts()).containsExactly(OVERSOLD);
    assertThat(repository().containsEvent("acme", "e-3")).isFalse();
  }

  @Test
  void failsAWriteSetThatRepeatsALedgerKeyAndWritesNothingOfIt() throws SQLException {
    repository().commit(WriteSets.of(ACME, WH1, MUG));
    LedgerRow once = ledger("acme", "e-9", 0, EventType.PUTAWAY, "MUG", 1, 1, 0);

    assertThatThrownBy(
            () ->
                repository()
                    .commit(WriteSets.of(once, once, new BalanceRow("acme", "MUG", "WH1", 2, 0))))
        .isInstanceOf(StoreException.class);

    assertThat(repository().containsEvent("acme", "e-9")).isFalse();
    assertThat(load().balances).isEmpty();
    assertThat(storedLedger()).isEmpty();
  }

  @Test
  void failsASyncStateOfAnUnknownSkuAndWritesNothingOfIt() {
    repository().commit(WriteSets.of(ACME, WH1, MUG));

    assertThatThrownBy(
            () ->
                repository()
                    .commit(
                        WriteSets.of(
                            PUTAWAY_MUGS, MUG_AT_WH1, new SkuSyncRow("acme", "NOPE", 1, T0, null))))
        .isInstanceOf(StoreException.class);

    assertThat(repository().containsEvent("acme", "e-1")).isFalse();
    assertThat(load().balances).isEmpty();
  }

  @Test
  void staysUsableAfterAFailedCommit() {
    repository().commit(WriteSets.of(ACME, WH1, MUG, PUTAWAY_MUGS));
    assertThatThrownBy(() -> repository().commit(WriteSets.of(PUTAWAY_MUGS)))
        .isInstanceOf(StoreException.class);

    repository().commit(WriteSets.of(SET_ORDER_MUGS, MUG_AT_WH1));

    assertThat(repository().containsEvent("acme", "e-2")).isTrue();
    assertThat(load().balances).containsExactly(MUG_AT_WH1);
  }

  @Test
  void appendsLedgerRowsAndNeverChangesThemAfterwards() throws SQLException {
    repository().commit(WriteSets.of(ACME, WH1, MUG, PLATE, PUTAWAY_MUGS));
    repository().commit(WriteSets.of(SET_ORDER_MUGS, SET_ORDER_PLATES));

    assertThatThrownBy(
            () ->
                repository()
                    .commit(
                        WriteSets.of(
                            ledger("acme", "e-1", 0, EventType.PUTAWAY, "MUG", 999, 999, 0))))
        .isInstanceOf(StoreException.class);

    assertThat(storedLedger())
        .containsExactlyInAnyOrder(PUTAWAY_MUGS, SET_ORDER_MUGS, SET_ORDER_PLATES);
  }

  @Test
  void refusesToUpdateOrDeleteStoredLedgerRowsEvenWithPlainSql() throws SQLException {
    repository().commit(WriteSets.of(ACME, WH1, MUG, PUTAWAY_MUGS));

    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate("UPDATE ledger SET quantity = 0"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM ledger"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }

    assertThat(storedLedger()).containsExactly(PUTAWAY_MUGS);
  }

  @Test
  void containsAnEventOnlyOnceCommittedAndOnlyForItsAccount() {
    assertThat(repository().containsEvent("acme", "e-1")).isFalse();

    repository().commit(WriteSets.of(ACME, GLOBEX, WH1, MUG, PUTAWAY_MUGS, SET_ORDER_MUGS));

    assertThat(repository().containsEvent("acme", "e-1")).isTrue();
    assertThat(repository().containsEvent("acme", "e-2")).isTrue();
    assertThat(repository().containsEvent("globex", "e-1")).isFalse();
    assertThat(repository().containsEvent("acme", "e-3")).isFalse();
  }

  @Test
  void loadsOnlyTheAccountsThePredicateAccepts() {
    repository().commit(everything());

    RecordingVisitor loaded = load(accountId -> accountId.equals("globex"));

    assertThat(loaded.accounts).containsExactly(GLOBEX);
    assertThat(loaded.locations).containsExactly(GLOBEX_WH);
    assertThat(loaded.skus).containsExactly(GLOBEX_MUG);
    assertThat(loaded.syncStates).containsExactly(neverSynced("globex", "MUG"));
    assertThat(loaded.balances).containsExactly(GLOBEX_MUG_AT_WH1);
    assertThat(loaded.channels).containsExactly(GLOBEX_SHOP);
    assertThat(loaded.listings).containsExactly(GLOBEX_MUG_ON_SHOP);
    assertThat(loaded.pushes).containsExactly(GLOBEX_PUSH);
    assertThat(loaded.eventIds).containsExactly(new EventId("globex", "e-1"));
    assertThat(load(accountId -> false).calls).isEmpty();
  }

  @Test
  void loadsInTheOrderTheVisitorDeclares() {
    repository().commit(everything());

    List<Kind> calls = load().calls;

    assertThat(calls).isSorted();
    assertThat(calls).containsAll(List.of(Kind.values()));
  }

  @Test
  void readsOneSnapshotWhileACommitGoesThroughBesideIt() {
    repository().commit(WriteSets.of(ACME, WH1, MUG, PUTAWAY_MUGS, MUG_AT_WH1));
    BalanceRow afterOrder = new BalanceRow("acme", "MUG", "WH1", 100, 4);
    RecordingVisitor during =
        new RecordingVisitor() {
          @Override
          public void account(AccountRow row) {
            super.account(row);
            // The load has begun reading: a commit must neither wait for it nor show up in it.
            repository().commit(WriteSets.of(SET_ORDER_MUGS, afterOrder));
          }
        };

    repository().load(accountId -> true, during);

    assertThat(during.balances).containsExactly(MUG_AT_WH1);
    assertThat(during.eventIds).containsExactly(new EventId("acme", "e-1"));
    RecordingVisitor after = load();
    assertThat(after.balances).containsExactly(afterOrder);
    assertThat(after.eventIds)
        .containsExactlyInAnyOrder(new EventId("acme", "e-1"), new EventId("acme", "e-2"));
  }

  @Test
  void keepsIdentifiersWithQuotesCommasBracesAndNonAsciiLettersIntact() {
    String odd = "mug \"blue\", {large} \\ 'ß' — 青";
    SkuRow sku = new SkuRow("acme", odd, odd, List.of(), PolicyOverride.NONE);
    LocationRow location = new LocationRow("acme", "WH,{1}", "Store \"1\"", true);
    BalanceRow balance = new BalanceRow("acme", odd, "WH,{1}", 7, 1);
    SkuSyncRow sync = new SkuSyncRow("acme", odd, 3, T0, null);
    LedgerRow line =
        new LedgerRow("acme", odd, 0, EventType.PUTAWAY, odd, "WH,{1}", 7, 7, 0, T0, T0);

    repository().commit(WriteSets.of(ACME, location, sku, line, balance, sync));

    RecordingVisitor loaded = load();
    assertThat(loaded.skus).containsExactly(sku);
    assertThat(loaded.balances).containsExactly(balance);
    assertThat(loaded.syncStates).containsExactly(sync);
    assertThat(loaded.eventIds).containsExactly(new EventId("acme", odd));
    assertThat(repository().containsEvent("acme", odd)).isTrue();
  }

  @Test
  void keepsEverythingAcrossClosingAndReopening() {
    repository().commit(everything());
    RecordingVisitor before = load();

    reopen();

    assertThat(load().rows).containsExactlyInAnyOrderElementsOf(before.rows);
    assertThat(repository().containsEvent("acme", "e-2")).isTrue();
  }

  @Test
  void writesNothingForAnEmptyWriteSet() {
    repository().commit(WriteSet.EMPTY);

    assertThat(load().calls).isEmpty();
  }

  @Test
  void knowsTheEventsTheBaselineInserts() throws SQLException {
    repository().commit(WriteSets.of(ACME, WH1, MUG));
    LedgerRow other = ledger("acme", "b-2", 0, EventType.ORDER_PLACED, "MUG", 1, 0, 1);

    try (LedgerBaseline baseline = LedgerBaseline.open(database())) {
      baseline.insert(List.of(PUTAWAY_MUGS, other));
      assertThatThrownBy(() -> baseline.insert(List.of(PUTAWAY_MUGS)))
          .isInstanceOf(StoreException.class);
    }

    assertThat(repository().containsEvent("acme", "e-1")).isTrue();
    assertThat(repository().containsEvent("acme", "b-2")).isTrue();
    assertThat(storedLedger()).containsExactlyInAnyOrder(PUTAWAY_MUGS, other);
  }

  /** The ledger as stored, read with plain SQL. */
  protected List<LedgerRow> storedLedger() throws SQLException {
    List<LedgerRow> rows = new ArrayList<>();
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT account_id, event_id, line, type, sku, location, quantity,"
                    + " on_hand_delta, reserved_delta, occurred_at, recorded_at FROM ledger")) {
      while (result.next()) {
        rows.add(
            new LedgerRow(
                result.getString(1),
                result.getString(2),
                result.getInt(3),
                EventType.valueOf(result.getString(4)),
                result.getString(5),
                result.getString(6),
                result.getLong(7),
                result.getLong(8),
                result.getLong(9),
                Instant.ofEpochMilli(result.getLong(10)),
                Instant.ofEpochMilli(result.getLong(11))));
      }
    }
    return rows;
  }

  /** The push attempts as stored, in the order they were written, read with plain SQL. */
  protected List<PushAttemptRow> storedAttempts() throws SQLException {
    List<PushAttemptRow> rows = new ArrayList<>();
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT account_id, channel_id, sku, quantity, version, attempted_at, status,"
                    + " http_status, error FROM push_attempts ORDER BY id")) {
      while (result.next()) {
        int http = result.getInt(8);
        Integer httpStatus = result.wasNull() ? null : http;
        rows.add(
            new PushAttemptRow(
                result.getString(1),
                result.getString(2),
                result.getString(3),
                result.getLong(4),
                result.getLong(5),
                Instant.ofEpochMilli(result.getLong(6)),
                result.getString(7),
                httpStatus,
                result.getString(9)));
      }
    }
    return rows;
  }

  /** The alerts as stored, in id order, read with plain SQL. */
  protected List<AlertRow> storedAlerts() throws SQLException {
    List<AlertRow> rows = new ArrayList<>();
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT " + AlertSql.COLUMNS + " FROM alerts ORDER BY account_id, id")) {
      while (result.next()) {
        rows.add(AlertSql.row(result));
      }
    }
    return rows;
  }

  /** The alert changes queued for delivery, as (alert id, state), in queue order. */
  protected List<String> queuedDeliveries() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT alert_id, state FROM alert_deliveries ORDER BY seq")) {
      while (result.next()) {
        rows.add(result.getLong(1) + ":" + result.getString(2));
      }
    }
    return rows;
  }

  @Test
  void keepsEachAlertsLatestStateReadsBackOnlyOpenOnesAndTheHighestId() throws SQLException {
    AlertRow lagging =
        new AlertRow(
            "acme",
            2,
            AlertKind.CHANNEL_LAGGING,
            AlertState.OPEN,
            null,
            "shop",
            null,
            T0,
            null,
            "d");
    repository().commit(WriteSets.of(ACME, WH1, MUG, OVERSOLD, lagging));
    repository().commit(WriteSets.of(OVERSOLD.resolvedAt(T0.plusSeconds(60))));

    assertThat(storedAlerts()).containsExactly(OVERSOLD.resolvedAt(T0.plusSeconds(60)), lagging);
    RecordingVisitor loaded = load();
    assertThat(loaded.openAlerts).containsExactly(lagging);
    assertThat(loaded.lastAlertIds).containsEntry("acme", 2L);
  }

  @Test
  void queuesEveryAlertChangeForDeliveryOnlyWhileTheAccountHasADestination() throws SQLException {
    repository().commit(WriteSets.of(ACME, WH1, MUG, OVERSOLD));
    assertThat(queuedDeliveries()).isEmpty();
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO alert_destinations (account_id, url, secret, updated_at)"
              + " VALUES ('acme', 'http://127.0.0.1:1/a', 'sealed', 0)");
    }
    AlertRow second =
        new AlertRow(
            "acme", 2, AlertKind.LOW_STOCK, AlertState.OPEN, "MUG", null, "WH1", T0, null, "d");
    // opened and resolved in one batch: one row, resolved; two changes to deliver
    repository()
        .commit(
            WriteSets.of(
                OVERSOLD.resolvedAt(T0.plusSeconds(20)),
                second,
                second.resolvedAt(T0.plusSeconds(21))));

    assertThat(queuedDeliveries()).containsExactly("1:RESOLVED", "2:OPEN", "2:RESOLVED");
    assertThat(storedAlerts()).contains(second.resolvedAt(T0.plusSeconds(21)));
  }

  @Test
  void keepsAlertThresholdsAndDeletesThoseSetToNull() {
    repository()
        .commit(
            WriteSets.of(
                ACME,
                WH1,
                MUG,
                new AlertThresholdRow("acme", null, null, 7L),
                new AlertThresholdRow("acme", "MUG", null, 5L),
                new AlertThresholdRow("acme", "MUG", "WH1", 2L)));
    repository().commit(WriteSets.of(new AlertThresholdRow("acme", "MUG", null, null)));

    assertThat(load().thresholds)
        .containsExactlyInAnyOrder(
            new AlertThresholdRow("acme", null, null, 7L),
            new AlertThresholdRow("acme", "MUG", "WH1", 2L));
  }
}
