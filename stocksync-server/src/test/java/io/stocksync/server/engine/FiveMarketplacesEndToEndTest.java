package io.stocksync.server.engine;

import static io.stocksync.server.engine.PushHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.channels.Connectors;
import io.stocksync.channels.DispatcherSettings;
import io.stocksync.channels.RetryPolicy;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.PushPlanner;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import io.stocksync.emulator.shopify.ShopifyPlan;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on loopback: one SKU listed on Shopify, Amazon, Flipkart, WooCommerce and a webhook at
 * once, the engine and the dispatcher pushing to the five emulators. Amazon takes part when its
 * connector is registered in {@link Connectors#standard()}; the tests that need it say so and are
 * skipped otherwise.
 */
class FiveMarketplacesEndToEndTest {

  static final String SELLER = "A1STOCKSYNCSELLER";
  static final String MARKETPLACE = "A21TJRUUN4KGV"; // amazon.in
  static final String FLIPKART_LOCATION = "LOCstocksync01";
  static final String WOO_PARENT = "900";

  /** SKUs listed on WooCommerce as variations of product 900; the others as simple products. */
  static final Set<String> WOO_VARIATIONS = Set.of("TENTH", "CROSS", "B");

  /** One marketplace as the test sees it: its channel, emulator and how a SKU appears there. */
  record Marketplace(
      String channel,
      MarketplaceEmulator emulator,
      Function<String, String> key,
      BiPredicate<RecordedRequest, String> mentions) {

    Long shown(String sku) {
      return emulator.quantities().get(key.apply(sku));
    }

    /** Requests from {@code from} on that carry {@code sku}. */
    long carrying(String sku, int from) {
      List<RecordedRequest> all = emulator.requests().list();
      return all.subList(Math.min(from, all.size()), all.size()).stream()
          .filter(r -> mentions.test(r, sku))
          .count();
    }
  }

  @TempDir Path dir;
  PushHarness h;
  FlipkartEmulator flipkart;
  WooCommerceEmulator woo;
  AmazonEmulator amazon;
  final List<Marketplace> marketplaces = new ArrayList<>();

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  static boolean amazonConnectorRegistered() {
    return Connectors.standard().factory("amazon").isPresent();
  }

  static void assumeAmazonConnector() {
    Assumptions.assumeTrue(
        amazonConnectorRegistered(),
        "io.stocksync.channels.amazon.AmazonConnector is not registered in Connectors.standard()"
            + " yet: the Amazon half of the five-marketplace test waits for it");
  }

  static String flipkartSku(String sku) {
    return "FK-" + sku;
  }

  /** A Flipkart product id (FSN) of 16 characters (13 to 16 are allowed). */
  static String flipkartProductId(String sku) {
    return ("FSN" + sku.toUpperCase() + "XXXXXXXXXXXXXXXX").substring(0, 16);
  }

  static String wooItem(String sku) {
    return Integer.toString(1000 + Math.floorMod(sku.hashCode(), 90_000));
  }

  static String wooExternalId(String sku) {
    return WOO_VARIATIONS.contains(sku) ? WOO_PARENT + "/" + wooItem(sku) : wooItem(sku);
  }

  private void start(DispatcherSettings settings, double speedUp, boolean withAmazon) {
    h =
        new PushHarness(
            dir,
            ShopifyPlan.STANDARD,
            settings,
            speedUp,
            clock -> {
              flipkart = new FlipkartEmulator(FlipkartEmulator.Options.defaults(), clock);
              woo = new WooCommerceEmulator(WooCommerceEmulator.Options.defaults(), clock);
              amazon = new AmazonEmulator(AmazonEmulator.Options.defaults(), clock);
              return List.of(flipkart, woo, amazon);
            },
            row ->
                switch (row.type()) {
                  case "flipkart" ->
                      Map.of(
                          "appId", FlipkartEmulator.DEFAULT_APP_ID,
                          "appSecret", FlipkartEmulator.DEFAULT_APP_SECRET);
                  case "woocommerce" ->
                      Map.of(
                          "consumerKey", WooCommerceEmulator.DEFAULT_CONSUMER_KEY,
                          "consumerSecret", WooCommerceEmulator.DEFAULT_CONSUMER_SECRET);
                  case "amazon" ->
                      Map.of(
                          "clientId", AmazonEmulator.DEFAULT_CLIENT_ID,
                          "clientSecret", AmazonEmulator.DEFAULT_CLIENT_SECRET,
                          "refreshToken", AmazonEmulator.DEFAULT_REFRESH_TOKEN);
                  default -> Map.of();
                });
    h.channels("{\"locationId\":\"" + PushHarness.LOCATION_GID + "\"}");
    Map<String, String[]> more = new LinkedHashMap<>();
    more.put(
        "fk",
        new String[] {
          "flipkart",
          h.emulators.baseUrl("flipkart"),
          "{\"locationId\":\"" + FLIPKART_LOCATION + "\"}"
        });
    more.put("woo", new String[] {"woocommerce", h.emulators.baseUrl("woocommerce"), "{}"});
    if (withAmazon) {
      String base = h.emulators.baseUrl("amazon");
      more.put(
          "amz",
          new String[] {
            "amazon",
            base,
            "{\"sellerId\":\""
                + SELLER
                + "\",\"marketplaceId\":\""
                + MARKETPLACE
                + "\",\"tokenUrl\":\""
                + base
                + "/auth/o2/token\"}"
          });
    }
    h.engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              more.forEach(
                  (id, t) ->
                      a.putChannel(
                          new ChannelRow(
                              ACCOUNT,
                              id,
                              t[0],
                              t[1],
                              t[2],
                              "sealed",
                              List.of(),
                              true,
                              ChannelRules.DEFAULT),
                          now,
                          c));
              return null;
            })
        .join();

    marketplaces.add(
        new Marketplace(
            "shop",
            h.shopify,
            PushHarness::shopifyKey,
            (r, sku) -> r.body().contains("\"" + PushHarness.shopifyItem(sku) + "\"")));
    marketplaces.add(
        new Marketplace(
            "hook",
            h.webhook,
            PushHarness::webhookId,
            (r, sku) -> r.body().contains("\"" + PushHarness.webhookId(sku) + "\"")));
    marketplaces.add(
        new Marketplace(
            "fk",
            flipkart,
            sku -> flipkartSku(sku) + "@" + FLIPKART_LOCATION,
            (r, sku) -> r.body().contains("\"" + flipkartSku(sku) + "\"")));
    marketplaces.add(
        new Marketplace(
            "woo",
            woo,
            FiveMarketplacesEndToEndTest::wooExternalId,
            (r, sku) -> r.body().matches("(?s).*\"id\":" + wooItem(sku) + "[,}].*")));
    if (withAmazon) {
      marketplaces.add(
          new Marketplace(
              "amz",
              amazon,
              sku -> SELLER + "/" + sku,
              (r, sku) -> r.path().endsWith("/" + SELLER + "/" + sku)));
    }
  }

  /** SKUs listed on every channel of the test, each with {@code onHand} put away at WH1. */
  private void skus(long onHand, List<String> skus) {
    Set<String> channels = Set.copyOf(marketplaces.stream().map(Marketplace::channel).toList());
    h.engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              for (String sku : skus) {
                a.putSku(sku, sku, List.of(), now, c);
                a.putListing("shop", sku, PushHarness.shopifyItem(sku), "{}", now, c);
                a.putListing("hook", sku, PushHarness.webhookId(sku), "{}", now, c);
                a.putListing(
                    "fk",
                    sku,
                    flipkartSku(sku),
                    "{\"productId\":\"" + flipkartProductId(sku) + "\"}",
                    now,
                    c);
                a.putListing("woo", sku, wooExternalId(sku), null, now, c);
                if (channels.contains("amz")) {
                  a.putListing("amz", sku, sku, "{\"productType\":\"PRODUCT\"}", now, c);
                }
              }
              return null;
            })
        .join();
    List<InventoryEvent> putaways = new ArrayList<>();
    for (String sku : skus) {
      putaways.add(h.event(EventType.PUTAWAY, sku, onHand));
    }
    h.submit(putaways);
  }

  private Map<String, Long> shown(String sku) {
    Map<String, Long> shown = new LinkedHashMap<>();
    for (Marketplace m : marketplaces) {
      shown.put(m.channel(), m.shown(sku));
    }
    return shown;
  }

  /** Waits until every marketplace shows {@code quantity} for {@code sku}. */
  private void awaitShown(String sku, long quantity) {
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> shown(sku).values().stream().allMatch(q -> Long.valueOf(quantity).equals(q)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          sku
              + " should show "
              + quantity
              + " everywhere; shown "
              + shown(sku)
              + "; listings "
              + h.view(sku).listings()
              + "; dispatcher "
              + h.dispatch.dispatcher().status(),
          e);
    }
  }

  private void awaitNothingQueued(String sku) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> h.view(sku).listings().stream().allMatch(l -> l.queued() == null));
  }

  private void assertShownEverywhere(String sku, long quantity) {
    assertThat(shown(sku)).as(sku).allSatisfy((channel, q) -> assertThat(q).isEqualTo(quantity));
  }

  private void assertEveryListingInSync(String sku) {
    assertThat(h.view(sku).listings())
        .hasSize(marketplaces.size())
        .allSatisfy(
            l -> {
              assertThat(l.state()).as(l.channel()).isEqualTo(ListingState.IN_SYNC);
              assertThat(l.acknowledged()).as(l.channel()).isEqualTo(l.target());
            });
  }

  @Test
  void theWorkedExamplesReachShopifyFlipkartWooCommerceAndTheWebhook() {
    start(DispatcherSettings.DEFAULT, 1, false);
    theWorkedExamplesReachEveryMarketplace();
  }

  @Test
  void theWorkedExamplesReachAllFiveMarketplacesAtOnce() {
    assumeAmazonConnector();
    start(DispatcherSettings.DEFAULT, 1, true);
    theWorkedExamplesReachEveryMarketplace();
  }

  /** SPEC §3's worked examples (X=2000, N=10, Y=100, T off), observed at every emulator. */
  private void theWorkedExamplesReachEveryMarketplace() {
    skus(100, List.of("SEED"));
    skus(5000, List.of("TENTH", "BIG", "SHIPPED"));
    skus(2005, List.of("CROSS"));
    skus(2001, List.of("EXACT"));
    awaitShown("SEED", 100);
    for (String sku : List.of("TENTH", "BIG", "SHIPPED")) {
      awaitShown(sku, 5000);
    }
    awaitShown("CROSS", 2005);
    awaitShown("EXACT", 2001);

    // 100 on hand, an order of 5: every channel receives 95 (the seed's own example).
    h.apply(EventType.ORDER_PLACED, "SEED", 5);
    awaitShown("SEED", 95);

    // 5000 on hand: nine orders of 1 sync nothing; an order of 150 syncs at once (b): 4850.
    for (int i = 0; i < 9; i++) {
      h.apply(EventType.ORDER_PLACED, "TENTH", 1);
    }
    h.apply(EventType.ORDER_PLACED, "BIG", 150);
    awaitShown("BIG", 4850);
    awaitNothingQueued("TENTH");
    assertThat(h.view("TENTH").sync().pending()).isEqualTo(9);
    assertShownEverywhere("TENTH", 5000);
    // The tenth: every channel gets 4990.
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
    assertShownEverywhere("SHIPPED", 5000);

    // SHIPPED is left waiting (its listings still show the last synced figure), the others are
    // acknowledged everywhere.
    for (String sku : List.of("SEED", "TENTH", "BIG", "CROSS", "EXACT")) {
      assertEveryListingInSync(sku);
    }
  }

  @Test
  void itemsEachMarketplaceRefusesInItsOwnFormatFailAtOnceAndAnOperatorsRetrySendsOnlyThem() {
    boolean withAmazon = amazonConnectorRegistered();
    start(
        DispatcherSettings.DEFAULT.withRetry(
            new RetryPolicy(1_000, Duration.ofMillis(50), Duration.ofMillis(200))),
        1,
        withAmazon);
    skus(50, List.of("A", "B"));
    awaitShown("A", 50);
    awaitShown("B", 50);
    awaitNothingQueued("A");
    awaitNothingQueued("B");
    // B is refused by every marketplace with that marketplace's own per-item error: Shopify's
    // userErrors, the webhook's "rejected", Flipkart's FAILURE status, WooCommerce's item error
    // object, Amazon's INVALID submission.
    h.shopify.faults().failListings(List.of(PushHarness.shopifyItem("B")));
    h.webhook.faults().failListings(List.of(PushHarness.webhookId("B")));
    flipkart.faults().failListings(List.of(flipkartSku("B")));
    woo.faults().failListings(List.of(wooExternalId("B")));
    amazon.faults().failListings(List.of(SELLER + "/B"));
    Map<String, Integer> before = new LinkedHashMap<>();
    for (Marketplace m : marketplaces) {
      before.put(m.channel(), m.emulator().requests().list().size());
    }

    h.submit(
        List.of(h.event(EventType.ORDER_PLACED, "A", 5), h.event(EventType.ORDER_PLACED, "B", 5)));

    awaitShown("A", 45);
    // A refusal is an error no retry can fix (SPEC §5): B fails at once on every channel, with a
    // budget of a thousand retries left unused.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> h.view("B").listings().stream().allMatch(l -> l.state() == ListingState.FAILED));
    assertShownEverywhere("B", 50);
    for (Marketplace m : marketplaces) {
      long a = m.carrying("A", before.get(m.channel()));
      long b = m.carrying("B", before.get(m.channel()));
      if (m.channel().equals("shop")) {
        // inventorySetQuantities is all or nothing: A, refused with B, goes once more alone.
        assertThat(a).as("calls to Shopify carrying A").isBetween(1L, 2L);
      } else {
        assertThat(a).as("calls to " + m.channel() + " carrying A").isEqualTo(1);
      }
      assertThat(b).as("calls to " + m.channel() + " carrying B").isEqualTo(1);
    }
    assertThat(h.view("B").listings())
        .allSatisfy(l -> assertThat(l.acknowledged()).as(l.channel()).isEqualTo(50));
    assertEveryListingInSync("A");

    for (Marketplace m : marketplaces) {
      m.emulator().faults().failListings(List.of());
    }
    Map<String, Integer> beforeRetry = new LinkedHashMap<>();
    for (Marketplace m : marketplaces) {
      beforeRetry.put(m.channel(), m.emulator().requests().list().size());
    }
    int retried =
        h.engine
            .execute(
                ACCOUNT,
                (a, c, now) -> {
                  int n = 0;
                  for (Marketplace m : marketplaces) {
                    n += PushPlanner.retryFailed(a, m.channel(), now, c);
                  }
                  return n;
                })
            .join();

    assertThat(retried).isEqualTo(marketplaces.size());
    awaitShown("B", 45);
    awaitNothingQueued("B");
    assertEveryListingInSync("A");
    assertEveryListingInSync("B");
    for (Marketplace m : marketplaces) {
      assertThat(m.carrying("A", beforeRetry.get(m.channel())))
          .as("calls to " + m.channel() + " carrying A after the retry")
          .isZero();
    }
  }

  @Test
  void tokensThatExpireMidRunAreRenewedAndNothingIsLost() {
    boolean withAmazon = amazonConnectorRegistered();
    // Sixty times real speed: a 30-second token lives half a second.
    start(DispatcherSettings.DEFAULT, 60, withAmazon);
    skus(500, List.of("MUG"));
    awaitShown("MUG", 500);
    // Marketplaces expire tokens early: every token issued, the ones held included, lives 30 s.
    flipkart.faults().tokenLifetime(Duration.ofSeconds(30));
    amazon.faults().tokenLifetime(Duration.ofSeconds(30));

    for (int round = 1; round <= 4; round++) {
      Instant mark = h.clock.instant();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.clock.instant().isAfter(mark.plusSeconds(40)));
      h.apply(EventType.ORDER_PLACED, "MUG", 1);
      awaitShown("MUG", 500 - round);
    }

    awaitNothingQueued("MUG");
    assertEveryListingInSync("MUG");
    List<RecordedRequest> atFlipkart = flipkart.requests().list();
    assertThat(atFlipkart.stream().filter(r -> r.path().endsWith("/oauth/token")).count())
        .as("Flipkart token requests")
        .isGreaterThanOrEqualTo(4);
    // The token held when the lifetime shrank was refused once, replaced, and the update went on.
    assertThat(
            atFlipkart.stream()
                .filter(r -> r.path().endsWith("/update/inventory") && r.status() == 401)
                .count())
        .as("Flipkart updates refused for an expired token")
        .isGreaterThanOrEqualTo(1);
    if (withAmazon) {
      assertThat(
              amazon.requests().list().stream()
                  .filter(r -> r.path().endsWith("/auth/o2/token"))
                  .count())
          .as("Amazon token requests")
          .isGreaterThanOrEqualTo(4);
    }
    for (SkuView.ListingView l : h.view("MUG").listings()) {
      assertThat(l.acknowledged()).as(l.channel()).isEqualTo(496);
    }
  }
}
