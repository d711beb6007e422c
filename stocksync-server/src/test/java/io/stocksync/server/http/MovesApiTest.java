package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5 and §7 over HTTP: one externalId per SKU on a channel (409), a bundle's components kept
 * while orders of it are open (409), a channel moved to another location forgetting what it had
 * acknowledged, and the listing states by name.
 */
class MovesApiTest {

  @TempDir Path dir;
  TestApi api;
  TestApi.Account a;

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    a = api.account("Shop");
    api.standardSetUp(a);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private JsonNode listing(String sku, String channel) {
    for (JsonNode l : check(api.get("/v1/skus/" + sku, a.key())).json().path("listings")) {
      if (l.path("channel").asText().equals(channel)) {
        return l;
      }
    }
    throw new AssertionError("no listing of " + sku + " on " + channel);
  }

  /** Has the channel confirm the listing's queued push, as the dispatcher would. */
  private void acknowledgeQueued(String channel, String sku) {
    api.engine
        .execute(
            a.id(),
            (acct, c, now) -> {
              var queued =
                  io.stocksync.core.inventory.PushPlanner.pending(
                          acct, channel, List.of(sku), s -> false, 1, s -> {})
                      .get(0);
              acct.acknowledge(channel, sku, queued.version(), queued.target(), now, c);
              return null;
            })
        .join();
  }

  @Test
  void aChannelWhoseLocationsAreAllUnsellableIsRefusedAtPutNamingThem() {
    check(api.put("/v1/locations/Q", a.key(), "{\"name\":\"Quarantine\",\"sellable\":false}"));
    String before = api.digest();
    String body =
        "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/webhook\","
            + "\"credentials\":{\"secret\":\"s\"},\"locations\":[\"Q\"]}";

    TestApi.Answer answer = api.put("/v1/channels/quarantined", a.key(), body);

    assertThat(answer.status()).isEqualTo(400);
    JsonNode error = answer.json().path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("locations");
    assertThat(error.path("message").asText()).contains("unsellable").contains("Q");
    assertThat(api.digest()).isEqualTo(before);
    // With a sellable location beside it, the channel is accepted.
    check(api.put("/v1/channels/quarantined", a.key(), body.replace("[\"Q\"]", "[\"Q\",\"WH1\"]")));
    // An account whose every location is unsellable cannot add a channel drawing on all of them.
    check(api.put("/v1/locations/WH1", a.key(), "{\"name\":\"Main\",\"sellable\":false}"));
    TestApi.Answer all =
        api.put("/v1/channels/everything", a.key(), body.replace(",\"locations\":[\"Q\"]", ""));
    assertThat(all.status()).isEqualTo(400);
    assertThat(all.json().path("errors").get(0).path("message").asText())
        .contains("every location of the account");
  }

