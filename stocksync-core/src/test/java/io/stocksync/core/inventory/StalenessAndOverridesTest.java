package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ADJUSTMENT;
import static io.stocksync.core.event.EventType.ORDER_CANCELLED;
import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.ORDER_SHIPPED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static io.stocksync.core.event.EventType.RETURN_RECEIVED;
import static io.stocksync.core.event.EventType.STOCK_COUNT;
import static io.stocksync.core.inventory.Shop.pushed;
import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.WriteSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The staleness bound (SPEC §3 step 4), driven with a fake clock, and per-SKU overrides of every
 * policy setting. Also the parts of rule (b) the worked examples leave out.
 */
class StalenessAndOverridesTest {

  private static final SyncPolicy WITH_STALENESS = new SyncPolicy(2000, 10, 100, 900);

  private static Shop holding(SyncPolicy policy, long units) {
    Shop shop = Shop.standard(policy);
    shop.event(PUTAWAY, units);
    shop.settle();
    shop.advance(Duration.ofSeconds(5));
    return shop;
  }

  @Test
  void syncsALoneTransactionAboveTheThresholdExactlyWhenItIsTheMaximumStalenessOld() {
    Shop shop = holding(WITH_STALENESS, 5000);
    Instant orderedAt = shop.now();
    shop.event(ORDER_PLACED, 1);
    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.account.nextStalenessDeadline()).isEqualTo(orderedAt.plusSeconds(900));

    assertThat(shop.account.syncStale(orderedAt.plusSeconds(900).minusMillis(1), shop.changes))
        .isZero();
    assertThat(shop.drain().isEmpty()).isTrue();
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(1);

