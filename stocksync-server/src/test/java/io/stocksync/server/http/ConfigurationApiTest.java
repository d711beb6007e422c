package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration API of SPEC §7 over real HTTP: lists paged by an opaque cursor and filtered,
 * single reads, PATCH as JSON merge patch, PUT as a whole replacement, and a SKU's own policy.
 * SQLite here, PostgreSQL in {@link PostgresConfigurationApiTest}.
 */
class ConfigurationApiTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;

  TestApi newApi(Path dir) {
    return new TestApi(dir);
  }

  @BeforeEach
  void start() {
    api = newApi(dir);
    shop = api.account("Shop");
    api.standardSetUp(shop);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static final String SHOPIFY =
      "{\"type\":\"shopify\",\"baseUrl\":\"http://127.0.0.1:9/shopify\","
          + "\"settings\":{\"locationId\":\"gid://shopify/Location/1\"},"
          + "\"credentials\":{\"accessToken\":\"shpat_SECRET\"},"
          + "\"rules\":{\"buffer\":2,\"percent\":50,\"max\":40,\"zeroAtOrBelow\":1}}";

  @Test
  void locationsAreListedByCodePageByPageAndFilteredBySellable() {
    for (String code : List.of("WH2", "WH3", "WH4")) {
      check(api.put("/v1/locations/" + code, shop.key(), "{\"sellable\":false}"));
    }
    List<String> codes = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          check(
                  api.get(
                      "/v1/locations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                      shop.key()))
              .json();
      assertThat(page.path("locations").size()).isLessThanOrEqualTo(2);
      page.path("locations").forEach(l -> codes.add(l.path("code").asText()));
      cursor = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (cursor != null && pages < 5);
    assertThat(codes).containsExactly("WH1", "WH2", "WH3", "WH4");
    assertThat(pages).isEqualTo(2);

    JsonNode sellable = check(api.get("/v1/locations?sellable=true", shop.key())).json();
    assertThat(sellable.findValuesAsText("code")).containsExactly("WH1");
    JsonNode one = check(api.get("/v1/locations/WH3", shop.key())).json();
    assertThat(one.path("sellable").asBoolean()).isFalse();
    assertThat(api.get("/v1/locations/NOPE", shop.key()).status()).isEqualTo(404);
    TestApi.Answer bad = api.get("/v1/locations?sellable=maybe&cursor=%21", shop.key());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().findValuesAsText("field"))
        .containsExactlyInAnyOrder("sellable", "cursor");
  }

  @Test
  void aLocationPatchChangesOnlyTheFieldsSent() {
    JsonNode patched =
        check(api.patch("/v1/locations/WH1", shop.key(), "{\"sellable\":false}")).json();
    assertThat(patched.path("name").asText()).isEqualTo("Main");
    assertThat(patched.path("sellable").asBoolean()).isFalse();
    TestApi.Answer refused = api.patch("/v1/locations/WH1", shop.key(), "{\"sellable\":\"no\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("sellable");
    assertThat(check(api.get("/v1/locations/WH1", shop.key())).json().path("sellable").asBoolean())
        .isFalse();
  }

  @Test
  void channelsAreListedFilteredAndReadWithoutTheirCredentials() {
    check(api.put("/v1/channels/shop", shop.key(), SHOPIFY));
    JsonNode all = check(api.get("/v1/channels", shop.key())).json();
    assertThat(all.path("channels").findValuesAsText("id")).containsExactly("hook", "shop");
    JsonNode shopify = check(api.get("/v1/channels?type=shopify", shop.key())).json();
    assertThat(shopify.path("channels").findValuesAsText("id")).containsExactly("shop");
    check(api.patch("/v1/channels/hook", shop.key(), "{\"enabled\":false}"));
    JsonNode enabled = check(api.get("/v1/channels?enabled=true", shop.key())).json();
    assertThat(enabled.path("channels").findValuesAsText("id")).containsExactly("shop");
    TestApi.Answer one = check(api.get("/v1/channels/shop", shop.key()));
    assertThat(one.body()).doesNotContain("shpat_SECRET").doesNotContain("accessToken");
    assertThat(one.json().path("credentialsStored").asBoolean()).isTrue();
    TestApi.Answer badType = api.get("/v1/channels?type=ebay", shop.key());
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().at("/errors/0/field").asText()).isEqualTo("type");
  }

  @Test
  void aChannelPutReplacesTheWholeChannel() {
    check(api.put("/v1/channels/shop", shop.key(), SHOPIFY));
    // Without rules: the default rules, not the ones stored before.
    JsonNode replaced =
        check(
                api.put(
                    "/v1/channels/shop",
                    shop.key(),
                    "{\"type\":\"shopify\",\"baseUrl\":\"http://127.0.0.1:9/shopify\","
                        + "\"settings\":{\"locationId\":\"gid://shopify/Location/1\"},"
                        + "\"credentials\":{\"accessToken\":\"other\"}}"))
            .json();
    assertThat(replaced.at("/rules/buffer").asLong()).isZero();
    assertThat(replaced.at("/rules/percent").asInt()).isEqualTo(100);
    assertThat(replaced.at("/rules/max").isNull()).isTrue();
    // Without credentials: refused, naming them, and nothing changes.
    String before = api.digest(shop.id());
    TestApi.Answer refused =
        api.put(
            "/v1/channels/shop",
            shop.key(),
            "{\"type\":\"shopify\",\"baseUrl\":\"http://127.0.0.1:9/shopify\","
                + "\"settings\":{\"locationId\":\"gid://shopify/Location/1\"}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("credentials");
    assertThat(api.digest(shop.id())).isEqualTo(before);
  }

  @Test
  void aChannelPatchMergesIntoWhatIsStoredAndKeepsTheCredentials() throws Exception {
    check(api.put("/v1/channels/shop", shop.key(), SHOPIFY));
    JsonNode patched =
        check(api.patch("/v1/channels/shop", shop.key(), "{\"rules\":{\"buffer\":5,\"max\":null}}"))
            .json();
    assertThat(patched.at("/rules/buffer").asLong()).isEqualTo(5);
    assertThat(patched.at("/rules/percent").asInt()).isEqualTo(50);
    assertThat(patched.at("/rules/zeroAtOrBelow").asLong()).isEqualTo(1);
    assertThat(patched.at("/rules/max").isNull()).isTrue(); // null in a merge patch: the default
    assertThat(patched.at("/settings/locationId").asText()).isEqualTo("gid://shopify/Location/1");
    assertThat(patched.path("credentialsStored").asBoolean()).isTrue();
    try (var c = java.sql.DriverManager.getConnection(api.jdbcUrl);
        var s = c.createStatement();
        var r = s.executeQuery("SELECT credentials FROM channels WHERE id = 'shop'")) {
      assertThat(r.next()).isTrue();
      assertThat(api.cipher.open(r.getString(1), shop.id() + "/shop")).contains("shpat_SECRET");
    }
    TestApi.Answer refused =
        api.patch("/v1/channels/shop", shop.key(), "{\"rules\":{\"percent\":101}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asText()).contains("percent");
    assertThat(api.patch("/v1/channels/ghost", shop.key(), "{}").status()).isEqualTo(404);
  }

  @Test
  void aSkuPutReplacesItAndAPatchChangesOnlyTheFieldsSent() {
    check(api.put("/v1/skus/CUP", shop.key(), "{\"name\":\"Cup\"}"));
    check(
        api.put(
            "/v1/skus/SET",
            shop.key(),
            "{\"name\":\"Set\",\"components\":[{\"sku\":\"MUG\",\"quantity\":2}]}"));
    // A rename by PATCH keeps the components.
    JsonNode renamed =
        check(api.patch("/v1/skus/SET", shop.key(), "{\"name\":\"Gift set\"}")).json();
    assertThat(renamed.path("name").asText()).isEqualTo("Gift set");
    assertThat(renamed.path("components")).hasSize(1);
    // A PUT without components replaces the bundle by a plain SKU.
    JsonNode plain = check(api.put("/v1/skus/SET", shop.key(), "{\"name\":\"Set\"}")).json();
    assertThat(plain.path("components")).isEmpty();
    TestApi.Answer refused =
        api.patch("/v1/skus/MUG", shop.key(), "{\"components\":[{\"sku\":\"CUP\"}]}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("components[0].quantity");
  }

  @Test
  void aSkuShowsThePolicyInForceAndItsOwnPolicyCanBeReadAndCleared() {
    check(
        api.put(
            "/v1/policy",
            shop.key(),
            "{\"threshold\":20,\"batchSize\":10,\"significantQuantity\":100,"
                + "\"maxStalenessSeconds\":0}"));
    check(api.put("/v1/skus/MUG/policy", shop.key(), "{\"threshold\":5}"));
    JsonNode mug = check(api.get("/v1/skus/MUG", shop.key())).json();
    assertThat(mug.at("/policy/own/threshold").asLong()).isEqualTo(5);
    assertThat(mug.at("/policy/own/batchSize").isNull()).isTrue();
    assertThat(mug.at("/policy/effective/threshold").asLong()).isEqualTo(5);
    assertThat(mug.at("/policy/effective/batchSize").asLong()).isEqualTo(10);

    JsonNode own = check(api.get("/v1/skus/MUG/policy", shop.key())).json();
    assertThat(own.at("/own/threshold").asLong()).isEqualTo(5);
    JsonNode cleared = check(api.delete("/v1/skus/MUG/policy", shop.key())).json();
    assertThat(cleared.at("/own/threshold").isNull()).isTrue();
    assertThat(cleared.at("/effective/threshold").asLong()).isEqualTo(20);
    assertThat(check(api.get("/v1/skus/MUG", shop.key())).json().at("/policy/effective/threshold"))
        .hasToString("20");
    assertThat(api.get("/v1/skus/NOPE/policy", shop.key()).status()).isEqualTo(404);
  }

  @Test
  void aChannelsListingsAreListedReadAndPatched() {
    check(api.put("/v1/skus/CUP", shop.key(), "{\"name\":\"Cup\"}"));
    check(api.put("/v1/channels/hook/listings/CUP", shop.key(), "{\"externalId\":\"cup-1\"}"));
    JsonNode page = check(api.get("/v1/channels/hook/listings?limit=1", shop.key())).json();
    assertThat(page.path("listings").findValuesAsText("sku")).containsExactly("CUP");
    JsonNode rest =
        check(
                api.get(
                    "/v1/channels/hook/listings?cursor=" + page.path("next").asText(), shop.key()))
            .json();
    assertThat(rest.path("listings").findValuesAsText("sku")).containsExactly("MUG");
    assertThat(rest.path("next").isNull()).isTrue();

    JsonNode one = check(api.get("/v1/channels/hook/listings/MUG", shop.key())).json();
    assertThat(one.path("externalId").asText()).isEqualTo("mug-1");
    JsonNode patched =
        check(api.patch("/v1/channels/hook/listings/MUG", shop.key(), "{\"externalId\":\"m-2\"}"))
            .json();
    assertThat(patched.path("externalId").asText()).isEqualTo("m-2");
    // One externalId maps to one SKU on a channel.
    TestApi.Answer taken =
        api.patch("/v1/channels/hook/listings/MUG", shop.key(), "{\"externalId\":\"cup-1\"}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().at("/errors/0/field").asText()).isEqualTo("externalId");
    assertThat(api.get("/v1/channels/hook/listings/NOPE", shop.key()).status()).isEqualTo(404);
    assertThat(api.get("/v1/channels/ghost/listings", shop.key()).status()).isEqualTo(404);
  }
}
