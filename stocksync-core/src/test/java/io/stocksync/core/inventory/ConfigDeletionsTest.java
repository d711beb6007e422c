package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.ConfigRemoval.ChannelRemoval;
import io.stocksync.core.port.ConfigRemoval.ListingRemoval;
import io.stocksync.core.port.ConfigRemoval.SkuRemoval;
import io.stocksync.core.port.WriteSet;
import org.junit.jupiter.api.Test;

/** The deletions of {@link ConfigDeletions} as the write sets of one batch carry them. */
class ConfigDeletionsTest {

  @Test
  void aSkuPutAndDeletedInOneBatchLeavesOnlyItsRemoval() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.sku("CUP").listing("shop", "CUP");
    ConfigDeletions.deleteSku(shop.account, "CUP", shop.changes);
    WriteSet writes = shop.drain();
    assertThat(writes.skus()).isEmpty();
    assertThat(writes.listings()).isEmpty();
    assertThat(writes.pushes()).isEmpty();
    assertThat(writes.removals()).containsExactly(new SkuRemoval("acct-1", "CUP"));
  }

  @Test
  void aSkuDeletedAndPutAgainInOneBatchKeepsTheNewRowAfterItsRemoval() {
    Shop shop = Shop.standard(Shop.SEED);
    ConfigDeletions.deleteSku(shop.account, "MUG", shop.changes);
    shop.sku("MUG");
    WriteSet writes = shop.drain();
    assertThat(writes.removals()).containsExactly(new SkuRemoval("acct-1", "MUG"));
    assertThat(writes.skus()).singleElement().satisfies(s -> assertThat(s.sku()).isEqualTo("MUG"));
    assertThat(shop.account.view("MUG").listings()).isEmpty();
  }

  @Test
  void aDeletedChannelTakesItsQueuedPushesWithIt() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.event(EventType.PUTAWAY, 5);
    ConfigDeletions.deleteChannel(shop.account, "shop", shop.changes);
    WriteSet writes = shop.drain();
    assertThat(writes.pushes()).isEmpty();
    assertThat(writes.listings()).isEmpty();
    assertThat(writes.removals())
        .singleElement()
        .isInstanceOfSatisfying(
            ChannelRemoval.class, r -> assertThat(r.row().type()).isEqualTo("webhook"));
    assertThat(shop.account.hasChannel("shop")).isFalse();
    assertThat(ConfigDeletions.isListed(shop.account, "shop", "MUG")).isFalse();
  }

  @Test
  void aDeletedListingFreesItsExternalIdForAnotherSku() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.sku("CUP");
    ConfigDeletions.deleteListing(shop.account, "shop", "MUG", shop.changes);
    shop.account.putListing("shop", "CUP", "shop:MUG", "{}", shop.now(), shop.changes);
    WriteSet writes = shop.drain();
    assertThat(writes.removals()).containsExactly(new ListingRemoval("acct-1", "shop", "MUG"));
    assertThat(writes.listings())
        .singleElement()
        .satisfies(l -> assertThat(l.sku()).isEqualTo("CUP"));
  }

  @Test
  void aRefusalChangesNothing() {
    Shop shop = Shop.standard(Shop.SEED);
    shop.event(EventType.PUTAWAY, 5);
    shop.drain();
    assertThatThrownBy(() -> ConfigDeletions.deleteSku(shop.account, "MUG", shop.changes))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("5 on hand");
    assertThatThrownBy(() -> ConfigDeletions.deleteLocation(shop.account, "WH1", shop.changes))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("'MUG'");
    assertThat(shop.drain().isEmpty()).isTrue();
    assertThat(shop.account.view("MUG").onHand()).isEqualTo(5);
  }

  @Test
  void aWaitingSkuDeletedNeverSyncsOnStaleness() {
    Shop shop = Shop.empty(new SyncPolicy(0, 10, 100, 60));
    shop.location("WH1", true).sku("MUG").sku("CUP").channel("shop", ChannelRules.DEFAULT);
    shop.event(EventType.PUTAWAY, "MUG", "WH1", 5);
    shop.event(EventType.ADJUSTMENT, "MUG", "WH1", -5);
    shop.drain();
    ConfigDeletions.deleteSku(shop.account, "MUG", shop.changes);
    shop.drain();
    shop.advance(java.time.Duration.ofMinutes(5));
    assertThat(shop.account.syncStale(shop.now(), shop.changes)).isZero();
  }
}
