package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.event.EventType;
import io.stocksync.core.port.Rows.PushRow;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5: the retry budget belongs to one version of a listing's push (a newer target has its
 * own), and it survives a restart (it is kept on the push row).
 */
class RetryBudgetPerVersionTest {

  private final Shop shop = Shop.standard(Shop.SEED);

  private PushRow queueOne(long quantity) {
    shop.event(EventType.PUTAWAY, quantity);
    return shop.drain().pushes().get(0);
  }

  private PendingPush pending() {
    return PushPlanner.pending(shop.account, "shop", null, sku -> false, 10, sku -> {}).get(0);
  }

  @Test
  void theFailuresOfAVersionAreWrittenOnItsPushRow() {
    PushRow push = queueOne(5);

    PushPlanner.recordFailures(shop.account, "shop", "MUG", push.version(), 3, shop.changes);

    assertThat(shop.drain().pushes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.version()).isEqualTo(push.version());
              assertThat(p.failures()).isEqualTo(3);
            });
    assertThat(pending().failures()).isEqualTo(3);
  }

  @Test
  void aNewerTargetStartsWithItsWholeBudget() {
    PushRow first = queueOne(5);
    PushPlanner.recordFailures(shop.account, "shop", "MUG", first.version(), 9, shop.changes);
    shop.drain();

    PushRow second = queueOne(5);

    assertThat(second.version()).isGreaterThan(first.version());
    assertThat(second.failures()).isZero();
    assertThat(pending().failures()).isZero();
    // A late count for the old version does not land on the new one.
    PushPlanner.recordFailures(shop.account, "shop", "MUG", first.version(), 10, shop.changes);
    assertThat(pending().failures()).isZero();
  }

  @Test
  void anOlderVersionRunningOutOfRetriesDoesNotFailANewerTarget() {
    PushRow first = queueOne(5);
    PushRow second = queueOne(5);

    boolean marked =
        PushPlanner.fail(
            shop.account,
            "shop",
            "MUG",
            first.version(),
            "retry budget used up",
            shop.now(),
            shop.changes);

    assertThat(marked).isFalse();
    assertThat(shop.listingView("MUG", "shop").state()).isEqualTo(ListingState.QUEUED);
    assertThat(shop.drain().alerts()).isEmpty();
    assertThat(
            PushPlanner.fail(
                shop.account, "shop", "MUG", second.version(), "x", shop.now(), shop.changes))
        .isTrue();
    assertThat(shop.listingView("MUG", "shop").state()).isEqualTo(ListingState.FAILED);
  }

  @Test
  void theBudgetSpentSurvivesARestore() {
    InMemoryStore store = new InMemoryStore();
    Shop s = Shop.empty(Shop.SEED);
    s.location("WH1", true)
        .sku("MUG")
        .channel("shop", io.stocksync.core.channel.ChannelRules.DEFAULT);
    s.listing("shop", "MUG");
    s.event(EventType.PUTAWAY, 5);
    store.commit(s.drain());
    long version = store.push("shop", "MUG").version();
    PushPlanner.recordFailures(s.account, "shop", "MUG", version, 4, s.changes);
    store.commit(s.drain());

    StateLoader loader = new StateLoader((account, id) -> {});
    store.load(loader);
    AccountState restored = loader.finish().get("acct-1");

    PendingPush p =
        PushPlanner.pending(restored, "shop", null, Set.<String>of()::contains, 10, x -> {}).get(0);
    assertThat(p.version()).isEqualTo(version);
    assertThat(p.failures()).isEqualTo(4);
  }
}
