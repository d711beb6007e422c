package io.stocksync.emulator.shopify;

import static io.stocksync.emulator.shopify.ShopifyRequests.input;
import static io.stocksync.emulator.shopify.ShopifyRequests.key;
import static io.stocksync.emulator.shopify.ShopifyRequests.quantity;
import static io.stocksync.emulator.shopify.ShopifyRequests.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import io.stocksync.emulator.Throttling;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifyThrottlingTest {

  /** Room for three mutations, restoring one mutation's worth per second. */
  private static final ShopifyPlan SMALL = new ShopifyPlan(30, 10);

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private ShopifyEmulator shopify;
  private Http http;

  @BeforeEach
  void start() {
    shopify = new ShopifyEmulator(ShopifyEmulator.Options.defaults().withPlan(SMALL), clock);
    server = EmulatorServer.builder().clock(clock).add(shopify).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void reportsTheCostAndWhatIsLeftInTheBucket() {
    JsonNode cost = set(http, input(quantity(1, 1, null)), "c-1").path("extensions").path("cost");

    assertThat(cost.path("requestedQueryCost").asInt()).isEqualTo(10);
    assertThat(cost.path("actualQueryCost").asInt()).isEqualTo(10);
    assertThat(cost.path("throttleStatus").path("maximumAvailable").asDouble()).isEqualTo(30.0);
    assertThat(cost.path("throttleStatus").path("currentlyAvailable").asInt()).isEqualTo(20);
    assertThat(cost.path("throttleStatus").path("restoreRate").asDouble()).isEqualTo(10.0);
  }

  @Test
  void throttlesWhenTheBucketLacksTheCostAndChangesNothing() {
    for (int i = 1; i <= 3; i++) {
      set(http, input(quantity(i, i, null)), "fill-" + i);
    }

    HttpResponse<String> response =
        ShopifyRequests.send(
            http,
            ShopifyRequests.SET_QUANTITIES,
            ShopifyRequests.variables(input(quantity(4, 4, null)), "over"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = Http.json(response);
    assertThat(answer.has("data")).isFalse();
    assertThat(answer.path("errors").get(0).path("message").asText()).isEqualTo("Throttled");
    assertThat(answer.path("errors").get(0).path("extensions").path("code").asText())
        .isEqualTo("THROTTLED");
    JsonNode cost = answer.path("extensions").path("cost");
    assertThat(cost.path("requestedQueryCost").asInt()).isEqualTo(10);
    assertThat(cost.path("actualQueryCost").isNull()).isTrue();
    assertThat(cost.path("throttleStatus").path("currentlyAvailable").asInt()).isZero();
    assertThat(shopify.quantities()).doesNotContainKey(key(4));
  }

  @Test
  void restoresPointsAsTheClockAdvances() {
    for (int i = 1; i <= 3; i++) {
      set(http, input(quantity(i, i, null)), "fill-" + i);
    }
    clock.advance(Duration.ofMillis(500));
    JsonNode halfRestored = set(http, input(quantity(4, 4, null)), "early");

    clock.advance(Duration.ofMillis(500));
    JsonNode restored = set(http, input(quantity(4, 4, null)), "on-time");

    assertThat(halfRestored.path("errors").get(0).path("extensions").path("code").asText())
        .isEqualTo("THROTTLED");
    assertThat(
            halfRestored
                .path("extensions")
                .path("cost")
                .path("throttleStatus")
                .path("currentlyAvailable")
                .asInt())
        .isEqualTo(5);
    assertThat(restored.has("errors")).isFalse();
    assertThat(shopify.quantities()).containsEntry(key(4), 4L);
  }

  @Test
  void neverHoldsMoreThanTheBucketSize() {
    clock.advance(Duration.ofHours(1));

    JsonNode cost = set(http, input(quantity(1, 1, null)), "c-1").path("extensions").path("cost");

    assertThat(cost.path("throttleStatus").path("currentlyAvailable").asInt()).isEqualTo(20);
  }

  @Test
  void throttlesEveryRequestWhenToldToAndAnswers429WhenAsked() {
    http.post(
        "/emulator/shopify/faults",
        Map.of(),
        "{\"throttling\":\"always\",\"throttledStatus\":429}");

    HttpResponse<String> response =
        ShopifyRequests.send(
            http,
            ShopifyRequests.SET_QUANTITIES,
            ShopifyRequests.variables(input(quantity(1, 1, null)), "k"));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(Http.json(response).path("errors").get(0).path("extensions").path("code").asText())
        .isEqualTo("THROTTLED");
    assertThat(shopify.quantities()).isEmpty();
  }

  @Test
  void neverThrottlesWhenThrottlingIsOff() {
    shopify.faults().throttling(Throttling.OFF);

    for (int i = 1; i <= 5; i++) {
      assertThat(set(http, input(quantity(i, i, null)), "off-" + i).has("errors")).isFalse();
    }
    assertThat(shopify.quantities()).hasSize(5);
  }

  @Test
  void refillsTheBucketOnReset() {
    for (int i = 1; i <= 3; i++) {
      set(http, input(quantity(i, i, null)), "fill-" + i);
    }

    http.post("/emulator/shopify/reset", Map.of(), "");

    assertThat(set(http, input(quantity(1, 1, null)), "after-reset").has("errors")).isFalse();
  }
}
