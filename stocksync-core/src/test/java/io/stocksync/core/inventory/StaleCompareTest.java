package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A compare-and-set refused as stale, with the figure the marketplace was found to hold: that is
 * what the channel shows now, and the target is judged against it (SPEC §5). A decrease computed
 * from the ledger can still be above what a marketplace that sold units the ledger has not heard of
 * shows: it must not go as it was.
 */
class StaleCompareTest {

  /** MUG: 10 on hand, acknowledged 10 on shop, whose order feed is behind now. */
  private static Shop acknowledged10() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.event(PUTAWAY, 10);
    shop.settle();
    shop.account
        .orders()
        .restore(
            new OrderFeedRow(
                "acct-1", "shop", null, shop.now().minusSeconds(60), shop.now(), false, null));
    shop.advance(Duration.ofSeconds(1));
    return shop;
  }

  private static PendingPush queued(Shop shop) {
    List<PendingPush> p = PushPlanner.pending(shop.account, "shop", null, s -> false, 10, s -> {});
    assertThat(p).hasSize(1);
    return p.get(0);
  }

  @Test
  void aDecreaseAboveWhatTheMarketplaceHoldsWaitsForTheFeedInsteadOfRaisingIt() {
    Shop shop = acknowledged10();
    shop.event(ORDER_PLACED, 2); // another channel's sale: 8, a decrease from 10
    PendingPush decrease = queued(shop);
    assertThat(decrease.target()).isEqualTo(8);
    PushPlanner.sending(shop.account, "shop", "MUG", decrease.version());
    PushPlanner.answered(shop.account, "shop", "MUG", decrease.version());

    // The marketplace refused the compare: it holds 6 (it sold 4 the ledger has not heard of).
    InflationGuard.staleCompare(
        shop.account, "shop", "MUG", decrease.version(), 6, shop.now(), shop.changes);

    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(6);
    // 8 over 6 would sell 2 of the 4 again: an increase now, held until the feed catches up.
    assertThat(shop.listingView("MUG", "shop").state()).isEqualTo(ListingState.HELD);
    assertThat(PushPlanner.pending(shop.account, "shop", null, s -> false, 10, s -> {})).isEmpty();
  }

  @Test
  void aDecreaseBelowWhatTheMarketplaceHoldsGoesAgainAtOnceComparedAgainstIt() {
    Shop shop = acknowledged10();
    shop.event(ORDER_PLACED, 2);
    PendingPush decrease = queued(shop);
    PushPlanner.sending(shop.account, "shop", "MUG", decrease.version());
    PushPlanner.answered(shop.account, "shop", "MUG", decrease.version());

    // The seller typed 15 in the marketplace's admin: 8 is still a decrease, and urgent.
    InflationGuard.staleCompare(
        shop.account, "shop", "MUG", decrease.version(), 15, shop.now(), shop.changes);

    PendingPush again = queued(shop);
    assertThat(again.target()).isEqualTo(8);
    assertThat(again.acknowledged()).isEqualTo(15);
  }

  @Test
  void aMarketplaceAlreadyHoldingTheTargetIsInSync() {
    Shop shop = acknowledged10();
    shop.event(ORDER_PLACED, 2);
    PendingPush decrease = queued(shop);
    PushPlanner.sending(shop.account, "shop", "MUG", decrease.version());
    PushPlanner.answered(shop.account, "shop", "MUG", decrease.version());

    InflationGuard.staleCompare(
        shop.account, "shop", "MUG", decrease.version(), 8, shop.now(), shop.changes);

    assertThat(shop.listingView("MUG", "shop").state()).isEqualTo(ListingState.IN_SYNC);
    assertThat(PushPlanner.pending(shop.account, "shop", null, s -> false, 10, s -> {})).isEmpty();
  }

  @Test
  void anAcknowledgementAfterTheRefusalDoesNotLetAnIncreaseGoBeforeTheFeedPassesIt() {
    Shop shop = acknowledged10();
    shop.event(ORDER_PLACED, 2);
    PendingPush decrease = queued(shop);
    PushPlanner.sending(shop.account, "shop", "MUG", decrease.version());
    PushPlanner.answered(shop.account, "shop", "MUG", decrease.version());
    // Shopify holds 9: it sold 1 the ledger has not heard of (and the decrease to 8 was refused).
    InflationGuard.staleCompare(
        shop.account, "shop", "MUG", decrease.version(), 9, shop.now(), shop.changes);
    PendingPush again = queued(shop);
    PushPlanner.sending(shop.account, "shop", "MUG", again.version());
    shop.account.acknowledge("shop", "MUG", again.version(), 8, shop.now(), shop.changes);
    shop.advance(Duration.ofSeconds(1));

    // A put-away: 13 over the acknowledged 8. Shopify would accept a compare against 8, but 8
    // counts the unbooked sale: 13 would put it back. It waits for the feed.
    shop.event(PUTAWAY, 5);

    assertThat(shop.listingView("MUG", "shop").state()).isEqualTo(ListingState.HELD);
    assertThat(PushPlanner.pending(shop.account, "shop", null, s -> false, 10, s -> {})).isEmpty();
  }
}
