package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.store.PushAttemptRepository.PushAttempt;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key sees one account: account A's key is driven against account B's SKUs, locations, channels,
 * listings, pushes and events on every route. Each answers 404 or changes only A, and B's stored
 * rows stay byte-for-byte the same.
 */
class IsolationTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account a;
  private TestApi.Account b;
  private final Set<String> covered = new HashSet<>();

  /** The server under test: SQLite here, PostgreSQL in {@link PostgresIsolationTest}. */
  TestApi newApi(Path dir) {
    return new TestApi(dir, 16L << 20);
  }

  @BeforeEach
  void start() {
    api = newApi(dir);
    a = api.account("Alice's shop");
    b = api.account("Bob's shop");
    // B: location BWH (unsellable), SKU BMUG with stock, channel bhook listing it, a push attempt.
    check(api.put("/v1/locations/BWH", b.key(), "{\"name\":\"Bob's\",\"sellable\":false}"));
    check(api.put("/v1/locations/WH1", b.key(), "{\"name\":\"Bob main\",\"sellable\":true}"));
    check(api.put("/v1/skus/BMUG", b.key(), "{\"name\":\"Bob's mug\"}"));
    check(
        api.put(
            "/v1/channels/bhook",
            b.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/b\","
                + "\"credentials\":{\"secret\":\"bob-secret\"}}"));
    check(api.put("/v1/channels/bhook/listings/BMUG", b.key(), "{\"externalId\":\"b-1\"}"));
    check(api.events(b.key(), List.of(event("shared-id", "PUTAWAY", "BMUG", 40))));
    api.attempts.record(
        new PushAttempt(
            0, b.id(), "bhook", "BMUG", 40, 1, Instant.now(), "ACKNOWLEDGED", 200, null));
    // A: just a location of its own.
    check(api.put("/v1/locations/WH1", a.key(), "{\"name\":\"Alice main\",\"sellable\":true}"));
  }

  @AfterEach
  void stop() {
    if (api != null) { // null when the PostgreSQL variant skipped before starting one
      api.close();
    }
  }

  private TestApi.Answer as(String route, TestApi.Answer answer) {
    covered.add(route);
    return answer;
  }

  @Test
  void aKeySeesOnlyItsOwnAccountOnEveryRoute() {
    String bBefore = api.digest(b.id());

    // Reads of B's things are 404s.
    assertThat(as("GET /v1/skus/{sku}", api.get("/v1/skus/BMUG", a.key())).status()).isEqualTo(404);
    assertThat(as("GET /v1/pushes", api.get("/v1/pushes?sku=BMUG", a.key())).status())
        .isEqualTo(404);
    assertThat(api.get("/v1/pushes?channel=bhook", a.key()).status()).isEqualTo(404);
    assertThat(api.get("/v1/pushes?state=FAILED&channel=bhook", a.key()).status()).isEqualTo(404);
    assertThat(check(api.get("/v1/pushes", a.key())).json().path("pushes")).isEmpty();
    assertThat(as("GET /v1/orders", api.get("/v1/orders?channel=bhook", a.key())).status())
        .isEqualTo(404);
    assertThat(check(api.get("/v1/orders", a.key())).json().path("orders")).isEmpty();
    assertThat(
            as("GET /v1/channels/{id}/feed", api.get("/v1/channels/bhook/feed", a.key())).status())
        .isEqualTo(404);
    JsonNode skus = check(as("GET /v1/skus", api.get("/v1/skus", a.key()))).json();
    assertThat(skus.path("skus")).isEmpty();
    assertThat(skus.path("matched").asLong()).isZero();
    assertThat(
            check(as("GET /v1/policy", api.get("/v1/policy", a.key())))
                .json()
                .path("threshold")
                .asLong())
        .isEqualTo(2000);

    // The configuration reads and the reports: B's things are 404s, lists hold only A's.
    for (String[] read :
        new String[][] {
          {"GET /v1/skus/{sku}/policy", "/v1/skus/BMUG/policy"},
          {"GET /v1/skus/{sku}/events", "/v1/skus/BMUG/events"},
          {"GET /v1/locations/{code}", "/v1/locations/BWH"},
          {"GET /v1/channels/{id}", "/v1/channels/bhook"},
          {"GET /v1/channels/{id}/listings", "/v1/channels/bhook/listings"},
          {"GET /v1/channels/{id}/listings/{sku}", "/v1/channels/bhook/listings/BMUG"},
        }) {
      assertThat(as(read[0], api.get(read[1], a.key())).status()).as(read[0]).isEqualTo(404);
    }
    assertThat(
            check(as("GET /v1/locations", api.get("/v1/locations", a.key())))
                .json()
                .findValuesAsText("code"))
        .containsExactly("WH1");
    assertThat(
            check(as("GET /v1/channels", api.get("/v1/channels", a.key()))).json().path("channels"))
        .isEmpty();
    assertThat(check(as("GET /v1/snapshot", api.get("/v1/snapshot", a.key()))).json().path("skus"))
        .isEmpty();
    assertThat(
            check(
                    as(
                        "GET /v1/reports/reconciliation",
                        api.get("/v1/reports/reconciliation?from=2000-01-01T00:00:00Z", a.key())))
                .json()
                .path("rows"))
        .isEmpty();
    assertThat(
            as("DELETE /v1/skus/{sku}/policy", api.delete("/v1/skus/BMUG/policy", a.key()))
                .status())
        .isEqualTo(404);
    assertThat(
            as("PATCH /v1/skus/{sku}", api.patch("/v1/skus/BMUG", a.key(), "{\"name\":\"x\"}"))
                .status())
        .isEqualTo(404);
    assertThat(
            as(
                    "PATCH /v1/locations/{code}",
                    api.patch("/v1/locations/BWH", a.key(), "{\"name\":\"x\"}"))
                .status())
        .isEqualTo(404);
    assertThat(
            as(
                    "PATCH /v1/channels/{id}",
                    api.patch("/v1/channels/bhook", a.key(), "{\"enabled\":false}"))
                .status())
        .isEqualTo(404);
    assertThat(
            as(
                    "PATCH /v1/channels/{id}/listings/{sku}",
                    api.patch(
                        "/v1/channels/bhook/listings/BMUG", a.key(), "{\"externalId\":\"x\"}"))
                .status())
        .isEqualTo(404);

    // Deleting B's things with A's key finds nothing to delete.
    for (String[] delete :
        new String[][] {
          {"DELETE /v1/channels/{id}/listings/{sku}", "/v1/channels/bhook/listings/BMUG"},
          {"DELETE /v1/channels/{id}", "/v1/channels/bhook"},
          {"DELETE /v1/skus/{sku}", "/v1/skus/BMUG"},
          {"DELETE /v1/locations/{code}", "/v1/locations/BWH"},
        }) {
      assertThat(as(delete[0], api.delete(delete[1], a.key())).status())
          .as(delete[0])
          .isEqualTo(404);
    }

    // Writes naming B's things are 404s, or change only A.
    assertThat(
            as(
                    "PUT /v1/skus/{sku}/policy",
                    api.put("/v1/skus/BMUG/policy", a.key(), "{\"threshold\":1}"))
                .status())
        .isEqualTo(404);
    assertThat(
            as(
                    "PUT /v1/channels/{id}/listings/{sku}",
                    api.put("/v1/channels/bhook/listings/BMUG", a.key(), "{\"externalId\":\"x\"}"))
                .status())
        .isEqualTo(404);
    assertThat(
            as(
                    "POST /v1/channels/{id}/retry",
                    api.send(
                        "POST",
                        "/v1/channels/bhook/retry",
                        a.key(),
                        "application/json",
                        "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .status())
        .isEqualTo(404);
    assertThat(
            as(
                    "POST /v1/channels/{id}/read-back",
                    api.send(
                        "POST",
                        "/v1/channels/bhook/read-back",
                        a.key(),
                        "application/json",
                        "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .status())
        .isEqualTo(404);
    assertThat(
            as("POST /v1/channels/{id}/test", api.post("/v1/channels/bhook/test", a.key(), "{}"))
                .status())
        .isEqualTo(404);
    assertThat(
            as("GET /v1/skus/{sku}/channels/{id}", api.get("/v1/skus/BMUG/channels/bhook", a.key()))
                .status())
        .isEqualTo(404);
    assertThat(check(as("GET /v1/alerts", api.get("/v1/alerts", a.key()))).json().get("alerts"))
        .isEmpty();
    check(
        as(
            "PUT /v1/alerts/destination",
            api.put(
                "/v1/alerts/destination",
                a.key(),
                "{\"url\":\"http://127.0.0.1:9/alerts\",\"secret\":\"alice-secret-0123456789\"}")));
    check(as("GET /v1/alerts/destination", api.get("/v1/alerts/destination", a.key())));
    assertThat(api.get("/v1/alerts/destination", b.key()).status()).isEqualTo(404);
    JsonNode results =
        check(
                as(
                    "POST /v1/events",
                    api.events(
                        a.key(),
                        List.of(
                            event("b-stock", "ORDER_PLACED", "BMUG", 1),
                            TestApi.event("x", "PUTAWAY", "BMUG", 1)))))
            .json()
            .path("results");
    assertThat(results.findValuesAsText("status")).containsOnly("rejected");
    assertThat(results.get(0).path("error").path("reason").asText()).isEqualTo("UNKNOWN_SKU");
    check(as("PUT /v1/policy", api.put("/v1/policy", a.key(), "{\"threshold\":7}")));
    check(
        as(
            "PUT /v1/locations/{code}",
            api.put("/v1/locations/BWH", a.key(), "{\"sellable\":true}")));
    check(
        as("PUT /v1/skus/{sku}", api.put("/v1/skus/BMUG", a.key(), "{\"name\":\"Alice's own\"}")));
    check(
        as(
            "PUT /v1/channels/{id}",
            api.put(
                "/v1/channels/bhook",
                a.key(),
                "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/a\","
                    + "\"credentials\":{\"secret\":\"alice-secret\"}}")));
    // The same event id as B's is A's own, new event.
    JsonNode own =
        check(api.events(a.key(), List.of(event("shared-id", "PUTAWAY", "BMUG", 3))))
            .json()
            .path("results");
    assertThat(own.get(0).path("status").asText()).isEqualTo("applied");

    // A sees its own; B is untouched, row for row.
    JsonNode mine = check(api.get("/v1/skus/BMUG", a.key())).json();
    assertThat(mine.path("name").asText()).isEqualTo("Alice's own");
    assertThat(mine.path("onHand").asLong()).isEqualTo(3);
    JsonNode bobs = check(api.get("/v1/skus/BMUG", b.key())).json();
    assertThat(bobs.path("name").asText()).isEqualTo("Bob's mug");
    assertThat(bobs.path("onHand").asLong()).isEqualTo(40);
    assertThat(check(api.get("/v1/policy", b.key())).json().path("threshold").asLong())
        .isEqualTo(2000);
    assertThat(api.digest(b.id())).isEqualTo(bBefore);

    // Every /v1 route the server has was driven with A's key above.
    Set<String> v1 = new HashSet<>();
    api.server.routes().stream()
        .filter(r -> r.path().startsWith("/v1/"))
        .forEach(r -> v1.add(r.method() + " " + r.path()));
    assertThat(covered).isEqualTo(v1);
  }
}
