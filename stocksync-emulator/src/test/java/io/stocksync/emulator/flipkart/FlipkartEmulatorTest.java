package io.stocksync.emulator.flipkart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlipkartEmulatorTest {

  private static final String TOKEN_PATH =
      "/flipkart/oauth-service/oauth/token?grant_type=client_credentials&scope=Seller_Api";
  private static final String INVENTORY = "/flipkart/sellers/listings/v3/update/inventory";
  private static final String PRODUCT = "MUGFDG3VACEXZEYZ";
  private static final String LOCATION = "LOC9e98b1262cb544c59f9bb13c189214ed";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private FlipkartEmulator flipkart;
  private Http http;

  @BeforeEach
  void start() {
    flipkart =
        new FlipkartEmulator(FlipkartEmulator.Options.defaults().withRequestsPerSecond(2), clock);
    server = EmulatorServer.builder().clock(clock).add(flipkart).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void issuesABearerTokenForTheApplicationsCredentials() {
    HttpResponse<String> response = requestToken(FlipkartEmulator.DEFAULT_APP_SECRET);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode token = Http.json(response);
    assertThat(token.path("access_token").asText()).isNotBlank();
    assertThat(token.path("token_type").asText()).isEqualTo("bearer");
    assertThat(token.path("expires_in").asLong()).isEqualTo(5_183_999L);
    assertThat(token.path("scope").asText()).isEqualTo("Seller_Api");
  }

  @Test
  void refusesWrongApplicationCredentials() {
    HttpResponse<String> wrongSecret = requestToken("not-the-secret");
    HttpResponse<String> none = http.get(TOKEN_PATH);

    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(Http.json(wrongSecret).path("error_description").asText())
        .isEqualTo("Bad credentials");
    assertThat(none.statusCode()).isEqualTo(401);
  }

  @Test
  void setsTheInventoryOfEachSkuAtEachLocationAndAnswersPerSku() {
    String token = token();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("MUG-1", sku(PRODUCT, location(LOCATION, 7), location("LOC-2", 0)));
    body.put("MUG-2", sku(PRODUCT, location(LOCATION, 3)));

    HttpResponse<String> response = update(token, body);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = Http.json(response);
    assertThat(answer.path("MUG-1").path("status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.path("MUG-1").path("errors")).isEmpty();
    assertThat(answer.path("MUG-1").path("attribute_errors")).isEmpty();
    assertThat(answer.path("MUG-2").path("status").asText()).isEqualTo("SUCCESS");
    assertThat(flipkart.quantities())
        .containsExactly(
            Map.entry("MUG-1@LOC-2", 0L),
            Map.entry("MUG-1@" + LOCATION, 7L),
            Map.entry("MUG-2@" + LOCATION, 3L));
  }

  @Test
  void failsOnlyTheSkusWithABadRequest() {
    String token = token();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("GOOD", sku(PRODUCT, location(LOCATION, 2)));
    body.put("NEGATIVE", sku(PRODUCT, location(LOCATION, 5), location("LOC-2", -1)));
    body.put("SHORT-ID", sku("MUG1", location(LOCATION, 2)));

    JsonNode answer = Http.json(update(token, body));

    assertThat(answer.path("GOOD").path("status").asText()).isEqualTo("SUCCESS");
    JsonNode negative = answer.path("NEGATIVE");
    assertThat(negative.path("status").asText()).isEqualTo("FAILURE");
    JsonNode error = negative.path("attribute_errors").get(0);
    assertThat(error.path("severity").asText()).isEqualTo("ERROR");
    assertThat(error.path("code").isInt()).isTrue();
    assertThat(error.path("description").asText()).isNotBlank();
    assertThat(error.path("path").asText()).isEqualTo("locations[1].inventory");
    assertThat(answer.path("SHORT-ID").path("status").asText()).isEqualTo("FAILURE");
    assertThat(flipkart.quantities()).containsExactly(Map.entry("GOOD@" + LOCATION, 2L));
  }

  @Test
  void refusesMoreThanTenSkusInOneCallAndAppliesNone() {
    String token = token();
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 1; i <= 11; i++) {
      body.put("SKU-" + i, sku(PRODUCT, location(LOCATION, i)));
    }

    HttpResponse<String> response = update(token, body);
    body.remove("SKU-11");
    HttpResponse<String> ten = update(token, body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Http.json(response).path("errors").get(0);
    assertThat(error.path("severity").asText()).isEqualTo("ERROR");
    assertThat(error.path("description").asText()).contains("10");
    assertThat(ten.statusCode()).isEqualTo(200);
    assertThat(flipkart.quantities()).hasSize(10);
  }

  @Test
  void failsTheListingsItIsToldToFail() {
    String token = token();
    flipkart.faults().failListings(List.of("BROKEN@" + LOCATION));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("BROKEN", sku(PRODUCT, location(LOCATION, 1)));
    body.put("FINE", sku(PRODUCT, location(LOCATION, 1)));

    JsonNode answer = Http.json(update(token, body));

    assertThat(answer.path("BROKEN").path("status").asText()).isEqualTo("FAILURE");
    assertThat(answer.path("BROKEN").path("errors").get(0).path("code").isInt()).isTrue();
    assertThat(answer.path("FINE").path("status").asText()).isEqualTo("SUCCESS");
    assertThat(flipkart.quantities()).containsOnlyKeys("FINE@" + LOCATION);
  }

  @Test
  void refusesUnknownSkusWhenToldNotToCreateThem() {
    String token = token();
    flipkart.seedQuantities(Map.of("KNOWN@" + LOCATION, 4L));
    flipkart.faults().createUnknown(false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("KNOWN", sku(PRODUCT, location(LOCATION, 9)));
    body.put("NEW", sku(PRODUCT, location(LOCATION, 9)));
    body.put("KNOWN-ELSEWHERE", sku(PRODUCT, location("LOC-NEW", 9)));

    JsonNode answer = Http.json(update(token, body));

    assertThat(answer.path("KNOWN").path("status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.path("NEW").path("status").asText()).isEqualTo("FAILURE");
    assertThat(answer.path("KNOWN-ELSEWHERE").path("status").asText()).isEqualTo("FAILURE");
    assertThat(flipkart.quantities()).containsExactly(Map.entry("KNOWN@" + LOCATION, 9L));
  }

  @Test
  void answersUnauthorizedForAnExpiredTokenAndAcceptsARefreshedOne() {
    http.post("/emulator/flipkart/faults", Map.of(), "{\"tokenLifetimeSeconds\":60}");
    String first = token();
    clock.advance(Duration.ofSeconds(60));

    HttpResponse<String> expired = update(first, Map.of("A", sku(PRODUCT, location(LOCATION, 1))));
    String second = token();
    HttpResponse<String> refreshed =
        update(second, Map.of("A", sku(PRODUCT, location(LOCATION, 2))));

    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(Http.json(expired).path("error").asText()).isEqualTo("invalid_token");
    assertThat(Http.json(expired).path("error_description").asText()).contains("expired");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(flipkart.quantities()).containsExactly(Map.entry("A@" + LOCATION, 2L));
  }

  @Test
  void answersUnauthorizedWithoutAKnownBearerToken() {
    HttpResponse<String> none = http.post(INVENTORY, Map.of(), "{}");
    HttpResponse<String> forged =
        http.post(INVENTORY, Map.of("Authorization", "Bearer forged"), "{}");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(Http.json(forged).path("error").asText()).isEqualTo("invalid_token");
  }

  @Test
  void holdsCallsToTheConfiguredRateOnTheClock() {
    String token = token();
    Map<String, Object> body = Map.of("A", sku(PRODUCT, location(LOCATION, 1)));

    HttpResponse<String> first = update(token, body);
    HttpResponse<String> second = update(token, body);
    HttpResponse<String> third = update(token, body);
    clock.advance(Duration.ofMillis(500));
    HttpResponse<String> afterHalfASecond = update(token, body);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(Http.json(third).path("errors").get(0).path("code").asInt()).isEqualTo(429);
    assertThat(afterHalfASecond.statusCode()).isEqualTo(200);
  }

  @Test
  void answersForcedErrorsWithItsErrorBody() {
    String token = token();
    flipkart.faults().forceStatus(500, 1, 2);

    HttpResponse<String> response = update(token, Map.of("A", sku(PRODUCT, location(LOCATION, 1))));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Retry-After")).contains("2");
    assertThat(Http.json(response).path("errors").get(0).path("code").asInt()).isEqualTo(500);
    assertThat(flipkart.quantities()).isEmpty();
  }

  private HttpResponse<String> requestToken(String secret) {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (FlipkartEmulator.DEFAULT_APP_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return http.send("GET", TOKEN_PATH, Map.of("Authorization", "Basic " + basic), null);
  }

  private String token() {
    HttpResponse<String> response = requestToken(FlipkartEmulator.DEFAULT_APP_SECRET);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response).path("access_token").asText();
  }

  private HttpResponse<String> update(String token, Map<String, Object> body) {
    return http.post(INVENTORY, Map.of("Authorization", "Bearer " + token), Http.json(body));
  }

  private static Map<String, Object> sku(String productId, Object... locations) {
    return Map.of("product_id", productId, "locations", List.of(locations));
  }

  private static Map<String, Object> location(String id, int inventory) {
    return Map.of("id", id, "inventory", inventory);
  }
}