  @Test
  void aSecondSkuWithAnExternalIdTheChannelAlreadyMapsIsRefusedWith409() {
    check(api.put("/v1/skus/CUP", a.key(), "{\"name\":\"Cup\"}"));
    String before = api.digest();

    TestApi.Answer answer =
        api.put("/v1/channels/hook/listings/CUP", a.key(), "{\"externalId\":\"mug-1\"}");

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.isProblem()).isTrue();
    JsonNode problem = answer.json();
    assertThat(problem.path("type").asText()).isEqualTo("urn:stocksync:problem:conflict");
    assertThat(problem.path("detail").asText()).contains("'MUG'").contains("'mug-1'");
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("externalId");
    assertThat(api.digest()).isEqualTo(before);
    // The SKU that holds it may put it again.
    check(api.put("/v1/channels/hook/listings/MUG", a.key(), "{\"externalId\":\"mug-1\"}"));
  }

  @Test
  void aBundlesComponentsCannotChangeWhileOrdersOfItAreOpen() {
    check(api.put("/v1/skus/LID", a.key(), "{\"name\":\"Lid\"}"));
    check(
        api.put(
            "/v1/skus/SET",
            a.key(),
            "{\"components\":[{\"sku\":\"MUG\",\"quantity\":2},{\"sku\":\"LID\",\"quantity\":1}]}"));
    check(
        api.events(
            a.key(),
            List.of(
                TestApi.event("p-1", "PUTAWAY", "MUG", 10),
                TestApi.event("p-2", "PUTAWAY", "LID", 10),
                TestApi.event("o-1", "ORDER_PLACED", "SET", 2),
                TestApi.event("o-2", "ORDER_PLACED", "SET", 1))));

    TestApi.Answer refused =
        api.put("/v1/skus/SET", a.key(), "{\"components\":[{\"sku\":\"MUG\",\"quantity\":1}]}");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("components");
    assertThat(refused.json().path("detail").asText())
        .contains("3 bundle(s) on open orders")
        .contains("3 at 'WH1'");
    // What is open is kept with the store: a restart does not lift the refusal.
    api = api.restart();
    TestApi.Answer afterRestart =
        api.put("/v1/skus/SET", a.key(), "{\"components\":[{\"sku\":\"MUG\",\"quantity\":1}]}");
    assertThat(afterRestart.status()).isEqualTo(409);
    assertThat(afterRestart.json().path("detail").asText()).contains("3 at 'WH1'");

    JsonNode results =
        check(
                api.events(
                    a.key(),
                    List.of(
                        TestApi.event("s-1", "ORDER_SHIPPED", "SET", 2),
                        TestApi.event("c-1", "ORDER_CANCELLED", "SET", 1))))
            .json()
            .path("results");
    assertThat(results).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("applied"));

    JsonNode set =
        check(
                api.put(
                    "/v1/skus/SET", a.key(), "{\"components\":[{\"sku\":\"MUG\",\"quantity\":1}]}"))
            .json();
    assertThat(set.path("components")).hasSize(1);
    JsonNode mug = check(api.get("/v1/skus/MUG", a.key())).json();
    assertThat(mug.path("onHand").asLong()).isEqualTo(6);
    assertThat(mug.path("reserved").asLong()).isZero();
  }

  private void putShopify(String locationId, String rules) {
    check(
        api.put(
            "/v1/channels/shop",
            a.key(),
            "{\"type\":\"shopify\",\"baseUrl\":\"http://127.0.0.1:9/shopify\","
                + "\"settings\":{\"locationId\":\""
                + locationId
                + "\"},\"credentials\":{\"accessToken\":\"t\"},\"rules\":"
                + rules
                + "}"));
  }

  @Test
  void aChannelMovedToAnotherLocationForgetsWhatItHadAcknowledged() {
    putShopify("gid://shopify/Location/1", "{}");
    check(
        api.put(
            "/v1/channels/shop/listings/MUG",
            a.key(),
            "{\"externalId\":\"gid://shopify/InventoryItem/1\"}"));
    check(api.events(a.key(), List.of(TestApi.event("p-1", "PUTAWAY", "MUG", 10))));
    acknowledgeQueued("shop", "MUG");
    assertThat(listing("MUG", "shop").path("acknowledged").asLong()).isEqualTo(10);

    putShopify("gid://shopify/Location/1", "{\"buffer\":0}"); // the same place
    assertThat(listing("MUG", "shop").path("acknowledged").asLong()).isEqualTo(10);
    assertThat(listing("MUG", "shop").path("state").asText()).isEqualTo("IN_SYNC");

    putShopify("gid://shopify/Location/2", "{}");

    JsonNode moved = listing("MUG", "shop");
    assertThat(moved.path("acknowledged").isNull()).isTrue();
    assertThat(moved.path("queued").asLong()).isEqualTo(10);
    assertThat(moved.path("state").asText()).isEqualTo("QUEUED");
  }

  @Test
  void listingsShowTheStatesOfTheSpecByName() {
    check(
        api.put(
            "/v1/policy",
            a.key(),
            "{\"threshold\":0,\"batchSize\":10,\"significantQuantity\":100,"
                + "\"maxStalenessSeconds\":0}"));
    check(api.events(a.key(), List.of(TestApi.event("p-1", "PUTAWAY", "MUG", 500))));
    assertThat(listing("MUG", "hook").path("state").asText()).isEqualTo("QUEUED");
    acknowledgeQueued("hook", "MUG");
    assertThat(listing("MUG", "hook").path("state").asText()).isEqualTo("IN_SYNC");

    check(api.events(a.key(), List.of(TestApi.event("o-1", "ORDER_PLACED", "MUG", 1))));
    assertThat(listing("MUG", "hook").path("state").asText()).isEqualTo("WAITING");

    check(api.patch("/v1/channels/hook", a.key(), "{\"enabled\":false}"));
    assertThat(listing("MUG", "hook").path("state").asText()).isEqualTo("DISABLED");
  }
}
