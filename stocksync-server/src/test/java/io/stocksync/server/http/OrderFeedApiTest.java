package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order feed over real HTTP on loopback (SPEC §9): marketplaces' webhooks signed as each signs
 * them, booked once however often they come, answered 200 once durable; a bad signature changes
 * nothing; {@code GET /v1/orders} shows each line and what became of it.
 */
class OrderFeedApiTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    shop = api.account("Feed shop");
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    check(api.put("/v1/skus/PLATE", shop.key(), "{\"name\":\"Plate\"}"));
    check(
        api.events(
            shop.key(),
            List.of(event("p-1", "PUTAWAY", "MUG", 10), event("p-2", "PUTAWAY", "PLATE", 5))));
    check(
        api.put(
            "/v1/channels/woo",
            shop.key(),
            "{\"type\":\"woocommerce\",\"baseUrl\":\"http://127.0.0.1:9/woo\","
                + "\"credentials\":{\"consumerKey\":\"ck\",\"consumerSecret\":\"cs\","
                + "\"webhookSecret\":\"woo-secret\"}}"));
    check(api.put("/v1/channels/woo/listings/MUG", shop.key(), "{\"externalId\":\"42\"}"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static byte[] hmac(String secret, byte[]... parts) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    for (byte[] p : parts) {
      mac.update(p);
    }
    return mac.doFinal();
  }

  private HttpResponse<String> hook(String channel, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(api.base() + "/hooks/" + channel))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] wooOrder(long id, String status, long product, long quantity) {
    return ("{\"id\":"
            + id
            + ",\"status\":\""
            + status
            + "\",\"date_modified_gmt\":\"2026-12-01T10:00:00\","
            + (status.equals("completed") ? "\"date_completed_gmt\":\"2026-12-01T10:00:00\"," : "")
            + "\"line_items\":[{\"id\":7,\"product_id\":"
            + product
            + ",\"variation_id\":0,\"quantity\":"
            + quantity
            + ",\"sku\":\"\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> woo(byte[] body, String topic) throws Exception {
    return hook(
        "woo",
        body,
        "X-WC-Webhook-Topic",
        topic,
        "X-WC-Webhook-Signature",
        Base64.getEncoder().encodeToString(hmac("woo-secret", body)));
  }

  private JsonNode sku(String code) {
    return check(api.get("/v1/skus/" + code, shop.key())).json();
  }

  @Test
  void aSignedWooCommerceOrderIsBookedOnceWhateverHowOftenItComes() throws Exception {
    byte[] created = wooOrder(501, "processing", 42, 2);

    assertThat(woo(created, "order.created").statusCode()).isEqualTo(200);
    assertThat(woo(created, "order.created").statusCode()).isEqualTo(200); // a retry
    assertThat(woo(created, "order.updated").statusCode()).isEqualTo(200); // an update, same state

    assertThat(sku("MUG").path("reserved").asLong()).isEqualTo(2);
    assertThat(sku("MUG").path("available").asLong()).isEqualTo(8);
    JsonNode line = check(api.get("/v1/orders?channel=woo", shop.key())).json().path("orders");
    assertThat(line).hasSize(1);
    assertThat(line.get(0).path("orderId").asText()).isEqualTo("501");
    assertThat(line.get(0).path("sku").asText()).isEqualTo("MUG");
    assertThat(line.get(0).path("location").asText()).isEqualTo("WH1");
    assertThat(line.get(0).path("booked").toString()).isEqualTo("[\"placed\"]");
  }

  @Test
  void aCompletedOrderShipsItsUnitsAndARefundIsRecordedButBooksNoStock() throws Exception {
    woo(wooOrder(502, "processing", 42, 3), "order.created");
    woo(wooOrder(502, "completed", 42, 3), "order.updated");

    assertThat(sku("MUG").path("onHand").asLong()).isEqualTo(7);
    assertThat(sku("MUG").path("reserved").asLong()).isEqualTo(0);

    byte[] refunded =
        new String(wooOrder(502, "completed", 42, 3), StandardCharsets.UTF_8)
            .replace("\"completed\"", "\"refunded\"")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(woo(refunded, "order.updated").statusCode()).isEqualTo(200);

    assertThat(sku("MUG").path("onHand").asLong()).isEqualTo(7); // back only on RETURN_RECEIVED
    JsonNode line = check(api.get("/v1/orders?state=returned", shop.key())).json().path("orders");
    assertThat(line).hasSize(1);
    assertThat(line.get(0).path("returned").asBoolean()).isTrue();
  }

  @Test
  void aCancelledOrderReleasesItsReservation() throws Exception {
    woo(wooOrder(503, "processing", 42, 4), "order.created");
    woo(wooOrder(503, "cancelled", 42, 4), "order.updated");

    assertThat(sku("MUG").path("reserved").asLong()).isEqualTo(0);
    assertThat(sku("MUG").path("onHand").asLong()).isEqualTo(10);
  }

  @Test
  void aBadOrMissingSignatureIsRefusedWith401AndChangesNothing() throws Exception {
    byte[] body = wooOrder(504, "processing", 42, 1);
    String before = api.digest(shop.id());

    HttpResponse<String> forged =
        hook(
            "woo",
            body,
            "X-WC-Webhook-Signature",
            Base64.getEncoder().encodeToString(hmac("not-the-secret", body)));
    HttpResponse<String> unsigned = hook("woo", body);
    HttpResponse<String> unknownChannel = hook("nope", body);

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unknownChannel.statusCode()).isEqualTo(401);
    assertThat(api.digest(shop.id())).isEqualTo(before);
  }

  @Test
  void anUnmatchedLineIsKeptAndBookedWhenItsListingAppears() throws Exception {
    assertThat(woo(wooOrder(505, "processing", 77, 2), "order.created").statusCode())
        .isEqualTo(200);
    JsonNode kept = check(api.get("/v1/orders?state=unmatched", shop.key())).json().path("orders");
    assertThat(kept).hasSize(1);
    assertThat(sku("PLATE").path("reserved").asLong()).isEqualTo(0);

    check(api.put("/v1/channels/woo/listings/PLATE", shop.key(), "{\"externalId\":\"77\"}"));

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sku("PLATE").path("reserved").asLong()).isEqualTo(2));
    assertThat(check(api.get("/v1/orders?state=unmatched", shop.key())).json().path("orders"))
        .isEmpty();
  }

  @Test
  void aWebhookShopPostsItsOrdersSignedAsStockSyncSignsItsPushes() throws Exception {
    check(
        api.put(
            "/v1/channels/own",
            shop.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/hook\","
                + "\"credentials\":{\"secret\":\"own-secret\"}}"));
    check(api.put("/v1/channels/own/listings/MUG", shop.key(), "{\"externalId\":\"MUG-BLUE\"}"));
    byte[] body =
        ("{\"orderId\":\"A-1\",\"state\":\"placed\","
                + "\"lines\":[{\"lineId\":\"1\",\"externalId\":\"MUG-BLUE\",\"quantity\":3}]}")
            .getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    String signature =
        "v1=" + HexFormat.of().formatHex(hmac("own-secret", (ts + ".").getBytes(), body));

    HttpResponse<String> stale =
        hook("own", body, "X-StockSync-Timestamp", "1000", "X-StockSync-Signature", signature);
    HttpResponse<String> ok =
        hook("own", body, "X-StockSync-Timestamp", ts, "X-StockSync-Signature", signature);

    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(sku("MUG").path("reserved").asLong()).isEqualTo(3);
  }

  @Test
  void aShopifyOrderWebhookIsMatchedByItsSkuAndSignedWithTheAppSecret() throws Exception {
    check(
        api.put(
            "/v1/channels/shopify",
            shop.key(),
            "{\"type\":\"shopify\",\"baseUrl\":\"http://127.0.0.1:9/shopify\","
                + "\"settings\":{\"locationId\":\"gid://shopify/Location/1\"},"
                + "\"credentials\":{\"accessToken\":\"t\",\"webhookSecret\":\"app-secret\"}}"));
    check(
        api.put(
            "/v1/channels/shopify/listings/MUG",
            shop.key(),
            "{\"externalId\":\"gid://shopify/InventoryItem/9\"}"));
    byte[] body =
        ("{\"id\":820982911946154508,\"updated_at\":\"2026-12-01T10:00:00-05:00\","
                + "\"cancelled_at\":null,\"line_items\":[{\"id\":466157049,\"sku\":\"MUG\","
                + "\"quantity\":1,\"fulfillment_status\":null,\"variant_id\":39072856}]}")
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> r =
        hook(
            "shopify",
            body,
            "X-Shopify-Topic",
            "orders/create",
            "X-Shopify-Hmac-Sha256",
            Base64.getEncoder().encodeToString(hmac("app-secret", body)));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(sku("MUG").path("reserved").asLong()).isEqualTo(1);
  }

  @Test
  void aChannelIdInTwoAccountsBooksOnlyIntoTheAccountWhoseSecretSignedIt() throws Exception {
    TestApi.Account other = api.account("Other shop");
    check(api.put("/v1/locations/WH1", other.key(), "{\"name\":\"Depot\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", other.key(), "{\"name\":\"Mug\"}"));
    check(
        api.put(
            "/v1/channels/woo",
            other.key(),
            "{\"type\":\"woocommerce\",\"baseUrl\":\"http://127.0.0.1:9/woo\","
                + "\"credentials\":{\"consumerKey\":\"k\",\"consumerSecret\":\"s\","
                + "\"webhookSecret\":\"other-secret\"}}"));
    check(api.put("/v1/channels/woo/listings/MUG", other.key(), "{\"externalId\":\"42\"}"));
    byte[] body = wooOrder(600, "processing", 42, 1);

    HttpResponse<String> r =
        hook(
            "woo",
            body,
            "X-WC-Webhook-Signature",
            Base64.getEncoder().encodeToString(hmac("other-secret", body)));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(check(api.get("/v1/skus/MUG", other.key())).json().path("reserved").asLong())
        .isEqualTo(1);
    assertThat(sku("MUG").path("reserved").asLong()).isEqualTo(0);
    assertThat(check(api.get("/v1/orders", shop.key())).json().path("orders")).isEmpty();
  }

  @Test
  void ordersRefuseAnUnknownStateOrCursorNamingTheParameter() {
    TestApi.Answer state = api.get("/v1/orders?state=lost", shop.key());
    TestApi.Answer cursor = api.get("/v1/orders?cursor=bm9wZQ", shop.key());

    assertThat(state.status()).isEqualTo(400);
    assertThat(state.json().path("errors").get(0).path("field").asText()).isEqualTo("state");
    assertThat(cursor.status()).isEqualTo(400);
  }

  @Test
  void theFeedStateOfAChannelIsShownAndAnotherAccountsChannelIsA404() {
    JsonNode feed = check(api.get("/v1/channels/woo/feed", shop.key())).json();
    TestApi.Account other = api.account("Stranger");

    assertThat(feed.path("channel").asText()).isEqualTo("woo");
    assertThat(feed.path("webhookRegistered").asBoolean()).isFalse();
    assertThat(api.get("/v1/channels/woo/feed", other.key()).status()).isEqualTo(404);
  }
}
