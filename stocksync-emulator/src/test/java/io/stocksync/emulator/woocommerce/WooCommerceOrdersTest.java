package io.stocksync.emulator.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Await;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.HookReceiver;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import io.stocksync.emulator.storefront.Hmac;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WooCommerceOrdersTest {

  private static final String AUTH =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (WooCommerceEmulator.DEFAULT_CONSUMER_KEY
                          + ":"
                          + WooCommerceEmulator.DEFAULT_CONSUMER_SECRET)
                      .getBytes(StandardCharsets.UTF_8));
  private static final String ORDERS = "/woocommerce/wp-json/wc/v3/orders";
  private static final String WEBHOOKS = "/woocommerce/wp-json/wc/v3/webhooks";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private Http http;
  private HookReceiver receiver;

  @BeforeEach
  void start() {
    server = EmulatorServer.builder().clock(clock).start();
    http = new Http(server);
    receiver = new HookReceiver();
    http.put("/emulator/woocommerce/quantities", "{\"11\":5,\"12/13\":3}");
  }

  @AfterEach
  void stop() {
    receiver.close();
    server.close();
  }

  private String buy(String listing, int quantity) {
    HttpResponse<String> answer =
        http.post(
            "/emulator/woocommerce/orders",
            Map.of(),
            "{\"lines\":[{\"listing\":\"" + listing + "\",\"quantity\":" + quantity + "}]}");
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode body = Http.json(answer);
    return body.path("accepted").booleanValue() ? body.get("orderId").asText() : null;
  }

  private HttpResponse<String> get(String path) {
    return http.send("GET", path, Map.of("Authorization", AUTH), null);
  }

  @Test
  void aBuyLowersTheFigureAndAppearsInTheOrdersApiAsProcessing() {
    String orderId = buy("12/13", 2);

    assertThat(orderId).isEqualTo("1");
    assertThat(Http.json(http.get("/emulator/woocommerce/quantities")).get("12/13").asLong())
        .isEqualTo(1);
    HttpResponse<String> listed = get(ORDERS);
    assertThat(listed.headers().firstValue("X-WP-Total")).hasValue("1");
    JsonNode order = Http.json(listed).get(0);
    assertThat(order.get("id").asLong()).isEqualTo(1);
    assertThat(order.get("status").asText()).isEqualTo("processing");
    assertThat(order.get("date_modified_gmt").asText()).isEqualTo("2026-11-27T10:00:00");
    JsonNode line = order.get("line_items").get(0);
    assertThat(line.get("product_id").asLong()).isEqualTo(12);
    assertThat(line.get("variation_id").asLong()).isEqualTo(13);
    assertThat(line.get("quantity").asLong()).isEqualTo(2);
    assertThat(line.has("sku")).isTrue();
  }

  @Test
  void aBuyOverTheHeldFigureIsRefusedAndChangesNothing() {
    assertThat(buy("11", 6)).isNull();
    assertThat(buy("404", 1)).isNull();

    assertThat(Http.json(http.get("/emulator/woocommerce/quantities")).get("11").asLong())
        .isEqualTo(5);
    assertThat(Http.json(get(ORDERS))).isEmpty();
  }

  @Test
  void aMalformedBuyAnswers400NamingTheField() {
    HttpResponse<String> answer =
        http.post(
            "/emulator/woocommerce/orders",
            Map.of(),
            "{\"lines\":[{\"listing\":\"11\",\"quantity\":0}]}");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("lines[0].quantity");
    HttpResponse<String> badKey =
        http.post(
            "/emulator/woocommerce/orders",
            Map.of(),
            "{\"lines\":[{\"listing\":\"abc\",\"quantity\":1}]}");
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(badKey.body()).contains("lines[0].listing");
  }

  @Test
  void theLifeMovesStatusesAndACancelPutsTheUnitsBack() {
    String cancelled = buy("11", 2);
    String shipped = buy("11", 1);

    assertThat(
            http.post("/emulator/woocommerce/orders/" + cancelled + "/cancel", Map.of(), "")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            http.post("/emulator/woocommerce/orders/" + shipped + "/ship", Map.of(), "")
                .statusCode())
        .isEqualTo(200);
    assertThat(Http.json(http.get("/emulator/woocommerce/quantities")).get("11").asLong())
        .isEqualTo(4);
    assertThat(
            http.post("/emulator/woocommerce/orders/" + cancelled + "/ship", Map.of(), "")
                .statusCode())
        .isEqualTo(409);
    http.post("/emulator/woocommerce/orders/" + shipped + "/return", Map.of(), "");

    JsonNode orders = Http.json(get(ORDERS + "?orderby=id&order=asc"));
    assertThat(orders.get(0).get("status").asText()).isEqualTo("cancelled");
    assertThat(orders.get(1).get("status").asText()).isEqualTo("refunded");
    assertThat(Http.json(http.get("/emulator/woocommerce/quantities")).get("11").asLong())
        .as("a return is not stock until the warehouse receives it")
        .isEqualTo(4);
  }

  @Test
  void pagingAndModifiedAfterSelectTheOrdersChangedSince() {
    http.put("/emulator/woocommerce/quantities", "{\"11\":500}");
    for (int i = 0; i < 25; i++) {
      buy("11", 1);
    }
    clock.advance(Duration.ofMinutes(5));
    http.post("/emulator/woocommerce/orders/3/cancel", Map.of(), "");

    HttpResponse<String> page3 = get(ORDERS + "?per_page=10&page=3&orderby=id&order=asc");
    assertThat(page3.headers().firstValue("X-WP-Total")).hasValue("25");
    assertThat(page3.headers().firstValue("X-WP-TotalPages")).hasValue("3");
    assertThat(Http.json(page3)).hasSize(5);
    assertThat(Http.json(page3).get(0).get("id").asLong()).isEqualTo(21);

    JsonNode changed = Http.json(get(ORDERS + "?modified_after=2026-11-27T10:01:00"));
    assertThat(changed).hasSize(1);
    assertThat(changed.get(0).get("id").asLong()).isEqualTo(3);
    assertThat(get(ORDERS + "?per_page=101").statusCode()).isEqualTo(400);
    assertThat(get(ORDERS + "?modified_after=yesterday").body()).contains("modified_after");
  }

  @Test
  void theOrdersApiNeedsTheKeys() {
    HttpResponse<String> anonymous = http.send("GET", ORDERS, Map.of(), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("woocommerce_rest_cannot_view");
  }

  private long subscribe(String topic, String secret) {
    HttpResponse<String> created =
        http.send(
            "POST",
            WEBHOOKS,
            Map.of("Authorization", AUTH),
            Http.json(
                Map.of(
                    "name",
                    "StockSync",
                    "topic",
                    topic,
                    "delivery_url",
                    receiver.url(),
                    "secret",
                    secret)));
    assertThat(created.statusCode()).isEqualTo(201);
    return Http.json(created).get("id").asLong();
  }

  @Test
  void webhooksArriveSignedWithTheSubscriptionsSecretAndHeaders() {
    long created = subscribe("order.created", "wc-secret");
    long updated = subscribe("order.updated", "other-secret");

    String orderId = buy("11", 1);
    http.post("/emulator/woocommerce/orders/" + orderId + "/ship", Map.of(), "");

    Await.until(Duration.ofSeconds(5), () -> receiver.hooks().size() == 2);
    HookReceiver.Hook first =
        receiver.hooks().stream()
            .filter(h -> "order.created".equals(h.header("X-WC-Webhook-Topic")))
            .findFirst()
            .orElseThrow();
    assertThat(first.header("X-WC-Webhook-Signature"))
        .isEqualTo(Hmac.base64Sha256("wc-secret", first.body()));
    assertThat(first.header("X-WC-Webhook-Resource")).isEqualTo("order");
    assertThat(first.header("X-WC-Webhook-Event")).isEqualTo("created");
    assertThat(first.header("X-WC-Webhook-ID")).isEqualTo(Long.toString(created));
    assertThat(first.header("X-WC-Webhook-Delivery-ID")).isNotBlank();
    assertThat(first.header("X-WC-Webhook-Source")).endsWith("/woocommerce/");
    HookReceiver.Hook second =
        receiver.hooks().stream()
            .filter(h -> "order.updated".equals(h.header("X-WC-Webhook-Topic")))
            .findFirst()
            .orElseThrow();
    assertThat(second.header("X-WC-Webhook-Signature"))
        .isEqualTo(Hmac.base64Sha256("other-secret", second.body()));
    assertThat(second.header("X-WC-Webhook-ID")).isEqualTo(Long.toString(updated));
    assertThat(second.text()).contains("\"status\":\"completed\"");
  }

  @Test
  void aDeletedSubscriptionGetsNoMoreWebhooks() {
    long id = subscribe("order.created", "s");
    assertThat(
            http.send(
                    "DELETE",
                    WEBHOOKS + "/" + id + "?force=true",
                    Map.of("Authorization", AUTH),
                    null)
                .statusCode())
        .isEqualTo(200);
    buy("11", 1);
    assertThat(Http.json(get(WEBHOOKS))).isEmpty();
    assertThat(Http.json(http.get("/emulator/woocommerce/webhooks"))).isEmpty();
  }

  @Test
  void faultsDropDuplicateAndDelayWebhooks() {
    subscribe("order.created", "s");
    http.post(
        "/emulator/woocommerce/faults", Map.of(), "{\"dropWebhooks\":1,\"duplicateWebhooks\":1}");

    buy("11", 1);
    buy("11", 1);
    Await.until(Duration.ofSeconds(5), () -> receiver.hooks().size() == 2);
    List<HookReceiver.Hook> hooks = receiver.hooks();
    assertThat(hooks)
        .extracting(h -> h.header("X-WC-Webhook-Delivery-ID"))
        .containsOnly(hooks.get(0).header("X-WC-Webhook-Delivery-ID"));
    assertThat(hooks.get(0).text()).contains("\"id\":2,");
    JsonNode log = Http.json(http.get("/emulator/woocommerce/webhooks"));
    assertThat(log.get(0).get("outcome").asText()).isEqualTo("dropped");
    assertThat(log.get(1).get("copies").asInt()).isEqualTo(2);

    http.post("/emulator/woocommerce/faults", Map.of(), "{\"webhookDelaySeconds\":0.6}");
    long before = System.nanoTime();
    buy("11", 1);
    Await.until(Duration.ofSeconds(5), () -> receiver.hooks().size() == 3);
    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void dropAllStopsEveryWebhookAndBadFaultValuesAreRefused() {
    subscribe("order.created", "s");
    http.post("/emulator/woocommerce/faults", Map.of(), "{\"dropWebhooks\":\"all\"}");
    buy("11", 1);
    buy("11", 1);
    Await.until(
        Duration.ofSeconds(5),
        () -> Http.json(http.get("/emulator/woocommerce/webhooks")).size() == 2);
    assertThat(receiver.hooks()).isEmpty();
    HttpResponse<String> bad =
        http.post("/emulator/woocommerce/faults", Map.of(), "{\"duplicateWebhooks\":\"twice\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("duplicateWebhooks");
  }
}
