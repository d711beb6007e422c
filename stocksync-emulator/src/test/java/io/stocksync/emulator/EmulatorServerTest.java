package io.stocksync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.webhook.WebhookEmulator;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's own surface and the fault controls every emulator shares, shown on the webhook. */
class EmulatorServerTest {

  private static final String ITEMS = "{\"items\":[{\"externalId\":\"L-1\",\"quantity\":5}]}";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private WebhookEmulator webhook;
  private Http http;

  @BeforeEach
  void start() {
    webhook = new WebhookEmulator(WebhookEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().port(0).clock(clock).add(webhook).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void hostsEveryEmulatorUnderItsOwnPrefixOnTheBoundPort() {
    assertThat(server.port()).isPositive();
    assertThat(server.baseUrl("shopify"))
        .isEqualTo("http://127.0.0.1:" + server.port() + "/shopify");
    assertThat(server.emulator(ShopifyEmulator.class).name()).isEqualTo("shopify");
    assertThat(server.emulator("webhook")).isSameAs(webhook);

    JsonNode listed = Http.json(http.get("/emulator"));

    assertThat(listed.path("shopify").asText()).isEqualTo(server.baseUrl("shopify"));
    assertThat(listed.path("webhook").asText()).isEqualTo(server.baseUrl("webhook"));
  }

  @Test
  void hostsTheAmazonFlipkartAndWooCommerceEmulatorsByDefault() {
    JsonNode listed = Http.json(http.get("/emulator"));

    assertThat(listed.path("amazon").asText()).isEqualTo(server.baseUrl("amazon"));
    assertThat(listed.path("flipkart").asText()).isEqualTo(server.baseUrl("flipkart"));
    assertThat(listed.path("woocommerce").asText()).isEqualTo(server.baseUrl("woocommerce"));
    assertThat(server.emulators()).hasSize(5);
  }

  @Test
  void refusesToNameAnEmulatorItDoesNotHost() {
    assertThatThrownBy(() -> server.baseUrl("ebay")).isInstanceOf(IllegalArgumentException.class);
    assertThat(http.get("/emulator/ebay/quantities").statusCode()).isEqualTo(404);
  }

  @Test
  void seedsAndListsQuantitiesByListingKey() {
    HttpResponse<String> seeded = http.put("/emulator/webhook/quantities", "{\"L-2\":7,\"L-1\":3}");

    assertThat(seeded.statusCode()).isEqualTo(200);
    assertThat(Http.json(http.get("/emulator/webhook/quantities")).toString())
        .isEqualTo("{\"L-1\":3,\"L-2\":7}");
    assertThat(http.put("/emulator/webhook/quantities", "{\"L-1\":\"x\"}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void listsTheRequestsInArrivalOrderWithTheirStatus() {
    http.post("/webhook", Map.of(), ITEMS);
    http.post("/webhook/orders", Map.of(), "not json");

    JsonNode requests = Http.json(http.get("/emulator/webhook/requests"));

    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).path("sequence").asLong()).isEqualTo(1);
    assertThat(requests.get(0).path("method").asText()).isEqualTo("POST");
    assertThat(requests.get(0).path("path").asText()).isEqualTo("/webhook");
    assertThat(requests.get(0).path("body").asText()).isEqualTo(ITEMS);
    assertThat(requests.get(0).path("status").asInt()).isEqualTo(200);
    assertThat(requests.get(0).path("time").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(requests.get(1).path("path").asText()).isEqualTo("/webhook/orders");
    assertThat(requests.get(1).path("status").asInt()).isEqualTo(400);
  }

  @Test
  void forcesAStatusForTheNextRequestsThenAnswersNormally() {
    setFaults("{\"forceStatus\":{\"status\":503,\"count\":2,\"retryAfterSeconds\":3}}");

    HttpResponse<String> first = http.post("/webhook", Map.of(), ITEMS);
    HttpResponse<String> second = http.post("/webhook", Map.of(), ITEMS);
    HttpResponse<String> third = http.post("/webhook", Map.of(), ITEMS);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).contains("3");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(200);
  }

  @Test
  void forcesAStatusForADurationOfTheClock() {
    setFaults("{\"forceStatus\":{\"status\":500,\"forSeconds\":30}}");

    HttpResponse<String> during = http.post("/webhook", Map.of(), ITEMS);
    clock.advance(Duration.ofSeconds(29));
    HttpResponse<String> stillDuring = http.post("/webhook", Map.of(), ITEMS);
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> after = http.post("/webhook", Map.of(), ITEMS);

    assertThat(during.statusCode()).isEqualTo(500);
    assertThat(stillDuring.statusCode()).isEqualTo(500);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(webhook.quantities()).containsEntry("L-1", 5L);
  }

  @Test
  void addsLatencyBeforeAnswering() {
    setFaults("{\"latencyMillis\":300}");

    long started = System.nanoTime();
    HttpResponse<String> response = http.post("/webhook", Map.of(), ITEMS);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void holdsARequestPastTheClientsTimeoutButAppliesItWhenToldTo() {
    setFaults("{\"timeout\":{\"holdMillis\":10000,\"count\":1,\"apply\":true}}");

    assertThatThrownBy(
            () -> http.postWithTimeout("/webhook", Map.of(), ITEMS, Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);

    Await.until(Duration.ofSeconds(5), () -> webhook.quantities().containsKey("L-1"));
    assertThat(webhook.quantities()).containsEntry("L-1", 5L);
    assertThat(http.post("/webhook", Map.of(), ITEMS).statusCode()).isEqualTo(200);
  }

  @Test
  void holdsARequestAndAnswersGatewayTimeoutWithoutApplyingIt() {
    setFaults("{\"timeout\":{\"holdMillis\":600,\"apply\":false}}");

    assertThatThrownBy(
            () -> http.postWithTimeout("/webhook", Map.of(), ITEMS, Duration.ofMillis(200)))
        .isInstanceOf(HttpTimeoutException.class);

    Await.until(
        Duration.ofSeconds(5),
        () -> Integer.valueOf(504).equals(webhook.requests().list().get(0).status()));
    assertThat(webhook.quantities()).isEmpty();
  }

  @Test
  void showsTheFaultsInForceAndClearsThemOnReset() {
    setFaults(
        "{\"latencyMillis\":5,\"throttling\":\"always\",\"failListings\":[\"L-9\"],"
            + "\"createUnknown\":false,\"forceStatus\":{\"status\":502,\"count\":4}}");

    JsonNode shown = Http.json(http.get("/emulator/webhook/faults"));
    assertThat(shown.path("latencyMillis").asInt()).isEqualTo(5);
    assertThat(shown.path("throttling").asText()).isEqualTo("always");
    assertThat(shown.path("failListings").get(0).asText()).isEqualTo("L-9");
    assertThat(shown.path("createUnknown").asBoolean()).isFalse();
    assertThat(shown.path("forceStatus").path("count").asInt()).isEqualTo(4);

    assertThat(http.post("/emulator/webhook/reset", Map.of(), "").statusCode()).isEqualTo(204);

    JsonNode cleared = Http.json(http.get("/emulator/webhook/faults"));
    assertThat(cleared.path("forceStatus").isNull()).isTrue();
    assertThat(cleared.path("throttling").asText()).isEqualTo("bucket");
    assertThat(cleared.path("createUnknown").asBoolean()).isTrue();
    assertThat(webhook.requests().list()).isEmpty();
  }

  @Test
  void refusesABadFaultDocumentWholeAndChangesNothing() {
    HttpResponse<String> response =
        http.post("/emulator/webhook/faults", Map.of(), "{\"latencyMillis\":50,\"explode\":true}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response).path("error").asText()).contains("explode");
    assertThat(webhook.faults().view()).containsEntry("latencyMillis", 0L);
  }

  @Test
  void clearsOneFaultWhenItIsSetToNull() {
    setFaults("{\"forceStatus\":{\"status\":503,\"count\":5}}");

    setFaults("{\"forceStatus\":null}");

    assertThat(http.post("/webhook", Map.of(), ITEMS).statusCode()).isEqualTo(200);
  }

  private void setFaults(String json) {
    HttpResponse<String> response = http.post("/emulator/webhook/faults", Map.of(), json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
