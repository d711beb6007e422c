package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ORDER_CANCELLED;
import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static io.stocksync.core.event.EventType.RETURN_RECEIVED;
import static io.stocksync.core.event.EventType.STOCK_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import org.junit.jupiter.api.Test;

/**
 * The edges of the drift bound of docs/sync-policy.md, which {@link AccountStateProperties} checks
 * at random: that it is reached, that it is one-sided, how it reads for bundles, and how policy
 * changes meet it (a new X or N re-examines what waits; a lower Y applies to what comes next).
 */
class DriftBoundTest {

  /** What the channel was last told: the queued push, or what it confirmed. */
  private static long told(Shop shop, String sku) {
    SkuView.ListingView l = shop.listingView(sku, "shop");
    return l.queued() != null ? l.queued() : l.acknowledged();
  }

  private static Shop holding(long units) {
    Shop shop = Shop.standard(Shop.SEED);
    shop.event(PUTAWAY, units);
    shop.settle();
    return shop;
  }

  @Test
  void theBoundIsReachedByNMinusOneDecreasesOfYMinusOne() {
    Shop shop = holding(5000);

    for (int i = 0; i < 9; i++) {
      shop.event(ORDER_PLACED, 99);
    }

    assertThat(shop.view("MUG").available()).isEqualTo(5000 - 9 * 99);
    assertThat(told(shop, "MUG") - shop.view("MUG").available()).isEqualTo(9 * 99);
    shop.event(ORDER_PLACED, 1);
    assertThat(told(shop, "MUG")).isEqualTo(shop.view("MUG").available());
  }

  @Test
  void aStockCountIsBoundedLikeAnAdjustmentBecauseItsDeltaIsWhatCounts() {
    Shop shop = holding(5000);

    for (int i = 1; i <= 9; i++) {
      shop.event(STOCK_COUNT, 5000 - 99L * i);
    }

    assertThat(told(shop, "MUG") - shop.view("MUG").available()).isEqualTo(9 * 99);
    shop.event(STOCK_COUNT, 5000 - 99 * 9 - 100);
    assertThat(told(shop, "MUG")).isEqualTo(shop.view("MUG").available());
  }

  @Test
  void cancellationsAndReturnsOnlyEverMakeTheChannelShowLessThanIsAvailable() {
    Shop shop = holding(5000);
    shop.event(ORDER_PLACED, 3000);
    shop.settle();

    shop.event(ORDER_CANCELLED, 3000);
    shop.event(RETURN_RECEIVED, 10_000);

    // Neither is an order, adjustment or put-away: no rule (b), however large. The channel shows
    // 2000 where 15000 are available — too low, never too high.
    assertThat(shop.view("MUG").available()).isEqualTo(15_000);
    assertThat(told(shop, "MUG")).isEqualTo(2000);
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(2);
  }

  @Test
  void aBundleDriftsByAtMostTheComponentBoundInWholeBundles() {
    Shop shop = holding(5000);
    shop.bundle("PAIR", new Component("MUG", 2)).listing("shop", "PAIR");
    shop.settle();
    assertThat(told(shop, "PAIR")).isEqualTo(2500);

    for (int i = 0; i < 9; i++) {
      shop.event(ORDER_PLACED, "PAIR", "WH1", 49); // 98 MUG each: below Y
    }

    assertThat(shop.view("MUG").sync().pending()).isEqualTo(9);
    assertThat(shop.view("PAIR").available()).isEqualTo((5000 - 9 * 98) / 2);
    // ⌈9 × 99 / 2⌉ = 446 bundles at most; here 2500 − 2059 = 441.
    assertThat(told(shop, "PAIR") - shop.view("PAIR").available()).isEqualTo(441);
  }

  @Test
  void aBundleAtOrBelowXInBundlesIsNotRealTimeWhileItsComponentsAreAboveX() {
    Shop shop = holding(5000);
    shop.bundle("CRATE", new Component("MUG", 3)).listing("shop", "CRATE");
    shop.settle();

    shop.event(ORDER_PLACED, "CRATE", "WH1", 1);

    // X compares against the component's units (4997 > 2000), not the bundle's (1665).
    assertThat(shop.view("CRATE").available()).isEqualTo(1665);
    assertThat(told(shop, "CRATE")).isEqualTo(1666);
  }

  @Test
  void raisingTheThresholdAboveWhatIsAvailableSyncsWhatIsWaitingAtOnce() {
    Shop shop = holding(5000);
    for (int i = 0; i < 9; i++) {
      shop.event(ORDER_PLACED, 99);
    }
    assertThat(told(shop, "MUG")).isEqualTo(5000);

    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(6000L, null, null, null), shop.now(), shop.changes);

    // Now at or below X: real time again, without waiting for the next transaction.
    assertThat(told(shop, "MUG")).isEqualTo(4109);
    assertThat(shop.view("MUG").sync().pending()).isZero();
  }

  @Test
  void loweringTheBatchSizeToWhatIsPendingSyncsAtOnce() {
    Shop shop = holding(5000);
    for (int i = 0; i < 4; i++) {
      shop.event(ORDER_PLACED, 1);
    }

    shop.account.setPolicy(new SyncPolicy(2000, 4, 100, 0), shop.now(), shop.changes);

    assertThat(told(shop, "MUG")).isEqualTo(4996);
  }

  @Test
  void loweringTheSignificantQuantityDoesNotResyncWhatIsWaitingEither() {
    Shop shop = holding(5000);
    for (int i = 0; i < 9; i++) {
      shop.event(ORDER_PLACED, 99);
    }

    shop.account.setPolicy(new SyncPolicy(2000, 10, 2, 0), shop.now(), shop.changes);

    // The new bound would be 9 × 1 = 9; the transactions that waited under Y = 100 keep 891.
    assertThat(told(shop, "MUG") - shop.view("MUG").available()).isEqualTo(891);
  }
}
