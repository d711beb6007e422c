package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} reads the marketplaces' order feeds by itself (SPEC §9): it registers Shopify's and
 * WooCommerce's webhooks through their own APIs when a channel is stored, books what customers buy
 * on the emulators' storefronts, and tells the other channels; it polls a channel that has only an
 * order API on its schedule. No test here calls the poller: the server does.
 */
class ServeOrderFeedsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHOPIFY_ITEM = "gid://shopify/InventoryItem/1000";
  private static final String SHOPIFY_LOCATION = "gid://shopify/Location/1";
  private static final String SHOPIFY_KEY = SHOPIFY_ITEM + "@" + SHOPIFY_LOCATION;

  @TempDir Path dir;
  private EmulatorServer emulators;
  private ServeCommand.Running running;
  private String base;
  private String key;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    emulators = EmulatorServer.builder().port(0).start();
    key = createAccount();
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.stop();
    }
    emulators.close();
  }

  private ServeCommand serve(String publicUrl) {
    ServeCommand serve = new ServeCommand();
    serve.store = new ConfigOptions();
    serve.store.dataDir = dir.toString();
    serve.store.db = dir.resolve("stocksync.db").toString();
    serve.port = "0";
    serve.bind = "127.0.0.1";
    serve.publicUrl = publicUrl;
    serve.loopbackPublicUrl = publicUrl == null;
    return serve;
  }

  private void startServer(String publicUrl) {
    running = serve(publicUrl).start();
    base = "http://127.0.0.1:" + running.port();
  }

  private String createAccount() {
    ConfigOptions store = new ConfigOptions();
    store.dataDir = dir.toString();
    store.db = dir.resolve("stocksync.db").toString();
    ServerConfig config = store.resolve(Map.of());
    LedgerRepository ledger = LedgerRepositories.open(config.db());
    try (ApiKeyRepository keys = ApiKeyRepository.open(config.db())) {
      return new Accounts(ledger, keys, Clock.systemUTC()).create("Feed shop").key().key();
    } finally {
      ledger.close();
    }
  }

  private JsonNode call(String method, String url, Object body, String... headers)
      throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    r.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(method + " " + url + ": " + answer.body()).isEqualTo(200);
    return answer.body().isEmpty() ? null : JSON.readTree(answer.body());
  }

  private JsonNode api(String method, String path, Object body) throws Exception {
    return call(method, base + path, body, "Authorization", "Bearer " + key);
  }

  private long held(String marketplace, String listing) throws Exception {
    return call("GET", emulators.baseUrl() + "/emulator/" + marketplace + "/quantities", null)
        .path(listing)
        .asLong(-1);
  }

  private JsonNode feed(String channel) throws Exception {
    return api("GET", "/v1/channels/" + channel + "/feed", null);
  }

  /** A shop with 100 mugs, listed on a Shopify and a WooCommerce channel with webhook secrets. */
  private void shop(long pollSeconds) throws Exception {
    api("PUT", "/v1/locations/WH1", Map.of("name", "Main", "sellable", true));
    api("PUT", "/v1/skus/MUG", Map.of("name", "Mug"));
    api(
        "POST",
        "/v1/events",
        Map.of(
            "events",
            java.util.List.of(
                Map.of(
                    "id",
                    "p-1",
                    "type",
                    "PUTAWAY",
                    "sku",
                    "MUG",
                    "location",
                    "WH1",
                    "quantity",
                    100))));
    api(
        "PUT",
        "/v1/channels/shop",
        Map.of(
            "type",
            "shopify",
            "baseUrl",
            emulators.baseUrl(ShopifyEmulator.NAME),
            "settings",
            Map.of("locationId", SHOPIFY_LOCATION, "ordersPollSeconds", pollSeconds),
            "credentials",
            Map.of(
                "accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN,
                "webhookSecret", ShopifyEmulator.DEFAULT_WEBHOOK_SECRET)));
    api(
        "PUT",
        "/v1/channels/woo",
        Map.of(
            "type",
            "woocommerce",
            "baseUrl",
            emulators.baseUrl(WooCommerceEmulator.NAME),
            "settings",
            Map.of("ordersPollSeconds", pollSeconds),
            "credentials",
            Map.of(
                "consumerKey", WooCommerceEmulator.DEFAULT_CONSUMER_KEY,
                "consumerSecret", WooCommerceEmulator.DEFAULT_CONSUMER_SECRET,
                "webhookSecret", "woo-hook-secret")));
    api("PUT", "/v1/channels/shop/listings/MUG", Map.of("externalId", SHOPIFY_ITEM));
    api("PUT", "/v1/channels/woo/listings/MUG", Map.of("externalId", "500"));
  }

  private void buy(String marketplace, String listing, long quantity) throws Exception {
    JsonNode answer =
        call(
            "POST",
            emulators.baseUrl() + "/emulator/" + marketplace + "/orders",
            Map.of("lines", java.util.List.of(Map.of("listing", listing, "quantity", quantity))));
    assertThat(answer.path("accepted").asBoolean()).as(marketplace + " sold").isTrue();
  }

  private JsonNode orders(String channel) throws Exception {
    return api("GET", "/v1/orders?channel=" + channel, null).path("orders");
  }

  @Test
  void aCustomerBuyingOnShopifyOrWooCommerceReachesTheLedgerByWebhookAndLowersTheOtherChannel()
      throws Exception {
    startServer(null);
    shop(3600); // polls an hour apart: what arrives within the test came by webhook
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                feed("shop").path("webhookRegistered").asBoolean()
                    && feed("woo").path("webhookRegistered").asBoolean());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> held("shopify", SHOPIFY_KEY) == 100 && held("woocommerce", "500") == 100);

    buy("shopify", SHOPIFY_KEY, 3);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> orders("shop").size() == 1 && orders("shop").get(0).path("matched").asBoolean());
    assertThat(orders("shop").get(0).path("sku").asText()).isEqualTo("MUG");
    await().atMost(Duration.ofSeconds(20)).until(() -> held("woocommerce", "500") == 97);

    buy("woocommerce", "500", 5);

    await().atMost(Duration.ofSeconds(20)).until(() -> orders("woo").size() == 1);
    assertThat(orders("woo").get(0).path("sku").asText()).isEqualTo("MUG");
    await().atMost(Duration.ofSeconds(20)).until(() -> held("shopify", SHOPIFY_KEY) == 92);
    JsonNode mug = api("GET", "/v1/skus/MUG", null);
    assertThat(mug.path("reserved").asLong()).isEqualTo(8);
  }

  /** The figures Shopify held for the listing at each of its quantity writes, oldest first. */
  private java.util.List<Long> shopifyWrites() throws Exception {
    java.util.List<Long> figures = new java.util.ArrayList<>();
    JsonNode requests = call("GET", emulators.baseUrl() + "/emulator/shopify/requests", null);
    for (JsonNode r : requests) {
      String body = r.path("body").asText();
      if (body.contains("inventorySetQuantities")) {
        JsonNode q = JSON.readTree(body).path("variables").path("input").path("quantities").path(0);
        figures.add(q.path("quantity").asLong());
      }
    }
    return figures;
  }

  @Test
  void anIncreaseOnShopifyGoesAtOnceWithItsCompareAndAfterAnUnheardSaleIsNeverRaisedOverIt()
      throws Exception {
    startServer(null);
    shop(3600); // polls an hour apart, and no webhook arrives: only a stale compare polls
    await().atMost(Duration.ofSeconds(20)).until(() -> held("shopify", SHOPIFY_KEY) == 100);
    call("POST", emulators.baseUrl() + "/emulator/shopify/faults", Map.of("dropWebhooks", "all"));

    // An increase over an acknowledged figure goes at once: Shopify checks it itself.
    api("POST", "/v1/events", Map.of("events", java.util.List.of(putaway("p-2", 10))));
    await().atMost(Duration.ofSeconds(20)).until(() -> held("shopify", SHOPIFY_KEY) == 110);
    assertThat(feed("shop").path("lastPollAt").isNull()).as("no poll was needed").isTrue();

    // A customer buys 30 on Shopify; its webhook is lost. A put-away of 5 elsewhere: 115 would put
    // the 30 sold back. Shopify refuses the compare (it holds 80, not 110), the feed is polled at
    // once and books the order, and what goes then is 85: 115 on hand less the 30 it sold.
    buy("shopify", SHOPIFY_KEY, 30);
    assertThat(held("shopify", SHOPIFY_KEY)).isEqualTo(80);
    api("POST", "/v1/events", Map.of("events", java.util.List.of(putaway("p-3", 5))));

    await().atMost(Duration.ofSeconds(30)).until(() -> held("shopify", SHOPIFY_KEY) == 85);
    assertThat(orders("shop")).hasSize(1);
    assertThat(api("GET", "/v1/skus/MUG", null).path("reserved").asLong()).isEqualTo(30);
    assertThat(feed("shop").path("lastPollAt").isTextual()).as("the stale compare polled").isTrue();
    assertThat(
            api("GET", "/v1/pushes?channel=shop&limit=10", null)
                .path("pushes")
                .findValuesAsText("status"))
        .contains("STALE");
    // The only write above 85 after the sale is the one Shopify refused: it never held more.
    java.util.List<Long> writes = shopifyWrites();
    assertThat(writes.subList(writes.lastIndexOf(110L) + 1, writes.size()))
        .containsExactly(115L, 85L);
  }

  private static Map<String, Object> putaway(String id, long quantity) {
    return Map.of(
        "id", id, "type", "PUTAWAY", "sku", "MUG", "location", "WH1", "quantity", quantity);
  }

  @Test
  void aChannelWithOnlyAnOrderApiAddedWhileServingIsPolledOnItsSchedule() throws Exception {
    startServer(null);
    shop(3600);
    api(
        "PUT",
        "/v1/channels/own",
        Map.of(
            "type",
            "webhook",
            "baseUrl",
            emulators.baseUrl("webhook"),
            "settings",
            Map.of("ordersUrl", emulators.baseUrl("webhook") + "/orders", "ordersPollSeconds", 1),
            "credentials",
            Map.of("secret", "own-secret")));
    api("PUT", "/v1/channels/own/listings/MUG", Map.of("externalId", "L-MUG"));
    // The seller's shop has no webhooks here: its orders come by the poll alone.
    await().atMost(Duration.ofSeconds(20)).until(() -> feed("own").path("lastPollAt").isTextual());

    buy("webhook", "L-MUG", 4);

    await().atMost(Duration.ofSeconds(20)).until(() -> orders("own").size() == 1);
    assertThat(orders("own").get(0).path("sku").asText()).isEqualTo("MUG");
    assertThat(feed("own").path("webhookRegistered").asBoolean()).isFalse();
    await().atMost(Duration.ofSeconds(20)).until(() -> held("woocommerce", "500") == 96);
  }

  private int shopifySubscriptions() throws Exception {
    return call(
            "POST",
            emulators.baseUrl(ShopifyEmulator.NAME) + "/admin/api/2026-10/graphql.json",
            Map.of("query", "{ webhookSubscriptions(first: 50) { nodes { id topic uri } } }"),
            "X-Shopify-Access-Token",
            ShopifyEmulator.DEFAULT_ACCESS_TOKEN)
        .path("data")
        .path("webhookSubscriptions")
        .path("nodes")
        .size();
  }

  private JsonNode wooSubscriptions() throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (WooCommerceEmulator.DEFAULT_CONSUMER_KEY
                        + ":"
                        + WooCommerceEmulator.DEFAULT_CONSUMER_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
    return call(
        "GET",
        emulators.baseUrl(WooCommerceEmulator.NAME) + "/wp-json/wc/v3/webhooks",
        null,
        "Authorization",
        "Basic " + basic);
  }

  private long wooWebhookLists() throws Exception {
    JsonNode requests = call("GET", emulators.baseUrl() + "/emulator/woocommerce/requests", null);
    long n = 0;
    for (JsonNode r : requests) {
      if ("GET".equals(r.path("method").asText())
          && r.path("path").asText().endsWith("/wp-json/wc/v3/webhooks")) {
        n++;
      }
    }
    return n;
  }

  @Test
  void registrationListsFirstSoThatSavingAgainAndRestartingAddNoSecondSubscription()
      throws Exception {
    String publicUrl = "http://127.0.0.1:9/stocksync"; // the address the marketplaces are given
    startServer(publicUrl);
    shop(3600);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                feed("shop").path("webhookRegistered").asBoolean()
                    && feed("woo").path("webhookRegistered").asBoolean());
    assertThat(shopifySubscriptions()).isEqualTo(4);
    assertThat(wooSubscriptions()).hasSize(2);
    assertThat(wooSubscriptions().findValuesAsText("delivery_url"))
        .containsOnly(publicUrl + "/hooks/woo");
    assertThat(wooSubscriptions().findValuesAsText("secret")).containsOnly("woo-hook-secret");

    api("PATCH", "/v1/channels/woo", Map.of("settings", Map.of("ordersPollSeconds", 3000)));
    running.stop();
    long listedBefore = wooWebhookLists();
    startServer(publicUrl);

    // The restarted server looks again (it lists), and finds both there.
    await().atMost(Duration.ofSeconds(20)).until(() -> wooWebhookLists() > listedBefore);
    assertThat(wooSubscriptions()).hasSize(2);
    assertThat(shopifySubscriptions()).isEqualTo(4);
    assertThat(feed("woo").path("webhookRegistered").asBoolean()).isTrue();
  }
}
