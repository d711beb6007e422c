package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.WriteSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushPlannerTest {

  /** SKUs A..E on channel shop, each settled at 100 on hand. */
  private static Shop shopWithFiveSkus() {
    Shop shop = Shop.empty(new SyncPolicy(2000, 10, 100, 0));
    shop.location("WH1", true).channel("shop", ChannelRules.DEFAULT);
    for (String sku : List.of("A", "B", "C", "D", "E")) {
      shop.sku(sku).listing("shop", sku);
      shop.event(EventType.PUTAWAY, sku, "WH1", 100);
    }
    return shop.settle();
  }

  private static List<PendingPush> pending(Shop shop, Set<String> excluded, int limit) {
    return PushPlanner.pending(shop.account, "shop", null, excluded::contains, limit, sku -> {});
  }

  @Test
  void offersPushesToZeroFirstThenDecreasesThenIncreases() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.PUTAWAY, "A", "WH1", 5); // increase to 105
    shop.event(EventType.ORDER_PLACED, "B", "WH1", 3); // decrease to 97
    shop.event(EventType.ORDER_PLACED, "C", "WH1", 100); // to 0
    shop.event(EventType.PUTAWAY, "D", "WH1", 1); // increase to 101
    shop.event(EventType.ADJUSTMENT, "E", "WH1", -100); // to 0

    List<PendingPush> all = pending(shop, Set.of(), 10);

    assertThat(all).extracting(PendingPush::sku).containsExactly("C", "E", "B", "A", "D");
    assertThat(all)
        .extracting(PendingPush::urgency)
        .containsExactly(
            Urgency.TO_ZERO, Urgency.TO_ZERO, Urgency.DECREASE, Urgency.INCREASE, Urgency.INCREASE);
    assertThat(all.get(3).target()).isEqualTo(105);
    assertThat(all.get(3).acknowledged()).isEqualTo(100);
    assertThat(all.get(3).externalId()).isEqualTo("shop:A");
  }

  @Test
  void keepsTheMostUrgentWithinTheLimitAndSkipsExcludedListings() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.PUTAWAY, "A", "WH1", 5);
    shop.event(EventType.ORDER_PLACED, "B", "WH1", 3);
    shop.event(EventType.ORDER_PLACED, "C", "WH1", 100);

    assertThat(pending(shop, Set.of(), 2)).extracting(PendingPush::sku).containsExactly("C", "B");
    assertThat(pending(shop, Set.of("C"), 2))
        .extracting(PendingPush::sku)
        .containsExactly("B", "A");
  }

  @Test
  void offersOnlyTheLatestTargetOfAListing() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);
    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);

    List<PendingPush> all = pending(shop, Set.of(), 10);

    assertThat(all).singleElement().satisfies(p -> assertThat(p.target()).isEqualTo(98));
  }

  @Test
  void looksOnlyAtCandidatesWhenGivenAndReportsThoseWithNothingQueued() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);
    shop.event(EventType.ORDER_PLACED, "B", "WH1", 1);
    List<String> forgotten = new ArrayList<>();

    List<PendingPush> found =
        PushPlanner.pending(
            shop.account, "shop", List.of("B", "C", "NOPE"), sku -> false, 10, forgotten::add);

    assertThat(found).extracting(PendingPush::sku).containsExactly("B");
    assertThat(forgotten).containsExactly("C", "NOPE");
  }

  @Test
  void anAcknowledgementOfAnOlderVersionLeavesTheNewerTargetQueued() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);
    PendingPush first = pending(shop, Set.of(), 10).get(0);
    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);

    shop.account.acknowledge(
        "shop", "A", first.version(), first.target(), shop.now(), shop.changes);

    PendingPush next = pending(shop, Set.of(), 10).get(0);
    assertThat(next.target()).isEqualTo(98);
    assertThat(next.acknowledged()).isEqualTo(99);
    assertThat(next.version()).isGreaterThan(first.version());
  }

  @Test
  void failingAListingHidesItRaisesAnAlertAndTheNextSyncQueuesItAgain() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);
    shop.drain();

    assertThat(PushPlanner.fail(shop.account, "shop", "A", "HTTP 500", shop.now(), shop.changes))
        .isTrue();
    WriteSet writes = shop.drain();

    assertThat(writes.alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.kind().name()).isEqualTo(PushPlanner.PUSH_FAILED_ALERT));
    assertThat(shop.listingView("A", "shop").state()).isEqualTo(ListingState.FAILED);
    assertThat(pending(shop, Set.of(), 10)).isEmpty();
    assertThat(PushPlanner.failed(shop.account, null))
        .extracting(PendingPush::sku)
        .containsExactly("A");

    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);

    assertThat(pending(shop, Set.of(), 10))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.target()).isEqualTo(98);
              assertThat(p.state()).isEqualTo(ListingState.QUEUED);
            });
  }

  @Test
  void anOperatorRetryQueuesEveryFailedListingOfTheChannelAgain() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.ORDER_PLACED, "A", "WH1", 1);
    shop.event(EventType.ORDER_PLACED, "B", "WH1", 1);
    PendingPush before = pending(shop, Set.of(), 10).get(0);
    PushPlanner.fail(shop.account, "shop", "A", "x", shop.now(), shop.changes);
    PushPlanner.fail(shop.account, "shop", "B", "x", shop.now(), shop.changes);
    shop.drain();

    assertThat(PushPlanner.retryFailed(shop.account, "shop", shop.now(), shop.changes))
        .isEqualTo(2);
    WriteSet writes = shop.drain();

    assertThat(writes.pushes()).hasSize(2);
    List<PendingPush> again = pending(shop, Set.of(), 10);
    assertThat(again).extracting(PendingPush::sku).containsExactly("A", "B");
    assertThat(again.get(0).version()).isGreaterThan(before.version());
    assertThat(PushPlanner.failed(shop.account, "shop")).isEmpty();
  }

  @Test
  void failingDoesNothingOnceTheListingIsAcknowledged() {
    Shop shop = shopWithFiveSkus();

    assertThat(PushPlanner.fail(shop.account, "shop", "A", "x", shop.now(), shop.changes))
        .isFalse();
    assertThat(shop.drain().alerts()).isEmpty();
  }

  @Test
  void recordsAttemptsInTheWriteSet() {
    Shop shop = shopWithFiveSkus();
    PushAttemptRow row =
        new PushAttemptRow("acct-1", "shop", "A", 5, 2, shop.now(), "ACKNOWLEDGED", 200, null);

    PushPlanner.recordAttempt(shop.account, row, shop.changes);

    assertThat(shop.drain().attempts()).containsExactly(row);
    assertThat(shop.drain().isEmpty()).isTrue();
  }

  @Test
  void aPushThatLandsAfterASyncTookTheQueueOffIsFollowedByTheTarget() {
    Shop shop = shopWithFiveSkus();
    shop.event(EventType.PUTAWAY, "A", "WH1", 3); // 103 queued
    PendingPush inFlight = pending(shop, Set.of(), 10).get(0);
    shop.event(
        EventType.ORDER_PLACED, "A", "WH1", 3); // back to 100, which the channel acknowledged
    assertThat(pending(shop, Set.of(), 10)).isEmpty();

    shop.account.acknowledge(
        "shop", "A", inFlight.version(), inFlight.target(), shop.now(), shop.changes);

    assertThat(pending(shop, Set.of(), 10))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.target()).isEqualTo(100);
              assertThat(p.acknowledged()).isEqualTo(103);
              assertThat(p.urgency()).isEqualTo(Urgency.DECREASE);
            });
  }
}