    Instant due = orderedAt.plusSeconds(900);
    assertThat(shop.account.syncStale(due, shop.changes)).isEqualTo(1);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "MUG")).contains(4999L);
    assertThat(shop.view("MUG").sync().pending()).isZero();
    assertThat(shop.view("MUG").sync().lastSyncedAt()).isEqualTo(due);
    assertThat(shop.account.nextStalenessDeadline()).isNull();
    assertThat(shop.account.syncStale(due.plusSeconds(3600), shop.changes)).isZero();
  }

  @Test
  void measuresStalenessFromTheOldestPendingTransactionNotTheLatest() {
    Shop shop = holding(WITH_STALENESS, 5000);
    Instant first = shop.now();
    shop.event(ORDER_PLACED, 1);
    shop.advance(Duration.ofSeconds(600));
    shop.event(ORDER_PLACED, 1);

    assertThat(shop.account.nextStalenessDeadline()).isEqualTo(first.plusSeconds(900));
    assertThat(shop.account.syncStale(first.plusSeconds(900), shop.changes)).isEqualTo(1);
    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(4998L);
  }

  @Test
  void aSyncByAnotherRuleRestartsTheStalenessClock() {
    Shop shop = holding(WITH_STALENESS, 5000);
    Instant first = shop.now();
    shop.event(ORDER_PLACED, 1);
    shop.advance(Duration.ofSeconds(100));
    shop.event(ORDER_PLACED, 150); // rule (b): syncs, pending 0
    shop.advance(Duration.ofSeconds(100));
    Instant second = shop.now();
    shop.event(ORDER_PLACED, 1);
    shop.drain();

    // The first transaction's deadline passes with nothing old enough to sync.
    assertThat(shop.account.syncStale(first.plusSeconds(900), shop.changes)).isZero();
    assertThat(shop.drain().isEmpty()).isTrue();
    assertThat(shop.account.nextStalenessDeadline()).isEqualTo(second.plusSeconds(900));
    assertThat(shop.account.syncStale(second.plusSeconds(900), shop.changes)).isEqualTo(1);
  }

  @Test
  void neverSyncsByStalenessWhenItIsOff() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.event(ORDER_PLACED, 1);

    assertThat(shop.account.nextStalenessDeadline()).isNull();
    assertThat(shop.account.syncStale(shop.now().plus(Duration.ofDays(365)), shop.changes))
        .isZero();
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(1);
  }

  @Test
  void aStalenessBoundTooLargeToRepresentMeansNeverNotAtOnce() {
    Shop shop = holding(new SyncPolicy(2000, 10, 100, Long.MAX_VALUE), 5000);
    shop.event(ORDER_PLACED, 1);

    assertThat(shop.account.syncStale(shop.now().plus(Duration.ofDays(36500)), shop.changes))
        .isZero();
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(1);
  }

  @Test
  void aTransactionThatSyncsAtOnceLeavesNoStalenessDeadlineBehind() {
    Shop shop = holding(WITH_STALENESS, 1000);
    shop.event(ORDER_PLACED, 1); // at or below X: synced at once

    assertThat(shop.account.nextStalenessDeadline()).isNull();
  }

  @Test
  void aShipmentNeverStartsTheStalenessClock() {
    Shop shop = holding(WITH_STALENESS, 5000);
    shop.event(ORDER_PLACED, 150);
    shop.drain();
    shop.event(ORDER_SHIPPED, 150);

    assertThat(shop.account.nextStalenessDeadline()).isNull();
  }

  @Test
  void aSkuOverrideOfTheStalenessTakesEffectForTheTransactionsAlreadyWaiting() {
    Shop shop = holding(WITH_STALENESS, 5000);
    Instant orderedAt = shop.now();
    shop.event(ORDER_PLACED, 1);

    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(null, null, null, 60L), shop.now(), shop.changes);

    assertThat(shop.account.nextStalenessDeadline()).isEqualTo(orderedAt.plusSeconds(60));
    assertThat(shop.account.syncStale(orderedAt.plusSeconds(59), shop.changes)).isZero();
    assertThat(shop.account.syncStale(orderedAt.plusSeconds(60), shop.changes)).isEqualTo(1);
  }

  @Test
  void aSkuOverrideCanTurnTheStalenessOffForThatSkuAlone() {
    Shop shop = holding(WITH_STALENESS, 5000);
    shop.sku("LID").listing("shop", "LID");
    shop.event(PUTAWAY, "LID", "WH1", 5000);
    shop.settle();
    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(null, null, null, 0L), shop.now(), shop.changes);
    Instant orderedAt = shop.now();
    shop.event(ORDER_PLACED, "MUG", "WH1", 1);
    shop.event(ORDER_PLACED, "LID", "WH1", 1);

    assertThat(shop.account.syncStale(orderedAt.plusSeconds(900), shop.changes)).isEqualTo(1);
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(1);
    assertThat(shop.view("LID").sync().pending()).isZero();
  }

  @Test
  void anAccountPolicyChangeReschedulesTheWaitingSkus() {
    Shop shop = holding(Shop.SEED, 5000);
    Instant orderedAt = shop.now();
    shop.event(ORDER_PLACED, 1);
    assertThat(shop.account.nextStalenessDeadline()).isNull();

    shop.account.setPolicy(new SyncPolicy(2000, 10, 100, 30), shop.now(), shop.changes);

    assertThat(shop.account.nextStalenessDeadline()).isEqualTo(orderedAt.plusSeconds(30));
    assertThat(shop.drain().accounts())
        .singleElement()
        .satisfies(row -> assertThat(row.policy().maxStalenessSeconds()).isEqualTo(30));
  }

  @Test
  void aSkuOverrideOfTheThresholdTakesEffect() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(4999L, null, null, null), shop.now(), shop.changes);
    shop.drain();

    shop.event(ORDER_PLACED, 1);

    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(4999L);
  }

  @Test
  void aSkuOverrideOfTheBatchSizeTakesEffect() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(null, 3L, null, null), shop.now(), shop.changes);
    shop.drain();

    shop.event(ORDER_PLACED, 1);
    shop.event(ORDER_PLACED, 1);
    assertThat(shop.drain().pushes()).isEmpty();
    shop.event(ORDER_PLACED, 1);

    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(4997L);
  }

  @Test
  void aSkuOverrideOfTheSignificantQuantityTakesEffect() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(null, null, 5L, null), shop.now(), shop.changes);
    shop.drain();

    shop.event(ORDER_PLACED, 4);
    assertThat(shop.drain().pushes()).isEmpty();
    shop.event(ORDER_PLACED, 5);

    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(4991L);
  }

  @Test
  void overridesMergeFieldByFieldAndLeaveOtherSkusAlone() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.sku("LID");
    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(null, 3L, null, null), shop.now(), shop.changes);
    shop.account.setSkuPolicy(
        "MUG", new PolicyOverride(null, null, 5L, null), shop.now(), shop.changes);

    assertThat(shop.drain().skus())
        .last()
        .satisfies(
            row -> assertThat(row.policy()).isEqualTo(new PolicyOverride(null, 3L, 5L, null)));

    shop.event(PUTAWAY, "LID", "WH1", 5000);
    shop.drain();
    shop.event(ORDER_PLACED, "LID", "WH1", 5);
    shop.event(ORDER_PLACED, "LID", "WH1", 5);
    shop.event(ORDER_PLACED, "LID", "WH1", 5);
    assertThat(shop.view("LID").sync().pending()).isEqualTo(3);
  }

  @Test
  void aLargeNegativeAdjustmentSyncsAtOnce() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.event(ADJUSTMENT, -100);
    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(4900L);
  }

  @Test
  void anAdjustmentJustUnderTheSignificantQuantityWaits() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.event(ADJUSTMENT, -99);
    assertThat(shop.drain().pushes()).isEmpty();
    shop.event(ADJUSTMENT, 99);
    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(2);
  }

  @Test
  void aStockCountIsJudgedByHowMuchItChangedNotByTheFigureCounted() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.event(STOCK_COUNT, 4950);
    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(1);

    shop.event(STOCK_COUNT, 4850);
    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(4850L);
  }

  @Test
  void aStockCountThatChangesNothingIsNotATransaction() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.event(STOCK_COUNT, 5000);
    shop.drain();
    assertThat(shop.view("MUG").sync().pending()).isZero();
  }

  @Test
  void aLargePutawaySyncsAtOnce() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.event(PUTAWAY, 99);
    assertThat(shop.drain().pushes()).isEmpty();
    shop.event(PUTAWAY, 100);
    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(5199L);
  }

  @Test
  void largeCancellationsAndReturnsAreNotSignificantAboveTheThreshold() {
    Shop shop = holding(Shop.SEED, 5000);
    shop.event(ORDER_PLACED, 500);
    shop.settle();

    shop.event(ORDER_CANCELLED, 500);
    shop.event(RETURN_RECEIVED, 1000);
    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(2);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(4500L);
  }
}
