package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/channels/{id}/test} over HTTP against the emulators: the verdict and each check,
 * a wrong secret named at once, an unknown channel a 404, and nothing changed in the store or at
 * the marketplace.
 */
class ChannelTestApiTest {
  static final String LOCATION = "gid://shopify/Location/1";

  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private EmulatorServer emulators;

  @BeforeEach
  void start() {
    emulators = EmulatorServer.builder().clock(Clock.systemUTC()).start();
    emulators.emulator("shopify").faults().createUnknown(false);
    emulators
        .emulator("shopify")
        .seedQuantities(Map.of("gid://shopify/InventoryItem/11@" + LOCATION, 5L));
    emulators.emulator("woocommerce").seedQuantities(Map.of("21", 3L));
    api = new TestApi(dir);
    shop = api.account("Shop");
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    check(api.put("/v1/skus/CUP", shop.key(), "{\"name\":\"Cup\"}"));
    shopify("shop", ShopifyEmulator.DEFAULT_ACCESS_TOKEN);
    check(
        api.put(
            "/v1/channels/shop/listings/MUG",
            shop.key(),
            "{\"externalId\":\"gid://shopify/InventoryItem/11\"}"));
  }

  @AfterEach
  void stop() {
    api.close();
    emulators.close();
  }

  private void shopify(String id, String token) {
    check(
        api.put(
            "/v1/channels/" + id,
            shop.key(),
            "{\"type\":\"shopify\",\"baseUrl\":\""
                + emulators.baseUrl("shopify")
                + "\",\"settings\":{\"locationId\":\""
                + LOCATION
                + "\"},\"credentials\":{\"accessToken\":\""
                + token
                + "\"}}"));
  }

  private TestApi.Answer test(String channel, String key) {
    return api.post("/v1/channels/" + channel + "/test", key, "{}");
  }

  private static JsonNode named(JsonNode report, String name) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + report);
  }

  @Test
  void aGoodChannelAnswersOkWithEachCheckAndChangesNothing() {
    String channelBefore = check(api.get("/v1/channels/shop", shop.key())).body();
    String listingsBefore = check(api.get("/v1/channels/shop/listings", shop.key())).body();
    Map<String, Long> figures = emulators.emulator("shopify").quantities();

    JsonNode report = check(test("shop", shop.key())).json();

    assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
    assertThat(named(report, "credentials").path("ok").asBoolean()).isTrue();
    assertThat(named(report, "settings.locationId").path("ok").asBoolean()).isTrue();
    assertThat(named(report, "listing MUG").path("ok").asBoolean()).isTrue();
    assertThat(api.get("/v1/channels/shop", shop.key()).body()).isEqualTo(channelBefore);
    assertThat(api.get("/v1/channels/shop/listings", shop.key()).body()).isEqualTo(listingsBefore);
    assertThat(emulators.emulator("shopify").quantities()).isEqualTo(figures);
    assertThat(check(api.get("/v1/pushes", shop.key())).json().get("pushes")).isEmpty();
  }

  @Test
  void anUnknownListingAndAWrongTokenAreNamedWithTheMarketplacesReason() {
    check(
        api.put(
            "/v1/channels/shop/listings/CUP",
            shop.key(),
            "{\"externalId\":\"gid://shopify/InventoryItem/99\"}"));
    JsonNode unknown = check(test("shop", shop.key())).json();
    assertThat(unknown.path("ok").asBoolean()).isFalse();
    assertThat(named(unknown, "listing CUP").path("detail").asText()).contains("InventoryItem/99");
    assertThat(named(unknown, "listing MUG").path("ok").asBoolean()).isTrue();

    shopify("wrong", "shpat_wrong");
    long started = System.nanoTime();
    JsonNode wrong = check(test("wrong", shop.key())).json();
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    assertThat(wrong.path("ok").asBoolean()).isFalse();
    assertThat(named(wrong, "credentials").path("detail").asText())
        .contains("401")
        .doesNotContain("shpat_wrong");
  }

  @Test
  void aWooCommerceChannelWithAWrongSecretFailsItsCredentials() {
    check(
        api.put(
            "/v1/channels/woo",
            shop.key(),
            "{\"type\":\"woocommerce\",\"baseUrl\":\""
                + emulators.baseUrl("woocommerce")
                + "\",\"credentials\":{\"consumerKey\":\""
                + WooCommerceEmulator.DEFAULT_CONSUMER_KEY
                + "\",\"consumerSecret\":\"cs_wrong\"}}"));
    check(api.put("/v1/channels/woo/listings/MUG", shop.key(), "{\"externalId\":\"21\"}"));

    JsonNode report = check(test("woo", shop.key())).json();

    assertThat(named(report, "credentials").path("detail").asText())
        .contains("woocommerce_rest_authentication_error");
  }

  @Test
  void anUnknownChannelIsA404AndABodyWithFieldsIsRefused() {
    assertThat(test("ghost", shop.key()).status()).isEqualTo(404);
    TestApi.Answer bad = api.post("/v1/channels/shop/test", shop.key(), "{\"deep\":true}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("deep");
  }
}
