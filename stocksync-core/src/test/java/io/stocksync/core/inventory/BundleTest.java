package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ORDER_CANCELLED;
import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.ORDER_SHIPPED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static io.stocksync.core.event.EventType.RETURN_RECEIVED;
import static io.stocksync.core.inventory.Shop.pushed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.WriteSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bundles (SPEC §2, §4): events expand over components; targets follow the scarcest one. */
class BundleTest {

  private Shop shop;

  /** GIFT = 2 MUG + 3 LID, listed on {@code shop}; MUG and LID listed too. Policy: the seed's. */
  @BeforeEach
  void setUp() {
    shop = Shop.standard(Shop.SEED);
    shop.sku("LID").listing("shop", "LID");
    shop.bundle("GIFT", new Component("MUG", 2), new Component("LID", 3));
    shop.listing("shop", "GIFT");
    shop.event(PUTAWAY, "MUG", "WH1", 5000);
    shop.event(PUTAWAY, "LID", "WH1", 9000);
    shop.settle();
  }

  @Test
  void anOrderForABundleReservesEachComponentTimesItsQuantityOneLedgerLineEach() {
    assertThat(shop.event(ORDER_PLACED, "GIFT", "WH1", 7).status()).isEqualTo(Status.APPLIED);
    WriteSet writes = shop.drain();

    assertThat(writes.ledger())
        .extracting(
            LedgerRow::line,
            LedgerRow::sku,
            LedgerRow::quantity,
            LedgerRow::onHandDelta,
            LedgerRow::reservedDelta,
            LedgerRow::type)
        .containsExactly(
            tuple(0, "MUG", 14L, 0L, 14L, ORDER_PLACED),
            tuple(1, "LID", 21L, 0L, 21L, ORDER_PLACED));
    assertThat(shop.view("MUG").reserved()).isEqualTo(14);
    assertThat(shop.view("LID").reserved()).isEqualTo(21);
    assertThat(shop.view("GIFT").onHand()).isZero();
    assertThat(shop.view("GIFT").locations()).isEmpty();
    assertThat(shop.view("GIFT").available()).isEqualTo(Math.min((5000 - 14) / 2, (9000 - 21) / 3));
  }

  @Test
  void countsOneTransactionPerComponentTowardsEachComponentsBatch() {
    shop.event(ORDER_PLACED, "GIFT", "WH1", 1);
    shop.drain();

    assertThat(shop.view("MUG").sync().pending()).isEqualTo(1);
    assertThat(shop.view("LID").sync().pending()).isEqualTo(1);
    assertThat(shop.view("GIFT").sync().pending()).isZero();
  }

  @Test
  void comparesTheSignificantQuantityAgainstComponentUnits() {
    // 34 bundles take 68 MUG (< Y = 100) and 102 LID (≥ Y): LID syncs at once, MUG waits.
    shop.event(ORDER_PLACED, "GIFT", "WH1", 34);
    WriteSet writes = shop.drain();

    assertThat(shop.view("LID").sync().pending()).isZero();
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(1);
    assertThat(pushed(writes, "shop", "LID")).contains(9000L - 102);
    assertThat(pushed(writes, "shop", "MUG")).isEmpty();
    // LID's sync recomputes the bundle's listing too, from both components as they are now.
    assertThat(pushed(writes, "shop", "GIFT"))
        .contains(Math.min((5000L - 68) / 2, (9000L - 102) / 3));
  }

  @Test
  void aBundleTargetIsTheFewestWholeBundlesTheComponentsAllow() {
    // MUG 5000 → 2500 bundles, LID 9000 → 3000 bundles.
    assertThat(shop.listingView("GIFT", "shop").acknowledged()).isEqualTo(2500L);
    assertThat(shop.view("GIFT").available()).isEqualTo(2500);

    shop.event(ORDER_PLACED, "LID", "WH1", 1600);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "GIFT")).contains(7400L / 3);
    assertThat(shop.listingView("GIFT", "shop").target()).isEqualTo(2466);
  }

  @Test
  void aBundleTargetFollowsTheChannelsRules() {
    shop.channel("half", new ChannelRules(10, 50, 1000L, 0)).listing("half", "GIFT");

    WriteSet writes = shop.drain();

    // floor((2500 − 10) × 50 / 100) = 1245, under the cap of 1000 → 1000
    assertThat(pushed(writes, "half", "GIFT")).contains(1000L);
  }

  @Test
  void cancellingShippingAndReturningABundleExpandOverItsComponents() {
    shop.event(ORDER_PLACED, "GIFT", "WH1", 10);
    shop.event(ORDER_CANCELLED, "GIFT", "WH1", 4);
    assertThat(shop.view("MUG").reserved()).isEqualTo(12);
    assertThat(shop.view("LID").reserved()).isEqualTo(18);

    shop.event(ORDER_SHIPPED, "GIFT", "WH1", 6);
    assertThat(shop.view("MUG").reserved()).isZero();
    assertThat(shop.view("MUG").onHand()).isEqualTo(4988);
    assertThat(shop.view("LID").onHand()).isEqualTo(8982);

    shop.event(RETURN_RECEIVED, "GIFT", "WH1", 1);
    assertThat(shop.view("MUG").onHand()).isEqualTo(4990);
    assertThat(shop.view("LID").onHand()).isEqualTo(8985);
    assertThat(shop.drain().ledger()).hasSize(8);
  }

  @Test
  void aComponentsSyncAtOrBelowTheThresholdRefreshesTheBundleListing() {
    shop.event(EventType.ADJUSTMENT, "MUG", "WH1", -3001);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "MUG")).contains(1999L);
    assertThat(pushed(writes, "shop", "GIFT")).contains(999L);
  }

  @Test
  void aBundleOfAnOversoldComponentIsSentZero() {
    shop.event(ORDER_PLACED, "MUG", "WH1", 5003);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "MUG")).contains(0L);
    assertThat(pushed(writes, "shop", "GIFT")).contains(0L);
    assertThat(shop.listingView("GIFT", "shop").target()).isZero();
  }

  @Test
  void aBundleShowsItsAvailableAsSpecSectionFourComputesItEvenWhenOversold() {
    // SPEC §1: a bundle's available is §4's min over components of floor(available / quantity),
    // so an oversold component (−3 MUG, 2 per bundle) makes the bundle show floor(−3 / 2) = −2.
    shop.event(ORDER_PLACED, "MUG", "WH1", 5003);

    assertThat(shop.view("MUG").available()).isEqualTo(-3);
    assertThat(shop.view("GIFT").available()).isEqualTo(-2);
    assertThat(shop.account.available("GIFT")).isEqualTo(-2);
  }

  @Test
  void refusesToNestBundlesOrToTurnAStockedSkuIntoABundle() {
    assertThatThrownBy(() -> shop.bundle("BOX", new Component("GIFT", 1)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> shop.bundle("MUG", new Component("LID", 1)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> shop.bundle("BOX", new Component("LID", 1), new Component("LID", 2)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> shop.bundle("BOX", new Component("LID", 0)))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(
            e ->
                assertThat(((InvalidRequestException) e).errors())
                    .extracting(FieldError::field)
                    .containsExactly("components[0].quantity"));
    assertThat(shop.account.hasSku("BOX")).isFalse();
    assertThat(shop.view("GIFT").components())
        .isEqualTo(List.of(new Component("MUG", 2), new Component("LID", 3)));
  }
}
