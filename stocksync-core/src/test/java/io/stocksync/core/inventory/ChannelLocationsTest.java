package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static io.stocksync.core.inventory.Shop.pushed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.port.WriteSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which stock feeds which channel (SPEC §1, §4): a channel draws from its locations (default: all
 * sellable), and an unsellable location never feeds any channel.
 */
class ChannelLocationsTest {

  private Shop shop;

  /** WH1 and WH2 sellable, DMG unsellable; MUG 300 at WH1, 200 at WH2, 1000 at DMG. */
  @BeforeEach
  void setUp() {
    shop = Shop.empty(Shop.SEED);
    shop.location("WH1", true).location("WH2", true).location("DMG", false).sku("MUG");
    shop.event(PUTAWAY, "MUG", "WH1", 300);
    shop.event(PUTAWAY, "MUG", "WH2", 200);
    shop.event(PUTAWAY, "MUG", "DMG", 1000);
    shop.drain();
  }

  @Test
  void aChannelWithoutLocationsDrawsFromEverySellableOne() {
    shop.channel("all", ChannelRules.DEFAULT).listing("all", "MUG");
    assertThat(pushed(shop.drain(), "all", "MUG")).contains(500L);
    assertThat(shop.view("MUG").available()).isEqualTo(500);
  }

  @Test
  void aChannelDrawsOnlyFromItsOwnLocations() {
    shop.channel("one", ChannelRules.DEFAULT, "WH2").listing("one", "MUG");
    shop.channel("both", ChannelRules.DEFAULT, "WH1", "WH2").listing("both", "MUG");
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "one", "MUG")).contains(200L);
    assertThat(pushed(writes, "both", "MUG")).contains(500L);

    shop.event(ORDER_PLACED, "MUG", "WH1", 5);
    writes = shop.drain();
    assertThat(pushed(writes, "both", "MUG")).contains(495L);
    assertThat(pushed(writes, "one", "MUG")).isEmpty(); // its figure did not change
    assertThat(shop.listingView("MUG", "one").target()).isEqualTo(200);
  }

  @Test
  void anUnsellableLocationNeverFeedsAChannelEvenOneThatNamesIt() {
    shop.channel("dmg", ChannelRules.DEFAULT, "DMG").listing("dmg", "MUG");
    shop.channel("mixed", ChannelRules.DEFAULT, "WH1", "DMG").listing("mixed", "MUG");
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "dmg", "MUG")).contains(0L);
    assertThat(pushed(writes, "mixed", "MUG")).contains(300L);
  }

  @Test
  void eventsAtAnUnsellableLocationChangeTheLedgerButNotWhatIsAvailable() {
    shop.channel("all", ChannelRules.DEFAULT).listing("all", "MUG");
    shop.drain();

    shop.event(ORDER_PLACED, "MUG", "DMG", 900);
    WriteSet writes = shop.drain();

    assertThat(writes.ledger()).hasSize(1);
    assertThat(writes.pushes()).isEmpty();
    assertThat(shop.view("MUG").available()).isEqualTo(500);
    assertThat(shop.view("MUG").sync().pending()).isZero();
    assertThat(shop.view("MUG").locations())
        .contains(new SkuView.LocationBalance("DMG", 1000, 900));
  }

  @Test
  void turningALocationUnsellableSyncsItsSkusAtOnce() {
    shop.channel("all", ChannelRules.DEFAULT).listing("all", "MUG");
    shop.settle();

    shop.location("WH2", false);
    WriteSet writes = shop.drain();

    assertThat(pushed(writes, "all", "MUG")).contains(300L);
    assertThat(shop.view("MUG").available()).isEqualTo(300);

    shop.location("DMG", true);
    assertThat(pushed(shop.drain(), "all", "MUG")).contains(1300L);
  }

  @Test
  void changingAChannelsRulesOrLocationsRetargetsItsListings() {
    shop.channel("all", ChannelRules.DEFAULT).listing("all", "MUG");
    shop.settle();

    shop.channel("all", new ChannelRules(100, 100, null, 0));
    assertThat(pushed(shop.drain(), "all", "MUG")).contains(400L);

    shop.channel("all", ChannelRules.DEFAULT, "WH1");
    assertThat(pushed(shop.drain(), "all", "MUG")).contains(300L);
  }

  @Test
  void aDisabledChannelIsNotSentAnythingUntilEnabledAgain() {
    shop.account.putChannel(
        Shop.channelRow("off", ChannelRules.DEFAULT, false), shop.now(), shop.changes);
    shop.listing("off", "MUG");
    assertThat(shop.drain().pushes()).isEmpty();
    assertThat(shop.listingView("MUG", "off").state()).isEqualTo(ListingState.DISABLED);

    shop.channel("off", ChannelRules.DEFAULT);
    assertThat(pushed(shop.drain(), "off", "MUG")).contains(500L);
  }

  @Test
  void aChannelCannotDrawFromAnUnknownLocation() {
    assertThatThrownBy(() -> shop.channel("x", ChannelRules.DEFAULT, "WH1", "WH9"))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(
            e ->
                assertThat(((InvalidRequestException) e).errors())
                    .extracting(FieldError::field)
                    .containsExactly("locations[1]"));
    assertThat(shop.account.hasChannel("x")).isFalse();
  }
}
