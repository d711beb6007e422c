package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.WriteSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5 and §7 on moves and conflicts: a listing or channel moved to another place has nothing
 * acknowledged there; one externalId maps to one SKU per channel.
 */
class MovesAndConflictsTest {

  /** MUG with 500 on hand at WH1, listed on shop as "shop:MUG", acknowledged at 500. */
  private final Shop shop = standardAtFiveHundred();

  private static Shop standardAtFiveHundred() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.event(EventType.PUTAWAY, 500);
    return shop.settle();
  }

  private PushRow onlyPush(WriteSet writes) {
    assertThat(writes.pushes()).hasSize(1);
    return writes.pushes().get(0);
  }

  @Test
  void aListingMovedToAnotherExternalIdForgetsItsAcknowledgedFigureAndQueuesItsTarget() {
    shop.account.putListing("shop", "MUG", "shop:MUG-2", "{}", shop.now(), shop.changes);

    PushRow push = onlyPush(shop.drain());
    assertThat(push.target()).isEqualTo(500);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isNull();
    assertThat(shop.listingView("MUG", "shop").externalId()).isEqualTo("shop:MUG-2");
  }

  @Test
  void aListingWhoseOtherMarketplaceIdsChangeIsMovedToo() {
    shop.account.putListing(
        "shop", "MUG", "shop:MUG", "{\"productId\":\"P2\"}", shop.now(), shop.changes);

    assertThat(onlyPush(shop.drain()).target()).isEqualTo(500);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isNull();
  }

  @Test
  void puttingTheSameListingAgainSendsNothing() {
    shop.listing("shop", "MUG");

    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(500);
  }

  @Test
  void anAnswerFromTheOldPlaceDoesNotSettleThePushToTheNewOne() {
    shop.event(EventType.ORDER_PLACED, 10); // 490 queued, and say it is in flight to shop:MUG
    long oldVersion = onlyPush(shop.drain()).version();

    shop.account.putListing("shop", "MUG", "shop:MUG-2", "{}", shop.now(), shop.changes);
    PushRow moved = onlyPush(shop.drain());
    assertThat(moved.version()).isGreaterThan(oldVersion);

    shop.account.acknowledge("shop", "MUG", oldVersion, 490, shop.now(), shop.changes);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isNull();
    assertThat(shop.listingView("MUG", "shop").queued()).isEqualTo(490L);

    shop.account.acknowledge("shop", "MUG", moved.version(), 490, shop.now(), shop.changes);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(490);
    assertThat(shop.listingView("MUG", "shop").queued()).isNull();
  }

  private ChannelRow shopRow() {
    return shop.account.channel("shop");
  }

  private static ChannelRow with(
      ChannelRow r, String baseUrl, String settingsJson, List<String> locations) {
    return new ChannelRow(
        r.accountId(),
        r.id(),
        r.type(),
        baseUrl,
        settingsJson,
        r.credentials(),
        locations,
        r.enabled(),
        r.rules());
  }

  @Test
  void aChannelMovedToAnotherBaseUrlHasEveryListingSentItsTargetThere() {
    shop.sku("CUP").listing("shop", "CUP");
    shop.event(EventType.PUTAWAY, "CUP", "WH1", 7);
    shop.settle();

    ChannelRow r = shopRow();
    shop.account.putChannel(
        with(r, "http://127.0.0.1:2/webhook", r.settingsJson(), r.locations()),
        shop.now(),
        shop.changes);

    WriteSet writes = shop.drain();
    assertThat(Shop.pushed(writes, "shop", "MUG")).contains(500L);
    assertThat(Shop.pushed(writes, "shop", "CUP")).contains(7L);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isNull();
  }

  @Test
  void aChannelMovedToOtherLocationsHasNothingAcknowledgedThere() {
    ChannelRow r = shopRow();
    shop.account.putChannel(
        with(r, r.baseUrl(), r.settingsJson(), List.of("WH1")), shop.now(), shop.changes);

    assertThat(Shop.pushed(shop.drain(), "shop", "MUG")).contains(500L);
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isNull();
  }

  @Test
  void aChannelMovedToAnotherStoreByItsSettingsHasNothingAcknowledgedThere() {
    ChannelRow r = shopRow();
    shop.account.putChannel(
        with(r, r.baseUrl(), "{\"locationId\":\"L2\"}", r.locations()),
        true,
        shop.now(),
        shop.changes);

    assertThat(Shop.pushed(shop.drain(), "shop", "MUG")).contains(500L);
  }

  @Test
  void aSettingThatNamesNoPlaceDoesNotMoveTheChannelWhenTheCallerSaysSo() {
    ChannelRow r = shopRow();
    shop.account.putChannel(
        with(r, r.baseUrl(), "{\"readBackSeconds\":60}", r.locations()),
        false,
        shop.now(),
        shop.changes);

    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(500);
  }

  @Test
  void anyChangeOfTheSettingsCountsAsAMoveWhenTheCallerCannotTell() {
    ChannelRow r = shopRow();
    shop.account.putChannel(
        with(r, r.baseUrl(), "{\"x\":1}", r.locations()), shop.now(), shop.changes);

    assertThat(Shop.pushed(shop.drain(), "shop", "MUG")).contains(500L);
  }

  @Test
  void changingOnlyAChannelsRulesKeepsWhatItAcknowledged() {
    shop.channel("shop", new ChannelRules(0, 100, null, 0));

    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.listingView("MUG", "shop").acknowledged()).isEqualTo(500);
  }

  @Test
  void aSecondSkuCannotTakeAnExternalIdAnotherSkuHoldsOnTheChannel() {
    shop.sku("CUP");
    shop.drain();

    assertThatThrownBy(
            () ->
                shop.account.putListing("shop", "CUP", "shop:MUG", "{}", shop.now(), shop.changes))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.field()).isEqualTo("externalId");
              assertThat(e.getMessage()).contains("'MUG'").contains("'shop:MUG'");
            });
    assertThat(shop.drain().listings()).isEmpty();
    assertThat(shop.view("CUP").listings()).isEmpty();
  }

  @Test
  void anExternalIdFreedByAMoveCanBeTakenByAnotherSku() {
    shop.sku("CUP");
    shop.account.putListing("shop", "MUG", "shop:MUG-2", "{}", shop.now(), shop.changes);

    shop.account.putListing("shop", "CUP", "shop:MUG", "{}", shop.now(), shop.changes);

    assertThat(shop.listingView("CUP", "shop").externalId()).isEqualTo("shop:MUG");
    assertThatThrownBy(
            () ->
                shop.account.putListing(
                    "shop", "CUP", "shop:MUG-2", "{}", shop.now(), shop.changes))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void theSameExternalIdMayBeUsedOnAnotherChannel() {
    shop.channel("other", ChannelRules.DEFAULT);
    shop.sku("CUP");

    shop.account.putListing("other", "CUP", "shop:MUG", "{}", shop.now(), shop.changes);

    assertThat(shop.listingView("CUP", "other").externalId()).isEqualTo("shop:MUG");
  }

  @Test
  void theUniquenessOfExternalIdsSurvivesARestore() {
    InMemoryStore store = new InMemoryStore();
    Shop s = Shop.empty(Shop.SEED);
    s.location("WH1", true).sku("MUG").sku("CUP").channel("shop", ChannelRules.DEFAULT);
    s.listing("shop", "MUG");
    store.commit(s.drain());
    StateLoader loader = new StateLoader((account, id) -> {});
    store.load(loader);
    AccountState restored = loader.finish().get("acct-1");

    assertThatThrownBy(
            () -> restored.putListing("shop", "CUP", "shop:MUG", "{}", s.now(), new Changes()))
        .isInstanceOf(ConflictException.class);
  }

  // ---------------------------------------------------------------- bundles

  private Shop bundleShop() {
    Shop b = Shop.empty(Shop.SEED);
    b.location("WH1", true).location("WH2", true).sku("MUG").sku("LID");
    b.bundle("SET", new Component("MUG", 2), new Component("LID", 1));
    b.event(EventType.PUTAWAY, "MUG", "WH1", 100);
    b.event(EventType.PUTAWAY, "LID", "WH1", 100);
    b.event(EventType.PUTAWAY, "MUG", "WH2", 100);
    b.event(EventType.PUTAWAY, "LID", "WH2", 100);
    b.drain();
    return b;
  }

  @Test
  void aBundlesComponentsCannotChangeWhileOrdersOfItAreOpen() {
    Shop b = bundleShop();
    b.event(EventType.ORDER_PLACED, "SET", "WH1", 3);
    b.event(EventType.ORDER_PLACED, "SET", "WH2", 1);
    b.drain();

    assertThatThrownBy(
            () ->
                b.account.putSku("SET", null, List.of(new Component("MUG", 1)), b.now(), b.changes))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.field()).isEqualTo("components");
              assertThat(e.getMessage())
                  .contains("'SET'")
                  .contains("4 bundle(s) on open orders")
                  .contains("3 at 'WH1'")
                  .contains("1 at 'WH2'");
            });
    assertThat(b.drain().skus()).isEmpty();
    assertThat(b.view("SET").components())
        .containsExactly(new Component("MUG", 2), new Component("LID", 1));
    // Nor can it stop being a bundle.
    assertThatThrownBy(() -> b.account.putSku("SET", null, List.of(), b.now(), b.changes))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void shippingAndCancellingStillWorkAndOnceTheyCloseTheComponentsMayChange() {
    Shop b = bundleShop();
    b.event(EventType.ORDER_PLACED, "SET", "WH1", 3);
    // Renaming it, with the same components in another order, is no change of components.
    b.account.putSku(
        "SET",
        "Mug set",
        List.of(new Component("LID", 1), new Component("MUG", 2)),
        b.now(),
        b.changes);

    assertThat(b.event(EventType.ORDER_SHIPPED, "SET", "WH1", 2).status())
        .isEqualTo(Status.APPLIED);
    assertThatThrownBy(
            () ->
                b.account.putSku("SET", null, List.of(new Component("MUG", 1)), b.now(), b.changes))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("1 bundle(s) on open orders");
    assertThat(b.event(EventType.ORDER_CANCELLED, "SET", "WH1", 1).status())
        .isEqualTo(Status.APPLIED);

    b.account.putSku("SET", null, List.of(new Component("MUG", 1)), b.now(), b.changes);

    assertThat(b.view("SET").components()).containsExactly(new Component("MUG", 1));
    assertThat(b.view("MUG").reserved()).isZero();
    assertThat(b.view("LID").reserved()).isZero();
  }

  @Test
  void aRejectedBundleOrderOpensNothing() {
    Shop b = bundleShop();
    assertThat(b.event(EventType.ORDER_CANCELLED, "SET", "WH1", 1).status())
        .isEqualTo(Status.REJECTED);

    b.account.putSku("SET", null, List.of(new Component("MUG", 1)), b.now(), b.changes);

    assertThat(b.view("SET").components()).containsExactly(new Component("MUG", 1));
  }
}
