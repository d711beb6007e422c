package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.store.PushAttemptRepository.PushAttempt;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP contract of SPEC §7 over real HTTP, on a real SQLite file. */
class ApiTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;

  @BeforeEach
  void start() {
    api = newApi(dir, 64 * 1024);
    shop = api.account("Shop");
    api.standardSetUp(shop);
    check(
        api.put(
            "/v1/policy",
            shop.key(),
            "{\"threshold\":2000,\"batchSize\":10,\"significantQuantity\":100,"
                + "\"maxStalenessSeconds\":0}"));
  }

  /** The server under test: SQLite here, PostgreSQL in {@link PostgresApiTest}. */
  TestApi newApi(Path dir, long maxBody) {
    return new TestApi(dir, maxBody);
  }

  @AfterEach
  void stop() {
    if (api != null) { // null when PostgresApiTest skips for want of a database
      api.close();
    }
  }

  private JsonNode sku(String code) {
    return check(api.get("/v1/skus/" + code, shop.key())).json();
  }

  /** What the channel is sent: the listing's queued push (or its target when none is queued). */
  private long channelFigure(String code) {
    JsonNode listing = sku(code).path("listings").get(0);
    return listing.path("queued").asLong();
  }

  private void putaway(String id, long quantity) {
    check(api.events(shop.key(), List.of(event(id, "PUTAWAY", "MUG", quantity))));
  }

  private void orders(String prefix, int count, long each) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event(prefix + i, "ORDER_PLACED", "MUG", each));
    }
    JsonNode results = check(api.events(shop.key(), events)).json().path("results");
    results.forEach(r -> assertThat(r.path("status").asText()).isEqualTo("applied"));
  }

  @Test
  void theSeedsOwnExampleSendsNinetyFive() {
    putaway("p", 100);
    orders("o", 1, 5);

    JsonNode mug = sku("MUG");
    assertThat(mug.path("available").asLong()).isEqualTo(95);
    assertThat(mug.path("sync").path("pending").asLong()).isZero();
    assertThat(channelFigure("MUG")).isEqualTo(95);
  }

  @Test
  void aboveTheThresholdTheTenthOrderSyncs() {
    putaway("p", 5000); // ≥ Y: syncs at once, channel shows 5000
    orders("o", 9, 1);
    assertThat(sku("MUG").path("sync").path("pending").asLong()).isEqualTo(9);
    assertThat(channelFigure("MUG")).isEqualTo(5000);

    orders("tenth", 1, 1);

    assertThat(sku("MUG").path("sync").path("pending").asLong()).isZero();
    assertThat(channelFigure("MUG")).isEqualTo(4990);
  }

  @Test
  void aSignificantOrderSyncsAtOnce() {
    putaway("p", 5000);
    orders("o", 1, 150);

    assertThat(channelFigure("MUG")).isEqualTo(4850);
    assertThat(sku("MUG").path("sync").path("pending").asLong()).isZero();
  }

  @Test
  void crossingDownToTheThresholdSyncsAtOnceAndExactlyTheThresholdIsAtOrBelow() {
    putaway("p", 2005);
    orders("o", 1, 10);
    assertThat(channelFigure("MUG")).isEqualTo(1995);

    putaway("q", 1005); // 3000 available, synced (≥ Y)
    orders("r", 1, 1000); // 2000 exactly: at or below X
    assertThat(channelFigure("MUG")).isEqualTo(2000);
  }

  @Test
  void shippingChangesNothingThatIsStale() {
    putaway("p", 5000);
    orders("o", 9, 1);

    check(api.events(shop.key(), List.of(event("s", "ORDER_SHIPPED", "MUG", 1))));

    JsonNode mug = sku("MUG");
    assertThat(mug.path("sync").path("pending").asLong()).isEqualTo(9);
    assertThat(mug.path("onHand").asLong()).isEqualTo(4999);
    assertThat(channelFigure("MUG")).isEqualTo(5000);
  }

  @Test
  void answersOneResultPerEventAppliedDuplicateOrRejectedWithItsReason() {
    JsonNode results =
        check(
                api.events(
                    shop.key(),
                    List.of(
                        event("e-1", "PUTAWAY", "MUG", 10),
                        event("e-1", "PUTAWAY", "MUG", 10),
                        event("e-2", "ORDER_CANCELLED", "MUG", 3),
                        event("e-3", "PUTAWAY", "GHOST", 1),
                        Map.of("type", "PUTAWAY", "sku", "MUG", "location", "WH1", "quantity", 1))))
            .json()
            .path("results");

    assertThat(results).hasSize(5);
    assertThat(results.get(0).path("status").asText()).isEqualTo("applied");
    assertThat(results.get(1).path("status").asText()).isEqualTo("duplicate");
    assertThat(results.get(2).path("error").path("reason").asText())
        .isEqualTo("MORE_CANCELLED_THAN_RESERVED");
    assertThat(results.get(3).path("error").path("field").asText()).isEqualTo("sku");
    assertThat(results.get(4).path("error").path("reason").asText()).isEqualTo("MISSING_ID");
    assertThat(sku("MUG").path("onHand").asLong()).isEqualTo(10);
  }

  @Test
  void csvGetsTheSameResultsAsJson() {
    JsonNode results =
        check(
                api.postCsv(
                    shop.key(),
                    "id,type,sku,location,quantity,occurredAt\r\n"
                        + "c-1,PUTAWAY,MUG,WH1,7,2026-11-27T10:00:00Z\r\n"
                        + "c-1,PUTAWAY,MUG,WH1,7,\r\n"
                        + "\"c,2\",ADJUSTMENT,MUG,WH1,-100,\r\n"))
            .json()
            .path("results");

    assertThat(results).hasSize(3);
    assertThat(results.get(0).path("status").asText()).isEqualTo("applied");
    assertThat(results.get(1).path("status").asText()).isEqualTo("duplicate");
    assertThat(results.get(2).path("id").asText()).isEqualTo("c,2");
    assertThat(results.get(2).path("error").path("reason").asText())
        .isEqualTo("ON_HAND_BELOW_ZERO");
  }

  @Test
  void aMalformedBatchChangesNothingAndNamesEachBadField() {
    String before = api.digest();

    TestApi.Answer answer =
        api.post(
            "/v1/events",
            shop.key(),
            "{\"events\":[{\"id\":\"ok\",\"type\":\"PUTAWAY\",\"sku\":\"MUG\",\"location\":\"WH1\","
                + "\"quantity\":5},{\"id\":\"bad\",\"type\":\"TELEPORT\",\"sku\":\"MUG\","
                + "\"location\":\"WH1\",\"quantity\":1.5}]}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.json().path("errors").findValuesAsText("field"))
        .containsExactly("events[1].type", "events[1].quantity");
    assertThat(api.digest()).isEqualTo(before);
  }

  @Test
  void refusesABodyOverTheLimitBeforeReadingIt() throws Exception {
    String before = api.digest();
    // Declared too large: refused from the headers, at the first byte of the body (Jetty
    // dispatches a request once its body starts), long before the rest could arrive.
    try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + shop.key()
                  + "\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = new String(readSome(socket.getInputStream()), StandardCharsets.UTF_8);
      assertThat(head).startsWith("HTTP/1.1 413").contains("application/problem+json");
    }
    // Chunked, no length: refused once the limit is passed while reading.
    try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + shop.key()
                  + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 16; i++) { // 128 KiB against a 64 KiB limit
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      String head = new String(readSome(socket.getInputStream()), StandardCharsets.UTF_8);
      assertThat(head).startsWith("HTTP/1.1 413");
    }
    assertThat(api.digest()).isEqualTo(before);
  }

  private static byte[] readSome(InputStream in) throws Exception {
    byte[] buffer = new byte[4096];
    int n = in.read(buffer);
    return java.util.Arrays.copyOf(buffer, Math.max(0, n));
  }

  @Test
  void refusesUnknownKeysAndRevokedKeys() {
    assertThat(api.get("/v1/skus/MUG", null).status()).isEqualTo(401);
    assertThat(api.get("/v1/skus/MUG", "sk_" + "A".repeat(43)).status()).isEqualTo(401);
    TestApi.Answer wrong = api.get("/v1/skus/MUG", "not-a-key");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.isProblem()).isTrue();

    String second = api.accounts.addKey(shop.id()).orElseThrow().key();
    assertThat(api.get("/v1/skus/MUG", second).status()).isEqualTo(200);
    String secondId = api.keys.keys(shop.id()).get(1).keyId();
    api.accounts.revokeKey(shop.id(), secondId);

    assertThat(api.get("/v1/skus/MUG", second).status()).isEqualTo(401);
    assertThat(api.get("/v1/skus/MUG", shop.key()).status()).isEqualTo(200);
  }

  @Test
  void neverReturnsChannelCredentialsAndStoresThemSealed() throws Exception {
    TestApi.Answer answer =
        check(
            api.put(
                "/v1/channels/shop",
                shop.key(),
                "{\"type\":\"shopify\",\"baseUrl\":\"https://example.test/shopify\","
                    + "\"settings\":{\"locationId\":\"gid://shopify/Location/1\"},"
                    + "\"credentials\":{\"accessToken\":\"shpat_SECRET\"},\"locations\":[\"WH1\"],"
                    + "\"rules\":{\"buffer\":2,\"percent\":50,\"max\":null,\"zeroAtOrBelow\":1}}"));
    assertThat(answer.body()).doesNotContain("shpat_SECRET");
    assertThat(answer.json().path("credentialsStored").asBoolean()).isTrue();
    assertThat(answer.json().path("rules").path("percent").asInt()).isEqualTo(50);

    // A PATCH without credentials keeps them; GET never shows them.
    check(api.patch("/v1/channels/shop", shop.key(), "{\"rules\":{\"buffer\":3}}"));
    TestApi.Answer read = check(api.get("/v1/channels/shop", shop.key()));
    assertThat(read.body()).doesNotContain("shpat_SECRET").doesNotContain("accessToken");
    assertThat(check(api.get("/v1/channels", shop.key())).body()).doesNotContain("shpat_SECRET");

    try (Connection c = DriverManager.getConnection(api.jdbcUrl);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT credentials FROM channels WHERE id = 'shop'")) {
      assertThat(r.next()).isTrue();
      String sealed = r.getString(1);
      assertThat(sealed).startsWith("v1:").doesNotContain("shpat_SECRET");
      assertThat(api.cipher.open(sealed, shop.id() + "/shop")).contains("shpat_SECRET");
    }
  }

  @Test
  void aNewChannelNeedsItsTypesSettingsAndCredentials() {
    TestApi.Answer answer =
        api.put("/v1/channels/amz", shop.key(), "{\"type\":\"amazon\",\"baseUrl\":\"ftp://x\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("errors").findValuesAsText("field"))
        .contains("baseUrl", "settings.sellerId", "settings.marketplaceId");
    TestApi.Answer noCredentials =
        api.put(
            "/v1/channels/wh",
            shop.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/x\"}");
    assertThat(noCredentials.status()).isEqualTo(400);
    assertThat(noCredentials.json().path("errors").findValuesAsText("field"))
        .containsExactly("credentials");
  }

  @Test
  void listsSkusInPagesWithFilters() {
    check(api.put("/v1/skus/EMPTY", shop.key(), "{}"));
    check(api.put("/v1/skus/BIG", shop.key(), "{}"));
    check(api.events(shop.key(), List.of(event("b", "PUTAWAY", "BIG", 10_000))));
    putaway("m", 50);

    JsonNode first = check(api.get("/v1/skus?limit=2", shop.key())).json();
    assertThat(first.path("skus").findValuesAsText("sku")).containsExactly("BIG", "EMPTY");
    assertThat(first.path("matched").asLong()).isEqualTo(3);
    JsonNode second =
        check(api.get("/v1/skus?limit=2&after=" + first.path("next").asText(), shop.key())).json();
    assertThat(second.path("skus").findValuesAsText("sku")).containsExactly("MUG");
    assertThat(second.path("next").isNull()).isTrue();

    assertThat(
            check(api.get("/v1/skus?outOfStock=true", shop.key()))
                .json()
                .path("skus")
                .findValuesAsText("sku"))
        .containsExactly("EMPTY");
    assertThat(
            check(api.get("/v1/skus?belowThreshold=true", shop.key()))
                .json()
                .path("skus")
                .findValuesAsText("sku"))
        .containsExactly("EMPTY", "MUG");
    assertThat(
            check(api.get("/v1/skus?pendingSync=true", shop.key()))
                .json()
                .path("skus")
                .findValuesAsText("sku"))
        .containsExactly("MUG"); // its listing's push is queued
    assertThat(api.get("/v1/skus?limit=0", shop.key()).status()).isEqualTo(400);
    assertThat(api.get("/v1/skus?colour=blue", shop.key()).status()).isEqualTo(400);
  }

  @Test
  void showsTheAccountsPushAttemptsNewestFirst() {
    Instant t = Instant.parse("2026-11-27T10:00:00Z");
    long a =
        api.attempts.record(
            new PushAttempt(0, shop.id(), "hook", "MUG", 5, 1, t, "ACKNOWLEDGED", 200, null));
    long b =
        api.attempts.record(
            new PushAttempt(0, shop.id(), "hook", "MUG", 4, 2, t, "FAILED", 500, "boom"));

    JsonNode page = check(api.get("/v1/pushes?sku=MUG&channel=hook", shop.key())).json();
    assertThat(page.path("pushes").findValues("id"))
        .extracting(JsonNode::asLong)
        .containsExactly(b, a);
    assertThat(page.path("pushes").get(0).path("error").asText()).isEqualTo("boom");
    JsonNode older = check(api.get("/v1/pushes?limit=1&before=" + b, shop.key())).json();
    assertThat(older.path("pushes").findValues("id"))
        .extracting(JsonNode::asLong)
        .containsExactly(a);
    assertThat(api.get("/v1/pushes?sku=GHOST", shop.key()).status()).isEqualTo(404);
  }

  @Test
  void setsASkusOwnPolicyAndABundle() {
    JsonNode policy =
        check(api.put("/v1/skus/MUG/policy", shop.key(), "{\"threshold\":50}")).json();
    assertThat(policy.path("policy").path("threshold").asLong()).isEqualTo(50);
    assertThat(policy.path("policy").path("batchSize").isNull()).isTrue();
    assertThat(policy.path("effective").path("batchSize").asLong()).isEqualTo(10);

    JsonNode bundle =
        check(
                api.put(
                    "/v1/skus/PAIR",
                    shop.key(),
                    "{\"name\":\"Two mugs\",\"components\":[{\"sku\":\"MUG\",\"quantity\":2}]}"))
            .json();
    assertThat(bundle.path("components").get(0).path("quantity").asLong()).isEqualTo(2);
    assertThat(api.put("/v1/skus/GHOST/policy", shop.key(), "{\"threshold\":1}").status())
        .isEqualTo(404);
    TestApi.Answer nested =
        api.put(
            "/v1/skus/BAD",
            shop.key(),
            "{\"components\":[{\"sku\":\"PAIR\",\"quantity\":1},{\"sku\":\"NOPE\",\"quantity\":0}]}");
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.json().path("errors").findValuesAsText("field"))
        .contains("components[1].quantity");
  }

  @Test
  void aChannelTakesNumericTuningSettingsAndRefusesBadOnesByName() {
    String body =
        "{\"type\":\"flipkart\",\"baseUrl\":\"http://127.0.0.1:9/flipkart\","
            + "\"settings\":{\"locationId\":\"LOC1\",\"maxRequestsPerSecond\":%s},"
            + "\"credentials\":{\"appId\":\"a\",\"appSecret\":\"s\"}}";
    JsonNode stored =
        check(api.put("/v1/channels/fk", shop.key(), String.format(body, "0.5"))).json();
    assertThat(stored.path("settings").path("maxRequestsPerSecond").asDouble()).isEqualTo(0.5);

    TestApi.Answer bad = api.put("/v1/channels/fk", shop.key(), String.format(body, "\"fast\""));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("errors").findValuesAsText("field"))
        .containsExactly("settings.maxRequestsPerSecond");
    TestApi.Answer zero = api.put("/v1/channels/fk", shop.key(), String.format(body, "0"));
    assertThat(zero.status()).isEqualTo(400);
  }

  @Test
  void aLocationUpdatedWithoutANameKeepsTheNameItHad() {
    check(api.put("/v1/locations/WH9", shop.key(), "{\"name\":\"Pune\",\"sellable\":true}"));
    JsonNode updated =
        check(api.put("/v1/locations/WH9", shop.key(), "{\"sellable\":false}")).json();
    assertThat(updated.path("name").asText()).isEqualTo("Pune");
    assertThat(updated.path("sellable").asBoolean()).isFalse();
  }

  @Test
  void servesHealthMetricsAndUnsupportedTypesAsProblems() {
    assertThat(check(api.get("/health", null)).json().path("status").asText()).isEqualTo("UP");
    putaway("m", 5);
    String metrics = check(api.get("/metrics", null)).body();
    assertThat(metrics)
        .contains("stocksync_events_ingested_total{status=\"applied\"}")
        .contains("stocksync_ingest_batch_size_events_bucket")
        .contains("stocksync_store_commit_seconds_bucket")
        .contains("stocksync_push_queue_depth{account=\"" + shop.id() + "\",channel=\"hook\"}");

    TestApi.Answer xml =
        api.send("POST", "/v1/events", shop.key(), "application/xml", "<x/>".getBytes());
    assertThat(xml.status()).isEqualTo(415);
    assertThat(xml.isProblem()).isTrue();
    TestApi.Answer missing = api.get("/v1/nothing", shop.key());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.isProblem()).isTrue();
  }

  @Test
  void onceDrainingItRefusesNewRequestsWithAProblem() {
    assertThat(api.server.drain(java.time.Duration.ofSeconds(5))).isTrue();

    TestApi.Answer answer = api.get("/v1/skus/MUG", shop.key());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.json().path("type").asText()).endsWith("shutting-down");
  }
}
