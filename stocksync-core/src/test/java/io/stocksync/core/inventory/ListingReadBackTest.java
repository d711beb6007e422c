package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.inventory.ListingReadBack.Checked;
import io.stocksync.core.inventory.ListingReadBack.Read;
import io.stocksync.core.order.OrderLineState;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.core.readback.DriftCheck.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Read-back on the account (SPEC §12): a held figure compared with the listing's acknowledged one
 * less the channel's sales since, and what a drift the feed cannot explain leads to.
 */
class ListingReadBackTest {

  /** MUG: 100 on hand, pushed and acknowledged as 100 on channel shop. */
  private static Shop acknowledged100() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.event(PUTAWAY, 100);
    shop.settle();
    shop.advance(Duration.ofMinutes(1));
    return shop;
  }

  private static Read read(long held) {
    return new Read("MUG", "shop:MUG", held);
  }

  private static OrderLineRow line(Shop shop, String order, long units, boolean booked) {
    Instant seen = shop.now();
    return new OrderLineRow(
        "acct-1",
        "shop",
        order,
        "1",
        "shop:MUG",
        null,
        units,
        OrderLineState.PLACED,
        seen,
        "MUG",
        booked ? "WH1" : null,
        booked,
        false,
        false,
        null,
        seen,
        seen);
  }

  private static List<AlertRow> alerts(WriteSet writes) {
    return writes.alerts().stream().filter(a -> a.kind() == AlertKind.DRIFT).toList();
  }

  @Test
  void aHeldFigureEqualToTheAcknowledgedOneIsInSyncAndChangesNothing() {
    Shop shop = acknowledged100();

    List<Checked> c =
        ListingReadBack.settle(
            shop.account, "shop", List.of(read(100)), true, shop.now(), shop.changes);

    assertThat(c).singleElement().extracting(Checked::outcome).isEqualTo(Outcome.IN_SYNC);
    assertThat(shop.drain().pushes()).isEmpty();
  }

  @Test
  void aFigureEditedOnTheMarketplaceIsDriftAndItsRepairPushesTheTargetAtOnce() {
    Shop shop = acknowledged100();

    // The seller typed 130 into the marketplace: no sale explains it.
    List<Checked> first =
        ListingReadBack.compare(shop.account, "shop", List.of(read(130)), shop.now(), shop.changes);
    assertThat(first).singleElement().extracting(Checked::outcome).isEqualTo(Outcome.DRIFT);
    assertThat(alerts(shop.drain())).isEmpty(); // compared only: the feed is polled first

    List<Checked> settled =
        ListingReadBack.settle(
            shop.account, "shop", List.of(read(130)), true, shop.now(), shop.changes);
    WriteSet writes = shop.drain();

    assertThat(settled.get(0).repaired()).isTrue();
    assertThat(settled.get(0).verdict().expected()).isEqualTo(100);
    assertThat(settled.get(0).verdict().held()).isEqualTo(130);
    assertThat(alerts(writes))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(AlertState.OPEN);
              assertThat(a.details()).contains("holds 130").contains("expected 100");
            });
    assertThat(Shop.pushed(writes, "shop", "MUG")).contains(100L); // a decrease: goes at once
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(130);
    assertThat(shop.listingView("MUG", "shop").state()).isEqualTo(ListingState.QUEUED);
  }

  @Test
  void theRepairsPushAcknowledgedResolvesTheDrift() {
    Shop shop = acknowledged100();
    ListingReadBack.settle(
        shop.account, "shop", List.of(read(130)), true, shop.now(), shop.changes);

    shop.settle(); // the marketplace confirms 100

    List<Checked> again =
        ListingReadBack.compare(shop.account, "shop", List.of(read(100)), shop.now(), shop.changes);
    assertThat(again.get(0).outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(shop.account.alerts().open()).noneMatch(a -> a.kind() == AlertKind.DRIFT);
  }

  @Test
  void underAlertOnlyTheDriftOpensAndNothingIsPushedUntilAReadFindsItInSync() {
    Shop shop = acknowledged100();

    ListingReadBack.settle(
        shop.account, "shop", List.of(read(130)), false, shop.now(), shop.changes);
    WriteSet writes = shop.drain();

    assertThat(alerts(writes))
        .singleElement()
        .extracting(AlertRow::state)
        .isEqualTo(AlertState.OPEN);
    assertThat(writes.pushes()).isEmpty();
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(100);

    // The seller puts 100 back by hand: the next read resolves it.
    ListingReadBack.compare(shop.account, "shop", List.of(read(100)), shop.now(), shop.changes);
    assertThat(alerts(shop.drain()))
        .singleElement()
        .extracting(AlertRow::state)
        .isEqualTo(AlertState.RESOLVED);
  }

  @Test
  void aSaleWhoseOrderIsLateIsNotDriftOnceTheFeedExplainsIt() {
    Shop shop = acknowledged100();
    // The marketplace sold 2 and shows 98; the order feed has not brought the line yet.
    assertThat(
            ListingReadBack.compare(
                    shop.account, "shop", List.of(read(98)), shop.now(), shop.changes)
                .get(0)
                .outcome())
        .isEqualTo(Outcome.DRIFT);

    // The feed's poll brings the line; not yet booked, it already explains the figure.
    shop.advance(Duration.ofSeconds(5));
    shop.account.orders().restore(line(shop, "A-1", 2, false));
    List<Checked> settled =
        ListingReadBack.settle(
            shop.account, "shop", List.of(read(98)), true, shop.now(), shop.changes);

    assertThat(settled.get(0).outcome()).isEqualTo(Outcome.IN_SYNC);
    assertThat(settled.get(0).verdict().soldSince()).isEqualTo(2);
    assertThat(alerts(shop.drain())).isEmpty();
  }

  @Test
  void aBookedSaleExplainsTheFigureToo() {
    Shop shop = acknowledged100();
    shop.advance(Duration.ofSeconds(5));
    shop.account.orders().restore(line(shop, "A-1", 3, true));

    assertThat(
            ListingReadBack.settle(
                    shop.account, "shop", List.of(read(97)), true, shop.now(), shop.changes)
                .get(0)
                .outcome())
        .isEqualTo(Outcome.IN_SYNC);
  }

  @Test
  void aRepairThatWouldRaiseTheFigureIsHeldForTheOrderFeed() {
    Shop shop = acknowledged100();
    // The channel has an order feed whose watermark is behind now.
    shop.account
        .orders()
        .restore(
            new OrderFeedRow(
                "acct-1", "shop", null, shop.now().minusSeconds(60), shop.now(), false, null));
    shop.advance(Duration.ofSeconds(1));

    // The marketplace shows 60, which no sale the feed knows explains.
    List<Checked> settled =
        ListingReadBack.settle(
            shop.account, "shop", List.of(read(60)), true, shop.now(), shop.changes);
    WriteSet writes = shop.drain();

    assertThat(settled.get(0).repaired()).isTrue();
    assertThat(Shop.pushed(writes, "shop", "MUG")).contains(100L);
    assertThat(shop.listingView("MUG", "shop").state()).isEqualTo(ListingState.HELD);
    assertThat(PushPlanner.pending(shop.account, "shop", null, sku -> false, 10, sku -> {}))
        .isEmpty();
  }

  @Test
  void aListingWithAPushInFlightIsNotCompared() {
    Shop shop = acknowledged100();
    shop.event(ORDER_PLACED, 5); // 95 queued
    PendingPush p =
        PushPlanner.pending(shop.account, "shop", null, sku -> false, 10, sku -> {}).get(0);
    PushPlanner.sending(shop.account, "shop", "MUG", p.version()); // and sent, not yet answered

    List<Checked> c =
        ListingReadBack.settle(
            shop.account, "shop", List.of(read(130)), true, shop.now(), shop.changes);

    assertThat(c.get(0).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(c.get(0).why()).contains("in flight");
    assertThat(alerts(shop.drain())).isEmpty();
  }

  @Test
  void aListingWithAPushQueuedIsComparedAndItsRepairJudgesThatPushAgainstTheHeldFigure() {
    Shop shop = acknowledged100();
    shop.event(ORDER_PLACED, 5); // 95 queued, not sent
    shop.drain();

    List<Checked> c =
        ListingReadBack.settle(
            shop.account, "shop", List.of(read(130)), true, shop.now(), shop.changes);

    assertThat(c.get(0).outcome()).isEqualTo(Outcome.DRIFT);
    assertThat(c.get(0).repaired()).isTrue();
    SkuView.ListingView l = shop.listingView("MUG", "shop");
    assertThat(l.acknowledged()).isEqualTo(130);
    assertThat(l.queued()).isEqualTo(95);
    assertThat(PushPlanner.pending(shop.account, "shop", null, sku -> false, 10, sku -> {}))
        .singleElement()
        .satisfies(p -> assertThat(p.target()).isEqualTo(95));
  }

  @Test
  void aListingMovedSinceItWasReadIsNotCompared() {
    Shop shop = acknowledged100();

    List<Checked> c =
        ListingReadBack.settle(
            shop.account,
            "shop",
            List.of(new Read("MUG", "elsewhere", 130L)),
            true,
            shop.now(),
            shop.changes);

    assertThat(c.get(0).outcome()).isEqualTo(Outcome.UNKNOWN);
  }
}
