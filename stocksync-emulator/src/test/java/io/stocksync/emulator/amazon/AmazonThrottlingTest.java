package io.stocksync.emulator.amazon;

import static io.stocksync.emulator.amazon.AmazonRequests.patch;
import static io.stocksync.emulator.amazon.AmazonRequests.quantityPatch;
import static io.stocksync.emulator.amazon.AmazonRequests.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import io.stocksync.emulator.Throttling;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** patchListingsItem's usage plan: 5 requests per second, burst 5, per account. */
class AmazonThrottlingTest {

  private static final String OTHER_ACCOUNT = "Atzr|second-seller";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private AmazonEmulator amazon;
  private Http http;

  @BeforeEach
  void start() {
    amazon =
        new AmazonEmulator(
            AmazonEmulator.Options.defaults()
                .withRefreshTokens(Set.of(AmazonEmulator.DEFAULT_REFRESH_TOKEN, OTHER_ACCOUNT)),
            clock);
    server = EmulatorServer.builder().clock(clock).add(amazon).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void allowsABurstOfFiveThenAnswersQuotaExceededWithoutRetryAfter() {
    String token = token(http);
    for (int i = 1; i <= 5; i++) {
      assertThat(patch(http, token, "SKU-" + i, quantityPatch(i)).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> sixth = patch(http, token, "SKU-6", quantityPatch(6));

    assertThat(sixth.statusCode()).isEqualTo(429);
    JsonNode error = Http.json(sixth).path("errors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("QuotaExceeded");
    assertThat(error.path("message").asText())
        .isEqualTo("You exceeded your quota for the requested resource.");
    assertThat(sixth.headers().firstValue("Retry-After")).isEmpty();
    assertThat(sixth.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(amazon.quantities()).doesNotContainKey(AmazonRequests.SELLER + "/SKU-6");
  }

  @Test
  void restoresFiveRequestsPerSecondOfTheClock() {
    String token = token(http);
    for (int i = 1; i <= 5; i++) {
      patch(http, token, "SKU-" + i, quantityPatch(i));
    }

    clock.advance(Duration.ofMillis(199));
    HttpResponse<String> early = patch(http, token, "SKU-6", quantityPatch(6));
    clock.advance(Duration.ofMillis(1));
    HttpResponse<String> onTime = patch(http, token, "SKU-6", quantityPatch(6));
    HttpResponse<String> tooSoon = patch(http, token, "SKU-7", quantityPatch(7));
    clock.advance(Duration.ofSeconds(10));
    int afterALongPause = 0;
    for (int i = 0; i < 7; i++) {
      if (patch(http, token, "SKU-8", quantityPatch(i)).statusCode() == 200) {
        afterALongPause++;
      }
    }

    assertThat(early.statusCode()).isEqualTo(429);
    assertThat(onTime.statusCode()).isEqualTo(200);
    assertThat(tooSoon.statusCode()).isEqualTo(429);
    assertThat(afterALongPause).as("the bucket never holds more than the burst").isEqualTo(5);
  }

  @Test
  void keepsABucketPerAccount() {
    String first = token(http);
    HttpResponse<String> otherToken = AmazonRequests.requestToken(http, OTHER_ACCOUNT);
    String second = Http.json(otherToken).path("access_token").asText();
    for (int i = 1; i <= 5; i++) {
      patch(http, first, "SKU-" + i, quantityPatch(i));
    }

    assertThat(patch(http, first, "X", quantityPatch(1)).statusCode()).isEqualTo(429);
    assertThat(patch(http, second, "X", quantityPatch(1)).statusCode()).isEqualTo(200);
  }

  @Test
  void throttlesEveryCallWhenToldToWithTheStatusAsked() {
    String token = token(http);
    http.post(
        "/emulator/amazon/faults", Map.of(), "{\"throttling\":\"always\",\"throttledStatus\":503}");

    HttpResponse<String> response = patch(http, token, "A", quantityPatch(1));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(Http.json(response).path("errors").get(0).path("code").asText())
        .isEqualTo("QuotaExceeded");
    assertThat(amazon.quantities()).isEmpty();
  }

  @Test
  void neverThrottlesWhenThrottlingIsOff() {
    String token = token(http);
    amazon.faults().throttling(Throttling.OFF);

    for (int i = 0; i < 20; i++) {
      assertThat(patch(http, token, "A", quantityPatch(i)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void refillsTheBucketsOnReset() {
    String token = token(http);
    for (int i = 1; i <= 5; i++) {
      patch(http, token, "SKU-" + i, quantityPatch(i));
    }

    http.post("/emulator/amazon/reset", Map.of(), "");
    String fresh = token(http);

    assertThat(patch(http, fresh, "A", quantityPatch(1)).statusCode()).isEqualTo(200);
  }
}
