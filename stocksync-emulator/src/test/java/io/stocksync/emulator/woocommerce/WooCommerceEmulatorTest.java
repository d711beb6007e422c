package io.stocksync.emulator.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WooCommerceEmulatorTest {

  private static final String PRODUCTS_BATCH = "/woocommerce/wp-json/wc/v3/products/batch";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private WooCommerceEmulator woo;
  private Http http;

  @BeforeEach
  void start() {
    woo = new WooCommerceEmulator(WooCommerceEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().clock(clock).add(woo).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void updatesTheStockOfProductsAndAnswersEachProduct() {
    HttpResponse<String> response = batch(PRODUCTS_BATCH, List.of(update(11, 5), update(12, 0)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode updated = Http.json(response).path("update");
    assertThat(updated).hasSize(2);
    assertThat(updated.get(0).path("id").asLong()).isEqualTo(11);
    assertThat(updated.get(0).path("manage_stock").asBoolean()).isTrue();
    assertThat(updated.get(0).path("stock_quantity").asLong()).isEqualTo(5);
    assertThat(updated.get(0).path("stock_status").asText()).isEqualTo("instock");
    assertThat(updated.get(0).path("date_modified_gmt").asText()).isEqualTo("2026-11-27T10:00:00");
    assertThat(updated.get(1).path("stock_status").asText()).isEqualTo("outofstock");
    assertThat(woo.quantities()).containsExactly(Map.entry("11", 5L), Map.entry("12", 0L));
  }

  @Test
  void updatesTheStockOfVariationsUnderTheirProduct() {
    HttpResponse<String> response =
        batch("/woocommerce/wp-json/wc/v3/products/40/variations/batch", List.of(update(41, 3)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode variation = Http.json(response).path("update").get(0);
    assertThat(variation.path("id").asLong()).isEqualTo(41);
    assertThat(variation.path("parent_id").asLong()).isEqualTo(40);
    assertThat(woo.quantities()).containsExactly(Map.entry("40/41", 3L));
  }

  @Test
  void refusesMoreThanAHundredItemsWithWooCommercesError() {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 1; i <= 101; i++) {
      items.add(update(i, i));
    }

    HttpResponse<String> tooMany = batch(PRODUCTS_BATCH, items);
    HttpResponse<String> hundred = batch(PRODUCTS_BATCH, items.subList(0, 100));

    assertThat(tooMany.statusCode()).isEqualTo(413);
    JsonNode error = Http.json(tooMany);
    assertThat(error.path("code").asText()).isEqualTo("woocommerce_rest_request_entity_too_large");
    assertThat(error.path("message").asText())
        .isEqualTo("Unable to accept more than 100 items for this request.");
    assertThat(error.path("data").path("status").asInt()).isEqualTo(413);
    assertThat(hundred.statusCode()).isEqualTo(200);
    assertThat(woo.quantities()).hasSize(100);
  }

  @Test
  void countsCreateUpdateAndDeleteTogetherTowardsTheLimit() {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      items.add(update(i, i));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("update", items);
    body.put("delete", List.of(500));

    HttpResponse<String> response =
        http.post(PRODUCTS_BATCH, Map.of("Authorization", basic()), Http.json(body));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(woo.quantities()).isEmpty();
  }

  @Test
  void failsOnlyTheItemsItIsToldToFail() {
    woo.faults().failListings(List.of("12"));

    JsonNode updated =
        Http.json(batch(PRODUCTS_BATCH, List.of(update(11, 1), update(12, 2), update(13, 3))))
            .path("update");

    assertThat(updated.get(0).has("error")).isFalse();
    JsonNode failed = updated.get(1);
    assertThat(failed.path("id").asLong()).isEqualTo(12);
    assertThat(failed.path("error").path("code").asText())
        .isEqualTo("woocommerce_rest_cannot_edit");
    assertThat(failed.path("error").path("message").asText()).isNotBlank();
    assertThat(failed.path("error").path("data").path("status").asInt()).isEqualTo(403);
    assertThat(updated.get(2).has("error")).isFalse();
    assertThat(woo.quantities()).containsOnlyKeys("11", "13");
  }

  @Test
  void answersInvalidIdForUnknownProductsWhenToldNotToCreateThem() {
    woo.seedQuantities(Map.of("11", 1L, "40/41", 1L));
    woo.faults().createUnknown(false);

    JsonNode products =
        Http.json(batch(PRODUCTS_BATCH, List.of(update(11, 6), update(99, 6)))).path("update");
    JsonNode variations =
        Http.json(
                batch(
                    "/woocommerce/wp-json/wc/v3/products/40/variations/batch",
                    List.of(update(41, 7), update(42, 7))))
            .path("update");

    assertThat(products.get(0).has("error")).isFalse();
    JsonNode unknown = products.get(1).path("error");
    assertThat(unknown.path("code").asText()).isEqualTo("woocommerce_rest_product_invalid_id");
    assertThat(unknown.path("message").asText()).isEqualTo("Invalid ID.");
    assertThat(unknown.path("data").path("status").asInt()).isEqualTo(400);
    assertThat(variations.get(1).path("error").path("code").asText())
        .isEqualTo("woocommerce_rest_product_variation_invalid_id");
    assertThat(woo.quantities()).containsExactly(Map.entry("11", 6L), Map.entry("40/41", 7L));
  }

  @Test
  void refusesMissingOrWrongKeysAsWooCommerceDoes() {
    String body = Http.json(Map.of("update", List.of(update(11, 1))));
    HttpResponse<String> none = http.post(PRODUCTS_BATCH, Map.of(), body);
    HttpResponse<String> wrongKey =
        http.post(PRODUCTS_BATCH, Map.of("Authorization", basic("ck_other", "cs_other")), body);
    HttpResponse<String> wrongSecret =
        http.post(
            PRODUCTS_BATCH,
            Map.of("Authorization", basic(WooCommerceEmulator.DEFAULT_CONSUMER_KEY, "cs_other")),
            body);
    HttpResponse<String> queryKeys =
        http.post(
            PRODUCTS_BATCH
                + "?consumer_key="
                + WooCommerceEmulator.DEFAULT_CONSUMER_KEY
                + "&consumer_secret="
                + WooCommerceEmulator.DEFAULT_CONSUMER_SECRET,
            Map.of(),
            body);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(Http.json(none).path("code").asText()).isEqualTo("woocommerce_rest_cannot_batch");
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(Http.json(wrongKey).path("code").asText())
        .isEqualTo("woocommerce_rest_authentication_error");
    assertThat(Http.json(wrongKey).path("message").asText()).isEqualTo("Consumer key is invalid.");
    assertThat(Http.json(wrongSecret).path("message").asText())
        .isEqualTo("Consumer secret is invalid.");
    assertThat(queryKeys.statusCode()).isEqualTo(200);
    assertThat(woo.quantities()).containsExactly(Map.entry("11", 1L));
  }

  @Test
  void failsAnItemWithAStockQuantityThatIsNotAWholeNumber() {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("id", 11);
    bad.put("manage_stock", true);
    bad.put("stock_quantity", "lots");

    JsonNode updated = Http.json(batch(PRODUCTS_BATCH, List.of(bad, update(12, 2)))).path("update");

    assertThat(updated.get(0).path("error").path("code").asText()).isEqualTo("rest_invalid_param");
    assertThat(woo.quantities()).containsExactly(Map.entry("12", 2L));
  }

  @Test
  void answers429WhenToldToThrottle() {
    http.post("/emulator/woocommerce/faults", Map.of(), "{\"throttling\":\"always\"}");

    HttpResponse<String> response = batch(PRODUCTS_BATCH, List.of(update(11, 1)));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(woo.quantities()).isEmpty();
  }

  @Test
  void answersNoRouteForOtherPaths() {
    HttpResponse<String> response =
        http.post("/woocommerce/wp-json/wc/v3/products/12", Map.of("Authorization", basic()), "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.json(response).path("code").asText()).isEqualTo("rest_no_route");
  }

  @Test
  void answersForcedErrorsAsAWordPressRestError() {
    woo.faults().forceStatus(503, 1, 5);

    HttpResponse<String> response = batch(PRODUCTS_BATCH, List.of(update(11, 1)));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    JsonNode error = Http.json(response);
    assertThat(error.path("code").asText()).isNotBlank();
    assertThat(error.path("data").path("status").asInt()).isEqualTo(503);
    assertThat(woo.quantities()).isEmpty();
  }

  @Test
  void listsTheIncludedProductsAndVariationsWithTheirStockAPageAtATime() {
    woo.seedQuantities(Map.of("11", 5L, "12", 0L, "13", 2L, "40/41", 3L));
    woo.faults().createUnknown(false); // 99 is left out, as WooCommerce leaves out an unknown id

    HttpResponse<String> products =
        http.send(
            "GET",
            "/woocommerce/wp-json/wc/v3/products?include=13,11,99&per_page=1&page=2",
            Map.of("Authorization", basic()),
            null);
    HttpResponse<String> variations =
        http.send(
            "GET",
            "/woocommerce/wp-json/wc/v3/products/40/variations?include=41",
            Map.of("Authorization", basic()),
            null);

    assertThat(products.statusCode()).isEqualTo(200);
    assertThat(products.headers().firstValue("X-WP-Total")).contains("2");
    assertThat(products.headers().firstValue("X-WP-TotalPages")).contains("2");
    JsonNode page = Http.json(products);
    assertThat(page).hasSize(1);
    assertThat(page.get(0).path("id").asLong()).isEqualTo(13);
    assertThat(page.get(0).path("stock_quantity").asLong()).isEqualTo(2);
    JsonNode variation = Http.json(variations).get(0);
    assertThat(variation.path("parent_id").asLong()).isEqualTo(40);
    assertThat(variation.path("stock_quantity").asLong()).isEqualTo(3);
  }

  @Test
  void refusesAPageOfMoreThanAHundredAndAnAnonymousList() {
    HttpResponse<String> tooBig =
        http.send(
            "GET",
            "/woocommerce/wp-json/wc/v3/products?per_page=101",
            Map.of("Authorization", basic()),
            null);
    HttpResponse<String> anonymous =
        http.send("GET", "/woocommerce/wp-json/wc/v3/products", Map.of(), null);

    assertThat(tooBig.statusCode()).isEqualTo(400);
    assertThat(Http.json(tooBig).path("code").asText()).isEqualTo("rest_invalid_param");
    assertThat(Http.json(tooBig).path("data").path("params").path("per_page").asText())
        .contains("between 1 (inclusive) and 100 (inclusive)");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> batch(String path, List<Map<String, Object>> updates) {
    return http.post(path, Map.of("Authorization", basic()), Http.json(Map.of("update", updates)));
  }

  private static Map<String, Object> update(long id, long quantity) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id);
    item.put("manage_stock", true);
    item.put("stock_quantity", quantity);
    return item;
  }

  private static String basic() {
    return basic(
        WooCommerceEmulator.DEFAULT_CONSUMER_KEY, WooCommerceEmulator.DEFAULT_CONSUMER_SECRET);
  }

  private static String basic(String key, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
