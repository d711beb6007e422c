package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ADJUSTMENT;
import static io.stocksync.core.event.EventType.ORDER_CANCELLED;
import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.WriteSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC §10: one open alert per kind and subject, resolved by itself when its cause clears. */
class AlertLifecycleTest {

  private Shop shop;

  @BeforeEach
  void mugWithTwentyOnHand() {
    shop = Shop.standard(SyncPolicy.DEFAULT);
    shop.event(PUTAWAY, 20);
    shop.settle();
  }

  private List<AlertRow> alerts() {
    return shop.drain().alerts();
  }

  @Test
  void opensLowStockOnceWhenAvailableFallsToItsAlertAtAndResolvesWhenItRecovers() {
    StockAlerts.setSkuThresholds(shop.account, "MUG", 10L, Map.of(), shop.now(), shop.changes);
    assertThat(alerts()).isEmpty(); // 20 > 10

    shop.event(ORDER_PLACED, 10); // available 10: at or below
    List<AlertRow> opened = alerts();
    assertThat(opened)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.LOW_STOCK);
              assertThat(a.state()).isEqualTo(AlertState.OPEN);
              assertThat(a.sku()).isEqualTo("MUG");
              assertThat(a.location()).isNull();
              assertThat(a.details()).contains("available 10").contains("alertAt 10");
            });

    shop.event(ORDER_PLACED, 3); // still low: nothing new
    assertThat(alerts()).isEmpty();

    shop.advance(Duration.ofMinutes(1));
    shop.event(ORDER_CANCELLED, 13); // back to 20
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo(opened.get(0).id());
              assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
              assertThat(a.resolvedAt()).isEqualTo(shop.now());
              assertThat(a.openedAt()).isEqualTo(opened.get(0).openedAt());
            });
    assertThat(shop.account.alerts().open()).isEmpty();
  }

  @Test
  void theAccountsDefaultAppliesToSkusWithoutTheirOwnAndASkusOwnReplacesIt() {
    shop.sku("CUP").listing("shop", "CUP");
    shop.drain();
    StockAlerts.setAccountThreshold(shop.account, 25L, shop.now(), shop.changes);
    assertThat(alerts())
        .extracting(AlertRow::sku)
        .containsExactlyInAnyOrder("MUG", "CUP"); // 20 ≤ 25 and 0 ≤ 25

    StockAlerts.setSkuThresholds(shop.account, "MUG", 5L, Map.of(), shop.now(), shop.changes);
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.sku()).isEqualTo("MUG");
              assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            });
  }

  @Test
  void aThresholdPerLocationWatchesThatLocationAlone() {
    shop.location("WH2", true);
    shop.event(PUTAWAY, "MUG", "WH2", 3);
    shop.drain();
    StockAlerts.setSkuThresholds(
        shop.account, "MUG", null, Map.of("WH2", 5L), shop.now(), shop.changes);

    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.LOW_STOCK);
              assertThat(a.location()).isEqualTo("WH2");
            });

    shop.event(ADJUSTMENT, "MUG", "WH1", -15); // WH1 falls, WH2 unchanged: nothing
    assertThat(alerts()).isEmpty();

    StockAlerts.setSkuThresholds(shop.account, "MUG", null, Map.of(), shop.now(), shop.changes);
    assertThat(alerts()).singleElement().extracting(AlertRow::state).isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void refusesANegativeThresholdOrAnUnknownLocationNamingTheFieldAndChangesNothing() {
    assertThatThrownBy(
            () ->
                StockAlerts.setSkuThresholds(
                    shop.account, "MUG", -1L, Map.of("NOPE", 3L), shop.now(), shop.changes))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder("alertAt", "alertAtLocations.NOPE"));
    WriteSet writes = shop.drain();
    assertThat(writes.alertThresholds()).isEmpty();
    assertThat(shop.account.alerts().thresholds().own("MUG")).isNull();
  }

  @Test
  void oversoldOpensForTheSkuAndTheBundlesMadeOfItAndResolvesWhenStockComesBack() {
    shop.bundle("PAIR", new Component("MUG", 2));
    shop.drain();
    shop.event(ORDER_PLACED, 25); // MUG −5, PAIR floor(−5/2) = −3
    assertThat(alerts())
        .extracting(AlertRow::kind, AlertRow::sku)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(AlertKind.OVERSOLD, "MUG"),
            org.assertj.core.groups.Tuple.tuple(AlertKind.OVERSOLD, "PAIR"));

    shop.event(ORDER_PLACED, 1); // still oversold: no second alert
    assertThat(alerts()).isEmpty();

    shop.event(PUTAWAY, 6); // MUG 0, PAIR 0: both clear
    assertThat(alerts())
        .extracting(AlertRow::sku, AlertRow::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("MUG", AlertState.RESOLVED),
            org.assertj.core.groups.Tuple.tuple("PAIR", AlertState.RESOLVED));
  }

  @Test
  void pushFailedOpensForTheListingAndResolvesWhenTheMarketplaceNextAcknowledgesIt() {
    shop.event(ORDER_PLACED, 5);
    PushRow push = shop.drain().pushes().get(0);
    PushPlanner.fail(
        shop.account, "shop", "MUG", push.version(), "HTTP 500", shop.now(), shop.changes);
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.PUSH_FAILED);
              assertThat(a.channel()).isEqualTo("shop");
              assertThat(a.sku()).isEqualTo("MUG");
            });

    shop.event(ORDER_PLACED, 1); // the next sync queues it again
    PushRow retry = shop.drain().pushes().get(0);
    shop.account.acknowledge(
        "shop", "MUG", retry.version(), retry.target(), shop.now(), shop.changes);
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.PUSH_FAILED);
              assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            });
  }

  @Test
  void aChannelLagsWhenATargetWaitsLongerThanTheBoundAndRecoversOnceAcknowledged() {
    Duration lag = ChannelAlerts.DEFAULT_LAG;
    shop.event(ORDER_PLACED, 5);
    PushRow push = shop.drain().pushes().get(0);

    ChannelAlerts.checkLag(shop.account, lag, shop.now(), shop.changes);
    assertThat(alerts()).isEmpty();
    shop.advance(lag); // exactly the bound: not yet longer than it
    ChannelAlerts.checkLag(shop.account, lag, shop.now(), shop.changes);
    assertThat(alerts()).isEmpty();
    shop.advance(ChannelAlerts.LAG_CHECK_EVERY);
    ChannelAlerts.checkLag(shop.account, lag, shop.now(), shop.changes);
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(AlertKind.CHANNEL_LAGGING);
              assertThat(a.channel()).isEqualTo("shop");
              assertThat(a.sku()).isNull();
            });

    shop.account.acknowledge(
        "shop", "MUG", push.version(), push.target(), shop.now(), shop.changes);
    shop.advance(ChannelAlerts.LAG_CHECK_EVERY);
    ChannelAlerts.checkLag(shop.account, lag, shop.now(), shop.changes);
    assertThat(alerts()).singleElement().extracting(AlertRow::state).isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void aTargetThatKeepsChangingStillLagsFromItsFirstWait() {
    Duration lag = Duration.ofSeconds(60);
    for (int i = 0; i < 20; i++) { // a new target every 5 s, never acknowledged
      shop.event(ORDER_PLACED, 1);
      ChannelAlerts.checkLag(shop.account, lag, shop.now(), shop.changes);
      shop.advance(Duration.ofSeconds(5));
    }
    assertThat(alerts()).extracting(AlertRow::kind).contains(AlertKind.CHANNEL_LAGGING);
  }

  @Test
  void credentialsRejectedOpensOncePerChannelAndTheNextAcknowledgementResolvesIt() {
    shop.event(ORDER_PLACED, 5);
    PushRow push = shop.drain().pushes().get(0);
    ChannelAlerts.credentialsRejected(shop.account, "shop", "HTTP 401", shop.now(), shop.changes);
    ChannelAlerts.credentialsRejected(shop.account, "shop", "HTTP 401", shop.now(), shop.changes);
    assertThat(alerts())
        .singleElement()
        .extracting(AlertRow::kind)
        .isEqualTo(AlertKind.CREDENTIALS_REJECTED);

    shop.account.acknowledge(
        "shop", "MUG", push.version(), push.target(), shop.now(), shop.changes);
    assertThat(alerts()).singleElement().extracting(AlertRow::state).isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void anAlertOpenWhenStoredStaysOpenAfterARestoreAndIdsAreNeverReused() {
    InMemoryStore store = new InMemoryStore();
    shop = Shop.empty(SyncPolicy.DEFAULT).location("WH1", true).sku("MUG");
    shop.event(PUTAWAY, 20);
    StockAlerts.setSkuThresholds(shop.account, "MUG", 30L, Map.of(), shop.now(), shop.changes);
    store.commit(shop.drain());
    StateLoader loader = new StateLoader((a, e) -> {});
    store.load(loader);
    AccountState restored = loader.finish().get("acct-1");
    Changes changes = new Changes();

    restored.apply(
        new io.stocksync.core.event.InventoryEvent("r-1", ORDER_PLACED, "MUG", "WH1", 1, null),
        shop.now(),
        changes);
    assertThat(changes.drain().alerts()).isEmpty(); // still open: not opened a second time

    restored.apply(
        new io.stocksync.core.event.InventoryEvent("r-2", PUTAWAY, "MUG", "WH1", 20, null),
        shop.now(),
        changes);
    restored.apply(
        new io.stocksync.core.event.InventoryEvent("r-3", ADJUSTMENT, "MUG", "WH1", -30, null),
        shop.now(),
        changes);
    List<AlertRow> rows = changes.drain().alerts();
    assertThat(rows)
        .extracting(AlertRow::state)
        .containsExactly(AlertState.RESOLVED, AlertState.OPEN);
    assertThat(rows.get(1).id()).isGreaterThan(rows.get(0).id());
  }

  @Test
  void disabledChannelsDoNotLag() {
    shop.account.putChannel(
        Shop.channelRow("shop", ChannelRules.DEFAULT, false), shop.now(), shop.changes);
    shop.event(ORDER_PLACED, 5);
    shop.drain();
    shop.advance(Duration.ofHours(1));
    ChannelAlerts.checkLag(shop.account, ChannelAlerts.DEFAULT_LAG, shop.now(), shop.changes);
    assertThat(alerts()).isEmpty();
  }
}
