package io.stocksync.emulator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookEmulatorTest {

  private static final String SECRET = "whsec-test";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private WebhookEmulator webhook;
  private Http http;

  @BeforeEach
  void start() {
    webhook = new WebhookEmulator(WebhookEmulator.Options.defaults().withSecret(SECRET), clock);
    server = EmulatorServer.builder().clock(clock).add(webhook).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void acceptsASignedBatchAndHoldsItsQuantities() {
    HttpResponse<String> response =
        signed(
            "/webhook",
            items("{\"externalId\":\"A\",\"sku\":\"MUG\",\"quantity\":4,\"version\":1}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response).path("accepted").asInt()).isEqualTo(1);
    assertThat(webhook.quantities()).containsExactly(Map.entry("A", 4L));
  }

  @Test
  void logsEveryChangeOfAHeldFigureInOrderWithItsCause() {
    clock.advance(Duration.ofSeconds(1));
    signed("/webhook", items("{\"externalId\":\"A\",\"quantity\":4}"));
    clock.advance(Duration.ofSeconds(1));
    JsonNode sale =
        Http.json(
            http.post(
                "/emulator/webhook/orders",
                Map.of(),
                "{\"lines\":[{\"listing\":\"A\",\"quantity\":3}]}"));
    clock.advance(Duration.ofSeconds(1));
    http.post(
        "/emulator/webhook/orders/" + sale.path("orderId").asText() + "/cancel", Map.of(), "");

    JsonNode held = Http.json(http.get("/emulator/webhook/held"));

    assertThat(held.findValuesAsText("cause")).containsExactly("WRITE", "SALE", "PUT_BACK");
    assertThat(held.findValuesAsText("after")).containsExactly("4", "1", "4");
    assertThat(held.get(0).path("before").isNull()).isTrue(); // a listing made by the write
    assertThat(held.get(1).path("before").asLong()).isEqualTo(4);
    assertThat(held.findValuesAsText("sequence")).containsExactly("1", "2", "3");
    assertThat(held.get(2).path("time").asText()).isEqualTo(clock.instant().toString());
  }

  @Test
  void servesAnyPathBelowItsPrefix() {
    assertThat(signed("/webhook/", items("{\"externalId\":\"A\",\"quantity\":1}")).statusCode())
        .isEqualTo(200);
    assertThat(
            signed("/webhook/shops/7/stock", items("{\"externalId\":\"B\",\"quantity\":2}"))
                .statusCode())
        .isEqualTo(200);
    assertThat(webhook.quantities()).containsOnlyKeys("A", "B");
  }

  @Test
  void refusesAMissingOrWrongSignature() {
    String body = items("{\"externalId\":\"A\",\"quantity\":4}");
    String timestamp = Long.toString(clock.instant().getEpochSecond());

    HttpResponse<String> unsigned = http.post("/webhook", Map.of(), body);
    HttpResponse<String> wrongSecret =
        http.post(
            "/webhook",
            Map.of(
                WebhookEmulator.TIMESTAMP_HEADER,
                timestamp,
                WebhookEmulator.SIGNATURE_HEADER,
                WebhookSignature.sign("other-secret", timestamp, bytes(body))),
            body);
    HttpResponse<String> tampered =
        http.post(
            "/webhook",
            Map.of(
                WebhookEmulator.TIMESTAMP_HEADER,
                timestamp,
                WebhookEmulator.SIGNATURE_HEADER,
                WebhookSignature.sign(SECRET, timestamp, bytes(body))),
            body.replace("4", "5"));

    assertThat(List.of(unsigned, wrongSecret, tampered))
        .extracting(HttpResponse::statusCode)
        .containsOnly(401);
    assertThat(webhook.quantities()).isEmpty();
  }

  @Test
  void refusesATimestampOlderThanFiveMinutes() {
    String body = items("{\"externalId\":\"A\",\"quantity\":4}");
    String old = Long.toString(clock.instant().minus(Duration.ofSeconds(301)).getEpochSecond());
    String recent = Long.toString(clock.instant().minus(Duration.ofSeconds(299)).getEpochSecond());

    HttpResponse<String> stale = post(body, old, WebhookSignature.sign(SECRET, old, bytes(body)));
    HttpResponse<String> fresh =
        post(body, recent, WebhookSignature.sign(SECRET, recent, bytes(body)));

    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(fresh.statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsAnyOfSeveralSignaturesDuringASecretRotation() {
    String body = items("{\"externalId\":\"A\",\"quantity\":4}");
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String both =
        WebhookSignature.sign("old-secret", timestamp, bytes(body))
            + ","
            + WebhookSignature.sign(SECRET, timestamp, bytes(body));

    assertThat(post(body, timestamp, both).statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsUnsignedRequestsWhenNoSecretIsConfigured() {
    server.close();
    webhook = new WebhookEmulator(WebhookEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().clock(clock).add(webhook).start();
    http = new Http(server);

    HttpResponse<String> response =
        http.post("/webhook", Map.of(), items("{\"externalId\":\"A\",\"quantity\":4}"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void acknowledgesButIgnoresAStaleVersion() {
    signed("/webhook", items("{\"externalId\":\"A\",\"quantity\":9,\"version\":5}"));

    HttpResponse<String> stale =
        signed(
            "/webhook",
            items(
                "{\"externalId\":\"A\",\"quantity\":3,\"version\":4}",
                "{\"externalId\":\"B\",\"quantity\":1,\"version\":1}"));

    assertThat(Http.json(stale).path("accepted").asInt()).isEqualTo(2);
    assertThat(webhook.quantities()).containsEntry("A", 9L).containsEntry("B", 1L);
  }

  @Test
  void rejectsAListingSetToFailAndAppliesTheOthers() {
    webhook.faults().failListings(List.of("B"));

    JsonNode answer =
        Http.json(
            signed(
                "/webhook",
                items(
                    "{\"externalId\":\"A\",\"quantity\":1}",
                    "{\"externalId\":\"B\",\"quantity\":2}")));

    assertThat(answer.path("accepted").asInt()).isEqualTo(1);
    assertThat(answer.path("rejected").get(0).path("externalId").asText()).isEqualTo("B");
    assertThat(webhook.quantities()).containsExactly(Map.entry("A", 1L));
  }

  @Test
  void rejectsAnUnknownListingWhenCreatingThemIsSwitchedOff() {
    webhook.seedQuantities(Map.of("A", 1L));
    webhook.faults().createUnknown(false);

    JsonNode answer =
        Http.json(
            signed(
                "/webhook",
                items(
                    "{\"externalId\":\"A\",\"quantity\":2}",
                    "{\"externalId\":\"Z\",\"quantity\":2}")));

    assertThat(answer.path("accepted").asInt()).isEqualTo(1);
    assertThat(answer.path("rejected").get(0).path("error").asText()).contains("unknown");
    assertThat(webhook.quantities()).containsExactly(Map.entry("A", 2L));
  }

  @Test
  void refusesAMalformedBatchWhole() {
    HttpResponse<String> response =
        signed(
            "/webhook",
            items(
                "{\"externalId\":\"A\",\"quantity\":2}", "{\"externalId\":\"B\",\"quantity\":-1}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response).path("error").asText()).contains("items[1].quantity");
    assertThat(webhook.quantities()).isEmpty();
  }

  @Test
  void answersTooManyRequestsWhenThrottlingIsForced() {
    http.post("/emulator/webhook/faults", Map.of(), "{\"throttling\":\"always\"}");

    HttpResponse<String> response =
        signed("/webhook", items("{\"externalId\":\"A\",\"quantity\":2}"));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
  }

  private HttpResponse<String> signed(String path, String body) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Map<String, String> headers = new HashMap<>();
    headers.put(WebhookEmulator.TIMESTAMP_HEADER, timestamp);
    headers.put(
        WebhookEmulator.SIGNATURE_HEADER, WebhookSignature.sign(SECRET, timestamp, bytes(body)));
    return http.post(path, headers, body);
  }

  private HttpResponse<String> post(String body, String timestamp, String signature) {
    return http.post(
        "/webhook",
        Map.of(
            WebhookEmulator.TIMESTAMP_HEADER,
            timestamp,
            WebhookEmulator.SIGNATURE_HEADER,
            signature),
        body);
  }

  private static String items(String... items) {
    return "{\"items\":[" + String.join(",", items) + "]}";
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
