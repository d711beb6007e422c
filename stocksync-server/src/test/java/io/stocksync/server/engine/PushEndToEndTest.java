package io.stocksync.server.engine;

import static io.stocksync.server.engine.PushHarness.shopifyKey;
import static io.stocksync.server.engine.PushHarness.webhookId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.DispatcherSettings;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.inventory.PushPlanner;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.shopify.ShopifyPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on loopback: the engine, the dispatcher and the Shopify and webhook emulators. Real
 * time (one test sped up); every wait awaits a condition.
 */
class PushEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHOPIFY_SETTINGS =
      "{\"locationId\":\"" + PushHarness.LOCATION_GID + "\"}";

  @TempDir Path dir;
  PushHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void awaitShown(String sku, long quantity) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                Long.valueOf(quantity).equals(h.shopify.quantities().get(shopifyKey(sku)))
                    && Long.valueOf(quantity).equals(h.webhook.quantities().get(webhookId(sku))));
  }

  private void awaitNothingQueued(String sku) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> h.view(sku).listings().stream().allMatch(l -> l.queued() == null));
  }

  @Test
  void theWorkedExamplesOfTheSyncPolicyReachTheMarketplaces() {
    h = new PushHarness(dir, ShopifyPlan.STANDARD, DispatcherSettings.DEFAULT, 1);
    h.channels(SHOPIFY_SETTINGS);
    h.skus(100, List.of("SEED"));
    h.skus(5000, List.of("TENTH", "BIG", "SHIPPED"));
    h.skus(2005, List.of("CROSS"));
    h.skus(2001, List.of("EXACT"));
    for (String sku : List.of("SEED", "TENTH", "BIG", "SHIPPED", "CROSS", "EXACT")) {
      awaitShown(sku, sku.equals("SEED") ? 100 : h.view(sku).available());
    }

    // 100 on hand, an order of 5: every channel receives 95 (the seed's own example).
    h.apply(EventType.ORDER_PLACED, "SEED", 5);
    awaitShown("SEED", 95);

    // 5000 on hand: nine orders of 1 sync nothing; the tenth sends 4990.
    for (int i = 0; i < 9; i++) {
      h.apply(EventType.ORDER_PLACED, "TENTH", 1);
    }
    // An order of 150 syncs at once (b): 4850.
    h.apply(EventType.ORDER_PLACED, "BIG", 150);
    awaitShown("BIG", 4850);
    awaitNothingQueued("TENTH");
    assertThat(h.shopify.quantities()).containsEntry(shopifyKey("TENTH"), 5000L);
    assertThat(h.webhook.quantities()).containsEntry(webhookId("TENTH"), 5000L);
    h.apply(EventType.ORDER_PLACED, "TENTH", 1);
    awaitShown("TENTH", 4990);

    // 2005 on hand, an order of 10: 1995 ≤ X, at once (a); 2000 exactly is at or below.
    h.apply(EventType.ORDER_PLACED, "CROSS", 10);
    h.apply(EventType.ORDER_PLACED, "EXACT", 1);
    awaitShown("CROSS", 1995);
    awaitShown("EXACT", 2000);

    // 5000 on hand, nine orders then a shipment: shipping changes nothing, no sync.
    for (int i = 0; i < 9; i++) {
      h.apply(EventType.ORDER_PLACED, "SHIPPED", 1);
    }
    h.apply(EventType.ORDER_SHIPPED, "SHIPPED", 1);
    h.apply(EventType.ORDER_PLACED, "SEED", 1); // a marker that does sync
    awaitShown("SEED", 94);
    awaitNothingQueued("SHIPPED");
    assertThat(h.view("SHIPPED").sync().pending()).isEqualTo(9);
    assertThat(h.shopify.quantities()).containsEntry(shopifyKey("SHIPPED"), 5000L);
    assertThat(h.webhook.quantities()).containsEntry(webhookId("SHIPPED"), 5000L);
  }

  @Test
  void aFlashSaleEndsWithEveryMarketplaceShowingItsTargetAndPushesToZeroFirst() {
    // A small bucket (200 points restoring at 50/s: 5 calls a second) and 10 quantities a call,
    // one call at a time, so that Shopify's limit, not the engine, is the bottleneck.
    h = new PushHarness(dir, new ShopifyPlan(200, 50), DispatcherSettings.DEFAULT, 1);
    h.channels(
        "{\"locationId\":\"" + PushHarness.LOCATION_GID + "\",\"batchSize\":10,\"maxInFlight\":1}");
    List<String> skus = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      skus.add(String.format("FS-%03d", i));
    }
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger takesWithBoth = new AtomicInteger();
    h.dispatch
        .queue()
        .observeTakes(
            (account, channel, excluded, limit, chosen) -> {
              // Everything the channel could have sent at this take, most urgent first.
              List<PendingPush> all =
                  PushPlanner.pending(
                      account, channel.channelId(), null, excluded::contains, 1_000_000, s -> {});
              boolean sendsIncrease =
                  chosen.stream().anyMatch(p -> p.urgency() == Urgency.INCREASE);
              long zerosWaiting = all.stream().filter(p -> p.urgency() == Urgency.TO_ZERO).count();
              long zerosChosen =
                  chosen.stream().filter(p -> p.urgency() == Urgency.TO_ZERO).count();
              if (sendsIncrease && zerosChosen < zerosWaiting) {
                violations.add(channel + ": an increase went while a push to 0 waited");
              }
              if (zerosWaiting > 0 && all.stream().anyMatch(p -> p.urgency() == Urgency.INCREASE)) {
                takesWithBoth.incrementAndGet();
              }
              for (int i = 1; i < chosen.size(); i++) {
                if (PushPlanner.SENDING_ORDER.compare(chosen.get(i - 1), chosen.get(i)) > 0) {
                  violations.add(channel + ": a take out of urgency order");
                }
              }
            });
    h.skus(60, skus);
    h.awaitInSync(skus, Duration.ofSeconds(60));

    // 20,000 orders in bursts of 500, with some restocks among them.
    Random random = new Random(7);
    int orders = 0;
    while (orders < 20_000) {
      List<InventoryEvent> burst = new ArrayList<>();
      while (burst.size() < 500 && orders < 20_000) {
        String sku = skus.get(random.nextInt(skus.size()));
        if (random.nextInt(20) == 0) {
          burst.add(h.event(EventType.PUTAWAY, sku, 5 + random.nextInt(20)));
        } else {
          burst.add(h.event(EventType.ORDER_PLACED, sku, 1));
          orders++;
        }
      }
      h.submit(burst);
      // Let Shopify take a couple of calls between bursts, so that the sale and the pushes overlap.
      int calls = h.shopify.requests().list().size();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> h.shopify.requests().list().size() >= calls + 2);
    }
    h.awaitInSync(skus, Duration.ofSeconds(120));

    assertThat(violations).isEmpty();
    assertThat(takesWithBoth.get()).as("takes that had to choose").isPositive();
    for (String sku : skus) {
      for (SkuView.ListingView l : h.view(sku).listings()) {
        assertThat(l.state()).isEqualTo(ListingState.IN_SYNC);
        assertThat(l.acknowledged()).isEqualTo(l.target());
      }
    }
  }

  @Test
  void aChannelFailingWithServerErrorsForAMinuteLosesNothing() {
    // Sixty times real speed: the minute of errors lasts a second, backoff waits shrink alike.
    h = new PushHarness(dir, ShopifyPlan.STANDARD, DispatcherSettings.DEFAULT, 60);
    h.channels(SHOPIFY_SETTINGS);
    List<String> skus = List.of("A", "B", "C", "D", "E");
    h.skus(50, skus);
    h.awaitInSync(skus, Duration.ofSeconds(30));
    h.webhook.faults().forceStatusFor(500, Duration.ofMinutes(1), null);
    h.shopify.faults().forceStatusFor(500, Duration.ofMinutes(1), null);

    for (String sku : skus) {
      h.apply(EventType.ORDER_PLACED, sku, 3);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> failures(h.webhook.requests().list()) >= 3);
    for (String sku : skus) {
      h.apply(EventType.ORDER_PLACED, sku, 4);
    }
    h.awaitInSync(skus, Duration.ofSeconds(30));

    assertThat(failures(h.webhook.requests().list())).isGreaterThanOrEqualTo(3);
    assertThat(failures(h.shopify.requests().list())).isGreaterThanOrEqualTo(3);
    for (String sku : skus) {
      assertThat(h.webhook.quantities()).containsEntry(webhookId(sku), 43L);
      assertThat(h.shopify.quantities()).containsEntry(shopifyKey(sku), 43L);
      assertThat(h.view(sku).listings()).allMatch(l -> l.state() == ListingState.IN_SYNC);
    }
  }

  private static long failures(List<RecordedRequest> requests) {
    return requests.stream().filter(r -> r.status() != null && r.status() == 500).count();
  }

  @Test
  void aTimeoutAfterShopifyAppliedTheChangeIsRetriedWithTheSameKeyAndAppliedOnce()
      throws Exception {
    h =
        new PushHarness(
            dir,
            ShopifyPlan.STANDARD,
            DispatcherSettings.DEFAULT.withRequestTimeout(Duration.ofMillis(400)),
            1);
    h.channels(SHOPIFY_SETTINGS);
    h.skus(50, List.of("MUG"));
    h.awaitInSync(List.of("MUG"), Duration.ofSeconds(20));
    int before = h.shopify.requests().list().size();
    h.shopify.faults().timeout(Duration.ofMillis(1_500), 1, true);

    h.apply(EventType.ORDER_PLACED, "MUG", 8);
    // Shopify applied 42 and held its answer past the timeout; then a sale there took it to 41.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Long.valueOf(42).equals(h.shopify.quantities().get(shopifyKey("MUG"))));
    h.shopify.seedQuantities(java.util.Map.of(shopifyKey("MUG"), 41L));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> h.view("MUG").listings().stream().allMatch(l -> l.queued() == null));

    List<RecordedRequest> mutations =
        h.shopify.requests().list().subList(before, h.shopify.requests().list().size());
    assertThat(mutations).hasSizeGreaterThanOrEqualTo(2);
    JsonNode first = JSON.readTree(mutations.get(0).body());
    JsonNode second = JSON.readTree(mutations.get(1).body());
    assertThat(second.path("variables").path("idempotencyKey").asText())
        .isEqualTo(first.path("variables").path("idempotencyKey").asText());
    assertThat(second).isEqualTo(first);
    // Applied once: the retry did not set 42 over the sale.
    assertThat(h.shopify.quantities()).containsEntry(shopifyKey("MUG"), 41L);
    SkuView.ListingView shop =
        h.view("MUG").listings().stream()
            .filter(l -> l.channel().equals("shop"))
            .findFirst()
            .orElseThrow();
    assertThat(shop.acknowledged()).isEqualTo(42);
  }

  @Test
  void aListingOutOfRetriesIsFailedVisibleAndSentAgainWhenAnOperatorRetries() {
    h =
        new PushHarness(
            dir,
            ShopifyPlan.STANDARD,
            DispatcherSettings.DEFAULT.withRetry(
                new io.stocksync.channels.RetryPolicy(
                    2, Duration.ofMillis(50), Duration.ofMillis(200))),
            1);
    h.channels(SHOPIFY_SETTINGS);
    h.skus(50, List.of("MUG", "PLATE"));
    h.awaitInSync(List.of("MUG", "PLATE"), Duration.ofSeconds(20));
    h.webhook.faults().failListings(List.of(webhookId("MUG")));

    h.apply(EventType.ORDER_PLACED, "MUG", 5);
    h.apply(EventType.ORDER_PLACED, "PLATE", 5);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                h.view("MUG").listings().stream()
                    .anyMatch(l -> l.channel().equals("hook") && l.state() == ListingState.FAILED));
    awaitShown("PLATE", 45);

    List<PendingPush> failed =
        h.engine.execute(PushHarness.ACCOUNT, (a, c, now) -> PushPlanner.failed(a, null)).join();
    assertThat(failed)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.channelId()).isEqualTo("hook");
              assertThat(p.sku()).isEqualTo("MUG");
              assertThat(p.target()).isEqualTo(45);
            });
    assertThat(h.webhook.quantities()).containsEntry(webhookId("MUG"), 50L);

    h.webhook.faults().failListings(List.of());
    int retried =
        h.engine
            .execute(PushHarness.ACCOUNT, (a, c, now) -> PushPlanner.retryFailed(a, "hook", now, c))
            .join();

    assertThat(retried).isEqualTo(1);
    h.awaitInSync(List.of("MUG", "PLATE"), Duration.ofSeconds(20));
    assertThat(h.webhook.quantities()).containsEntry(webhookId("MUG"), 45L);
  }
}
