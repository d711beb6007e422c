package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Each location holds up to {@link AccountState#MAX_UNITS}, and a SKU may be at any number of
 * locations: the sums over them (onHand, reserved, available, a channel's base, a bundle's base)
 * must never wrap around.
 */
class SumsOverManyLocationsTest {

  private static final long MAX = AccountState.MAX_UNITS;

  /** 10,000 × 10^15 is more than Long.MAX_VALUE (about 9.2 × 10^18). */
  private static final int LOCATIONS = 10_000;

  private static Shop fullEverywhere() {
    Shop shop = Shop.empty(Shop.SEED);
    shop.sku("MUG").bundle("SET", new Component("MUG", 1));
    for (int i = 0; i < LOCATIONS; i++) {
      shop.location("L" + i, true);
    }
    shop.channel("shop", ChannelRules.DEFAULT).listing("shop", "MUG").listing("shop", "SET");
    for (int i = 0; i < LOCATIONS; i++) {
      assertThat(shop.event(EventType.PUTAWAY, "MUG", "L" + i, MAX).status())
          .isEqualTo(Status.APPLIED);
    }
    return shop;
  }

  @Test
  void onHandAndAvailableSaturateInsteadOfWrappingAround() {
    Shop shop = fullEverywhere();

    SkuView v = shop.view("MUG");
    BigInteger exact = BigInteger.valueOf(MAX).multiply(BigInteger.valueOf(LOCATIONS));
    assertThat(exact).isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
    assertThat(v.onHand()).isEqualTo(Long.MAX_VALUE);
    assertThat(v.available()).isEqualTo(Long.MAX_VALUE);
    assertThat(shop.listingView("MUG", "shop").target()).isEqualTo(Long.MAX_VALUE);
    assertThat(shop.listingView("SET", "shop").target()).isEqualTo(Long.MAX_VALUE);
    assertThat(shop.view("SET").available()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void reservationsOverManyLocationsSaturateBelowZeroAndPushZero() {
    Shop shop = Shop.empty(Shop.SEED);
    shop.sku("MUG");
    for (int i = 0; i < LOCATIONS; i++) {
      shop.location("L" + i, true);
    }
    shop.channel("shop", ChannelRules.DEFAULT).listing("shop", "MUG");
    for (int i = 0; i < LOCATIONS; i++) {
      shop.event(EventType.ORDER_PLACED, "MUG", "L" + i, MAX); // oversold everywhere
    }

    SkuView v = shop.view("MUG");
    assertThat(v.reserved()).isEqualTo(Long.MAX_VALUE);
    assertThat(v.available()).isEqualTo(Long.MIN_VALUE);
    assertThat(shop.listingView("MUG", "shop").target()).isZero();
  }

  @Test
  void theFigureIsExactAgainOnceTheSumFitsALong() {
    Shop shop = fullEverywhere();

    for (int i = 1; i < LOCATIONS; i++) {
      shop.event(EventType.STOCK_COUNT, "MUG", "L" + i, 0);
    }
    shop.event(EventType.ORDER_PLACED, "MUG", "L0", 5);

    assertThat(shop.view("MUG").available()).isEqualTo(MAX - 5);
    assertThat(shop.view("MUG").onHand()).isEqualTo(MAX);
    assertThat(shop.listingView("MUG", "shop").target()).isEqualTo(MAX - 5);
  }

  @Test
  void aRestoredSkuSumsItsLocationsTheSameWay() {
    Shop shop = fullEverywhere();
    InMemoryStore store = new InMemoryStore();
    store.commit(shop.drain());
    StateLoader loader = new StateLoader((account, id) -> {});
    store.load(loader);

    AccountState restored = loader.finish().get("acct-1");

    assertThat(restored.view("MUG").available()).isEqualTo(Long.MAX_VALUE);
  }
}
