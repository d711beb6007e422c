package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts over real HTTP on loopback (SPEC §10): the lifecycle seen through {@code GET /v1/alerts},
 * and delivery to a receiver on a random port, signed, retried, durable across a restart. SQLite
 * here; PostgreSQL in {@link PostgresAlertApiTest}.
 */
class AlertApiTest {
  static final String SECRET = "a-destination-secret-of-some-length";

  @TempDir Path dir;
  TestApi api;
  TestApi.Account shop;
  AlertReceiver receiver;

  TestApi newApi(Path dir) {
    return new TestApi(dir);
  }

  @BeforeEach
  void start() {
    receiver = new AlertReceiver();
    api = newApi(dir);
    shop = api.account("Shop");
    api.standardSetUp(shop);
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private void destination() {
    check(
        api.put(
            "/v1/alerts/destination",
            shop.key(),
            TestApi.json(java.util.Map.of("url", receiver.url(), "secret", SECRET))));
  }

  private JsonNode alerts(String query) {
    return check(api.get("/v1/alerts" + query, shop.key())).json().get("alerts");
  }

  /** The signature SPEC §10 asks for, computed here from the webhook recipe, not by the server. */
  static String expectedSignature(String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1=" + HexFormat.of().formatHex(digest);
  }

  @Test
  void lowStockOpensWhenStockFallsToAlertAtAndResolvesOnceWhenItRecovers() throws Exception {
    destination();
    check(api.events(shop.key(), List.of(event("p-1", "PUTAWAY", "MUG", 20))));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Blue mug\",\"alertAt\":10}"));
    assertThat(alerts("?state=all")).isEmpty(); // 20 is above 10

    check(api.events(shop.key(), List.of(event("o-1", "ORDER_PLACED", "MUG", 12)))); // 8 left
    check(api.events(shop.key(), List.of(event("o-2", "ORDER_PLACED", "MUG", 1)))); // 7: still low
    JsonNode open = alerts("?state=open");
    assertThat(open).hasSize(1);
    assertThat(open.get(0).get("kind").asText()).isEqualTo("LOW_STOCK");
    assertThat(open.get(0).get("sku").asText()).isEqualTo("MUG");
    assertThat(open.get(0).get("resolvedAt").isNull()).isTrue();

    check(api.events(shop.key(), List.of(event("c-1", "ORDER_CANCELLED", "MUG", 13)))); // 20
    assertThat(alerts("?state=open")).isEmpty();
    JsonNode all = alerts("?state=all");
    assertThat(all).hasSize(1);
    assertThat(all.get(0).get("state").asText()).isEqualTo("RESOLVED");
    assertThat(Instant.parse(all.get(0).get("resolvedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(all.get(0).get("openedAt").asText()));

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
    List<AlertReceiver.Received> got = receiver.accepted();
    JsonNode opened = TestApi.JSON.readTree(got.get(0).body());
    JsonNode resolved = TestApi.JSON.readTree(got.get(1).body());
    assertThat(opened.get("change").asText()).isEqualTo("opened");
    assertThat(opened.get("alert").get("kind").asText()).isEqualTo("LOW_STOCK");
    assertThat(opened.get("account").asText()).isEqualTo(shop.id());
    assertThat(resolved.get("change").asText()).isEqualTo("resolved");
    assertThat(resolved.get("alert").get("id").asLong())
        .isEqualTo(opened.get("alert").get("id").asLong());
    for (AlertReceiver.Received r : got) {
      assertThat(r.signature()).isEqualTo(expectedSignature(r.timestamp(), r.body()));
    }
    assertThat(check(api.get("/metrics", null)).body())
        .containsPattern(
            "stocksync_alerts_total\\{change=\"opened\",kind=\"LOW_STOCK\"[^}]*} 1\\.0")
        .containsPattern(
            "stocksync_alerts_total\\{change=\"resolved\",kind=\"LOW_STOCK\"[^}]*} 1\\.0");
  }

  @Test
  void aDeliveryTheReceiverAnswers500IsRetriedWithTheSameDeliveryId() {
    destination();
    receiver.failNext(2);
    check(api.events(shop.key(), List.of(event("o-1", "ORDER_PLACED", "MUG", 3)))); // −3: oversold

    await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 1);
    List<AlertReceiver.Received> all = receiver.received();
    assertThat(all).extracting(AlertReceiver.Received::answeredWith).containsExactly(500, 500, 200);
    assertThat(all)
        .extracting(AlertReceiver.Received::delivery)
        .containsOnly(all.get(0).delivery());
    assertThat(all.get(2).body()).contains("\"OVERSOLD\"");
  }

  @Test
  void anUndeliveredChangeSurvivesARestart() {
    destination();
    receiver.failAll(true);
    check(api.events(shop.key(), List.of(event("o-1", "ORDER_PLACED", "MUG", 3))));
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
    assertThat(receiver.accepted()).isEmpty();

    api = api.restart();
    receiver.failAll(false);

    await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 1);
    assertThat(receiver.accepted().get(0).body()).contains("\"OVERSOLD\"").contains("\"opened\"");
    // still open after the restart: not opened a second time
    check(api.events(shop.key(), List.of(event("o-2", "ORDER_PLACED", "MUG", 1))));
    assertThat(alerts("?state=all")).hasSize(1);
  }

