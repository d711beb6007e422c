package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.channels.DispatcherSettings;
import io.stocksync.channels.RetryPolicy;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.webhook.WebhookEmulator;
import io.stocksync.server.engine.Dispatchers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push routes with the dispatcher running as {@code serve} runs it: credentials sealed by the
 * API and opened by the dispatcher, a push the marketplace refuses shown {@code FAILED}, and an
 * operator's retry.
 */
class PushRoutesTest {

  @TempDir Path dir;
  TestApi api;
  EmulatorServer emulators;
  WebhookEmulator hook;
  Dispatchers.Running dispatch;

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    hook =
        new WebhookEmulator(
            WebhookEmulator.Options.defaults().withSecret("hmac-secret"), Clock.systemUTC());
    emulators = EmulatorServer.builder().add(hook).start();
    dispatch =
        Dispatchers.start(
            api.engine,
            List.of(),
            Dispatchers.credentials(api.cipher),
            Clock.systemUTC(),
            DispatcherSettings.DEFAULT.withRetry(
                new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(100))),
            1);
  }

  @AfterEach
  void stop() {
    dispatch.close();
    api.close();
    emulators.close();
  }

  private JsonNode hookListing(TestApi.Account a) {
    return check(api.get("/v1/skus/MUG", a.key())).json().path("listings").get(0);
  }

  @Test
  void aFailedPushIsListedAndARetrySendsItAgain() {
    TestApi.Account a = api.account("Shop");
    check(api.put("/v1/locations/WH1", a.key(), "{\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", a.key(), "{\"name\":\"Blue mug\"}"));
    check(
        api.put(
            "/v1/channels/hook",
            a.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\""
                + emulators.baseUrl("webhook")
                + "/stock\",\"credentials\":{\"secret\":\"hmac-secret\"}}"));
    hook.faults().failListings(List.of("mug-1"));
    check(api.put("/v1/channels/hook/listings/MUG", a.key(), "{\"externalId\":\"mug-1\"}"));
    check(api.events(a.key(), List.of(TestApi.event("e-1", "PUTAWAY", "MUG", 10))));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> hookListing(a).path("state").asText().equals("FAILED"));
    JsonNode failed = check(api.get("/v1/pushes?state=FAILED", a.key())).json().path("pushes");
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).path("sku").asText()).isEqualTo("MUG");
    assertThat(failed.get(0).path("channel").asText()).isEqualTo("hook");
    assertThat(failed.get(0).path("status").asText()).isEqualTo("REJECTED");
    // A refused item is not retried (SPEC §5): one attempt, failed with the marketplace's reason.
    assertThat(failed.get(0).path("error").asText())
        .isNotBlank()
        .doesNotContain("retry budget used up");
    // The listing's first figure, 0 (version 1), may be sent and refused before the put-away makes
    // it 10 (version 2), or be replaced by it unsent: either way each version is tried once and
    // never again, and the newest is among them.
    JsonNode all = check(api.get("/v1/pushes?sku=MUG", a.key())).json().path("pushes");
    assertThat(all.findValuesAsText("version"))
        .as(all.toPrettyString())
        .doesNotHaveDuplicates()
        .startsWith("2")
        .isSubsetOf("2", "1");
    assertThat(all.findValuesAsText("status")).containsOnly("REJECTED");

    hook.faults().failListings(List.of());
    JsonNode retried =
        check(api.send("POST", "/v1/channels/hook/retry", a.key(), null, null)).json();

    assertThat(retried.path("retried").asInt()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> hookListing(a).path("state").asText().equals("IN_SYNC"));
    assertThat(hookListing(a).path("acknowledged").asLong()).isEqualTo(10);
    assertThat(hook.quantities()).containsEntry("mug-1", 10L);
    assertThat(check(api.get("/v1/pushes?state=FAILED", a.key())).json().path("pushes")).isEmpty();
    assertThat(api.get("/v1/pushes?state=PENDING", a.key()).status()).isEqualTo(400);
  }

  @Test
  void aChannelShowsItsHealthFromTheLedgerAndFromItsPushWorker() {
    TestApi.Account a = api.account("Shop");
    check(api.put("/v1/locations/WH1", a.key(), "{\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", a.key(), "{\"name\":\"Blue mug\"}"));
    check(api.put("/v1/skus/CUP", a.key(), "{\"name\":\"Cup\"}"));
    check(
        api.put(
            "/v1/channels/hook",
            a.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\""
                + emulators.baseUrl("webhook")
                + "/stock\",\"settings\":{\"maxRequestsPerSecond\":50,\"burst\":10},"
                + "\"credentials\":{\"secret\":\"hmac-secret\"}}"));
    JsonNode before = check(api.get("/v1/channels/hook", a.key())).json().path("health");
    assertThat(before.path("lastAcknowledgedAt").isNull()).as(before.toString()).isTrue();
    assertThat(before.path("failedListings").asInt()).isZero();
    assertThat(before.path("orderWatermark").isNull()).isTrue();

    hook.faults().failListings(List.of("cup-1"));
    check(api.put("/v1/channels/hook/listings/MUG", a.key(), "{\"externalId\":\"mug-1\"}"));
    check(api.put("/v1/channels/hook/listings/CUP", a.key(), "{\"externalId\":\"cup-1\"}"));
    check(
        api.events(
            a.key(),
            List.of(
                TestApi.event("e-1", "PUTAWAY", "MUG", 10),
                TestApi.event("e-2", "PUTAWAY", "CUP", 4))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                check(api.get("/v1/channels/hook", a.key()))
                        .json()
                        .path("health")
                        .path("failedListings")
                        .asInt()
                    == 1);

    JsonNode health = check(api.get("/v1/channels/hook", a.key())).json().path("health");
    assertThat(health.path("lastAcknowledgedAt").asText()).as(health.toString()).isNotBlank();
    // CUP failed at once (the marketplace refused it): nothing waits, so there is no lag.
    assertThat(health.path("lagSeconds").asLong()).isZero();
    assertThat(health.path("inFlight").asInt()).isZero();
    // Its request bucket (50/s, burst 10) is known once the worker has built the connector.
    assertThat(health.has("rateBudgetInUse")).as(health.toString()).isTrue();
    assertThat(health.path("rateBudgetInUse").asDouble()).isBetween(0.0, 1.0);
    assertThat(health.path("problem").isNull()).isTrue();
    JsonNode listed = check(api.get("/v1/channels", a.key())).json().path("channels").get(0);
    assertThat(listed.path("health").path("failedListings").asInt()).isEqualTo(1);
  }
}
