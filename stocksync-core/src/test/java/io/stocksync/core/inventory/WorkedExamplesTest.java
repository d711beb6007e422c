package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.ORDER_SHIPPED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static io.stocksync.core.inventory.Shop.pushed;
import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.port.WriteSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worked examples of SPEC §3 (X=2000, N=10, Y=100, T off), each as the spec words it. */
class WorkedExamplesTest {

  /** Puts {@code units} in and has the channel confirm the resulting push, so it "shows" them. */
  private static Shop shopHolding(long units) {
    Shop shop = Shop.standard(Shop.SEED);
    assertThat(shop.event(PUTAWAY, units).status()).isEqualTo(Status.APPLIED);
    shop.settle();
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(units);
    assertThat(shop.view("MUG").sync().pending()).isZero();
    shop.advance(Duration.ofSeconds(1));
    return shop;
  }

  @Test
  void sendsEveryChannelNinetyFiveWhenAnOrderOfFiveLeavesNinetyFiveOfAHundred() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.channel("amazon", ChannelRules.DEFAULT).listing("amazon", "MUG");
    shop.event(PUTAWAY, 100);
    shop.settle();

    shop.event(ORDER_PLACED, 5);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "MUG")).contains(95L);
    assertThat(pushed(writes, "amazon", "MUG")).contains(95L);
    assertThat(shop.view("MUG").available()).isEqualTo(95);
    assertThat(shop.view("MUG").sync().pending()).isZero();
    assertThat(shop.view("MUG").listings())
        .allSatisfy(
            l -> {
              assertThat(l.queued()).isEqualTo(95L);
              assertThat(l.target()).isEqualTo(95);
              assertThat(l.state()).isEqualTo(ListingState.QUEUED);
            });
  }

  @Test
  void waitsForTheTenthTransactionAboveTheThreshold() {
    Shop shop = shopHolding(5000);

    for (int i = 1; i <= 9; i++) {
      shop.event(ORDER_PLACED, 1);
      WriteSet writes = shop.drain();
      assertThat(writes.pushes()).as("push after order %d", i).isEmpty();
      assertThat(shop.view("MUG").sync().pending()).isEqualTo(i);
    }
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(5000L);
    assertThat(shop.listingView("MUG", "shop").queued()).isNull();
    assertThat(shop.view("MUG").available()).isEqualTo(4991);

    shop.event(ORDER_PLACED, 1);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "MUG")).contains(4990L);
    assertThat(shop.view("MUG").sync().pending()).isZero();
    assertThat(shop.view("MUG").sync().lastSyncedAt()).isEqualTo(shop.now());
  }

  @Test
  void syncsAtOnceWhenAnOrderIsAtLeastTheSignificantQuantity() {
    Shop shop = shopHolding(5000);

    shop.event(ORDER_PLACED, 150);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "MUG")).contains(4850L);
    assertThat(shop.view("MUG").sync().pending()).isZero();
  }

  @Test
  void syncsAtOnceWhenAnOrderTakesAvailableBelowTheThreshold() {
    Shop shop = shopHolding(2005);

    shop.event(ORDER_PLACED, 10);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "shop", "MUG")).contains(1995L);
    assertThat(shop.view("MUG").sync().pending()).isZero();
  }

  @Test
  void treatsExactlyTheThresholdAsAtOrBelow() {
    Shop shop = shopHolding(2001);

    shop.event(ORDER_PLACED, 1);
    WriteSet writes = shop.drain();

    assertThat(shop.view("MUG").available()).isEqualTo(2000);
    assertThat(pushed(writes, "shop", "MUG")).contains(2000L);
    assertThat(shop.view("MUG").sync().pending()).isZero();
  }

  @Test
  void doesNotCountAShipmentAsATransactionBecauseAvailableDoesNotChange() {
    Shop shop = shopHolding(5000);
    for (int i = 0; i < 9; i++) {
      shop.event(ORDER_PLACED, 1);
    }
    shop.drain();

    assertThat(shop.event(ORDER_SHIPPED, 1).status()).isEqualTo(Status.APPLIED);
    WriteSet writes = shop.drain();

    assertThat(writes.pushes()).isEmpty();
    assertThat(writes.ledger()).hasSize(1);
    assertThat(shop.view("MUG").sync().pending()).isEqualTo(9);
    assertThat(shop.view("MUG").available()).isEqualTo(4991);
    assertThat(shop.view("MUG").onHand()).isEqualTo(4999);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(5000L);
  }

  @Test
  void theTenthTransactionAfterTheShipmentStillSyncs() {
    Shop shop = shopHolding(5000);
    for (int i = 0; i < 9; i++) {
      shop.event(ORDER_PLACED, 1);
    }
    shop.event(ORDER_SHIPPED, 1);
    shop.drain();

    shop.event(ORDER_PLACED, 1);

    assertThat(pushed(shop.drain(), "shop", "MUG")).contains(4990L);
  }
}
