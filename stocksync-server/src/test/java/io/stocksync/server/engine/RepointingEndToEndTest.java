package io.stocksync.server.engine;

import static io.stocksync.server.engine.PushHarness.shopifyItem;
import static io.stocksync.server.engine.PushHarness.webhookId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.channels.DispatcherSettings;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.shopify.ShopifyPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5 against the emulators: a listing moved to another externalId, or a channel moved to
 * another location, has nothing acknowledged at its new place, so its current target is pushed
 * there even though the old place already showed it.
 */
class RepointingEndToEndTest {

  private static final String OTHER_LOCATION = "gid://shopify/Location/2";

  @TempDir Path dir;
  PushHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private PushHarness inSyncAtFifty(List<String> skus) {
    h = new PushHarness(dir, ShopifyPlan.STANDARD, DispatcherSettings.DEFAULT, 1);
    h.channels("{\"locationId\":\"" + PushHarness.LOCATION_GID + "\"}");
    h.skus(50, skus);
    h.awaitInSync(skus, Duration.ofSeconds(30));
    return h;
  }

  @Test
  void aListingMovedToAnotherExternalIdHasItsTargetSentThere() {
    inSyncAtFifty(List.of("A"));
    assertThat(h.webhook.quantities()).containsEntry(webhookId("A"), 50L);

    h.engine
        .execute(
            PushHarness.ACCOUNT,
            (a, c, now) -> {
              a.putListing("hook", "A", "W-A-moved", "{}", now, c);
              return null;
            })
        .join();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Long.valueOf(50).equals(h.webhook.quantities().get("W-A-moved")));
    h.awaitInSync(List.of("A"), Duration.ofSeconds(30));
    assertThat(h.view("A").listings())
        .filteredOn(l -> l.channel().equals("hook"))
        .singleElement()
        .satisfies(l -> assertThat(l.acknowledged()).isEqualTo(50));
  }

  @Test
  void aShopifyChannelMovedToAnotherLocationHasEveryTargetSentThere() {
    List<String> skus = List.of("A", "B");
    inSyncAtFifty(skus);

    h.engine
        .execute(
            PushHarness.ACCOUNT,
            (a, c, now) -> {
              ChannelRow r = a.channel("shop");
              a.putChannel(
                  new ChannelRow(
                      r.accountId(),
                      r.id(),
                      r.type(),
                      r.baseUrl(),
                      "{\"locationId\":\"" + OTHER_LOCATION + "\"}",
                      r.credentials(),
                      r.locations(),
                      r.enabled(),
                      r.rules()),
                  true,
                  now,
                  c);
              return null;
            })
        .join();

    for (String sku : skus) {
      String key = shopifyItem(sku) + "@" + OTHER_LOCATION;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Long.valueOf(50).equals(h.shopify.quantities().get(key)));
    }
    h.awaitInSync(skus, Duration.ofSeconds(30));
  }
}