  @Test
  void theDestinationIsValidatedAndItsSecretNeverShown() {
    String before = api.digest();
    TestApi.Answer bad =
        api.put("/v1/alerts/destination", shop.key(), "{\"url\":\"ftp://x\",\"secret\":\"short\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.isProblem()).isTrue();
    assertThat(bad.json().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("url", "secret");
    assertThat(api.digest()).isEqualTo(before);
    assertThat(api.get("/v1/alerts/destination", shop.key()).status()).isEqualTo(404);

    destination();
    TestApi.Answer shown = check(api.get("/v1/alerts/destination", shop.key()));
    assertThat(shown.json().get("url").asText()).isEqualTo(receiver.url());
    assertThat(shown.json().get("secretSet").asBoolean()).isTrue();
    assertThat(shown.body()).doesNotContain(SECRET);
  }

  @Test
  void aBadAlertAtIsRefusedNamingTheFieldAndChangesNothing() {
    String before = api.digest();
    TestApi.Answer a =
        api.put(
            "/v1/skus/MUG",
            shop.key(),
            "{\"name\":\"Blue mug\",\"alertAt\":-1,\"alertAtLocations\":{\"NOPE\":3}}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("errors").findValuesAsText("field")).contains("alertAt");
    TestApi.Answer b =
        api.put(
            "/v1/skus/MUG",
            shop.key(),
            "{\"name\":\"Blue mug\",\"alertAtLocations\":{\"NOPE\":3}}");
    assertThat(b.status()).isEqualTo(400);
    assertThat(b.json().get("errors").findValuesAsText("field"))
        .containsExactly("alertAtLocations.NOPE");
    assertThat(api.digest()).isEqualTo(before);
  }

  @Test
  void theAccountsDefaultAndAPerLocationThresholdOpenTheirOwnAlerts() {
    check(api.events(shop.key(), List.of(event("p-1", "PUTAWAY", "MUG", 5))));
    JsonNode policy = check(api.put("/v1/policy", shop.key(), "{\"alertAt\":5}")).json();
    assertThat(policy.get("alertAt").asLong()).isEqualTo(5);
    assertThat(policy.get("threshold").asLong()).isEqualTo(2000); // the rest unchanged
    check(
        api.put(
            "/v1/skus/MUG",
            shop.key(),
            "{\"name\":\"Blue mug\",\"alertAtLocations\":{\"WH1\":6}}"));
    JsonNode open = alerts("?state=open&kind=LOW_STOCK");
    assertThat(open).hasSize(2);
    assertThat(open.findValuesAsText("location")).contains("WH1");
    JsonNode sku = check(api.get("/v1/skus/MUG", shop.key())).json();
    assertThat(sku.get("alertAt").isNull()).isTrue();
    assertThat(sku.get("alertAtLocations").get("WH1").asLong()).isEqualTo(6);

    // A PUT replaces the whole SKU: without alertAtLocations the per-location alert resolves.
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Blue mug\"}"));
    assertThat(alerts("?state=open")).hasSize(1);
    assertThat(alerts("?state=resolved").get(0).get("location").asText()).isEqualTo("WH1");
  }

  @Test
  void listsOpenFirstPagesWithACursorFiltersAndRefusesBadParameters() {
    check(api.put("/v1/skus/CUP", shop.key(), "{\"name\":\"Cup\",\"alertAt\":1}")); // opens
    check(api.put("/v1/skus/CUP", shop.key(), "{\"name\":\"Cup\"}")); // resolves
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Blue mug\",\"alertAt\":1}")); // opens

    JsonNode first = check(api.get("/v1/alerts?limit=1", shop.key())).json();
    assertThat(first.get("alerts")).hasSize(1);
    assertThat(first.get("alerts").get(0).get("state").asText()).isEqualTo("OPEN");
    String cursor = first.get("next").asText();
    JsonNode second = check(api.get("/v1/alerts?limit=1&cursor=" + cursor, shop.key())).json();
    assertThat(second.get("alerts").get(0).get("sku").asText()).isEqualTo("CUP");
    assertThat(second.get("alerts").get(0).get("state").asText()).isEqualTo("RESOLVED");
    assertThat(second.get("next").isNull()).isTrue();

    assertThat(alerts("?sku=CUP")).hasSize(1);
    assertThat(alerts("?kind=OVERSOLD")).isEmpty();
    for (String bad : List.of("?state=maybe", "?kind=NOPE", "?cursor=zzz", "?limit=0", "?x=1")) {
      TestApi.Answer a = api.get("/v1/alerts" + bad, shop.key());
      assertThat(a.status()).as(bad).isEqualTo(400);
      assertThat(a.isProblem()).isTrue();
    }
  }

  @Test
  void anotherAccountSeesNoneOfTheseAlerts() {
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Blue mug\",\"alertAt\":1}"));
    TestApi.Account other = api.account("Other");
    assertThat(check(api.get("/v1/alerts", other.key())).json().get("alerts")).isEmpty();
    assertThat(check(api.get("/v1/alerts", shop.key())).json().get("alerts")).hasSize(1);
  }
}
