package io.stocksync.emulator.amazon;

import static io.stocksync.emulator.amazon.AmazonRequests.MARKETPLACE;
import static io.stocksync.emulator.amazon.AmazonRequests.SELLER;
import static io.stocksync.emulator.amazon.AmazonRequests.patch;
import static io.stocksync.emulator.amazon.AmazonRequests.quantityPatch;
import static io.stocksync.emulator.amazon.AmazonRequests.requestToken;
import static io.stocksync.emulator.amazon.AmazonRequests.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Await;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AmazonEmulatorTest {

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private AmazonEmulator amazon;
  private Http http;

  @BeforeEach
  void start() {
    amazon = new AmazonEmulator(AmazonEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().clock(clock).add(amazon).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void exchangesTheRefreshTokenForAnAccessTokenOfOneHour() {
    HttpResponse<String> response = requestToken(http, AmazonEmulator.DEFAULT_REFRESH_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode token = Http.json(response);
    assertThat(token.path("access_token").asText()).startsWith("Atza|");
    assertThat(token.path("token_type").asText()).isEqualTo("bearer");
    assertThat(token.path("expires_in").asInt()).isEqualTo(3600);
    assertThat(token.path("refresh_token").asText())
        .isEqualTo(AmazonEmulator.DEFAULT_REFRESH_TOKEN);
  }

  @Test
  void refusesBadClientCredentialsAndUnknownRefreshTokensAsLoginWithAmazonDoes() {
    HttpResponse<String> badClient =
        http.send(
            "POST",
            "/amazon/auth/o2/token",
            Map.of("Content-Type", AmazonRequests.FORM),
            "grant_type=refresh_token&refresh_token=x&client_id=nope&client_secret=nope");
    HttpResponse<String> badGrant = requestToken(http, "Atzr|someone-else");
    HttpResponse<String> badType =
        http.send(
            "POST",
            "/amazon/auth/o2/token",
            Map.of("Content-Type", AmazonRequests.FORM),
            "grant_type=password");

    assertThat(badClient.statusCode()).isEqualTo(401);
    assertThat(Http.json(badClient).path("error").asText()).isEqualTo("invalid_client");
    assertThat(badGrant.statusCode()).isEqualTo(400);
    assertThat(Http.json(badGrant).path("error").asText()).isEqualTo("invalid_grant");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(Http.json(badType).path("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void setsTheSellerFulfilledQuantityAndAcknowledgesTheSubmission() {
    String token = token(http);

    HttpResponse<String> response = patch(http, token, "MUG-1", quantityPatch(7));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = Http.json(response);
    assertThat(answer.path("sku").asText()).isEqualTo("MUG-1");
    assertThat(answer.path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(answer.path("submissionId").asText()).isNotBlank();
    assertThat(answer.path("issues")).isEmpty();
    assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).contains("5.0");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(amazon.quantities()).containsExactly(Map.entry(SELLER + "/MUG-1", 7L));
  }

  @Test
  void getListingsItemReadsTheFulfillmentAvailabilityBackAndAnswersNotFoundForAnUnknownSku() {
    String token = token(http);
    amazon.seedQuantities(Map.of(SELLER + "/MUG 1", 4L));
    amazon.faults().createUnknown(false);
    String item = "/amazon/listings/2021-08-01/items/" + SELLER + "/";
    String query = "?marketplaceIds=" + MARKETPLACE + "&includedData=fulfillmentAvailability";

    HttpResponse<String> found =
        http.send("GET", item + "MUG%201" + query, Map.of("x-amz-access-token", token), null);
    HttpResponse<String> missing =
        http.send("GET", item + "MUG-2" + query, Map.of("x-amz-access-token", token), null);
    HttpResponse<String> badData =
        http.send(
            "GET",
            item + "MUG%201?marketplaceIds=" + MARKETPLACE + "&includedData=stock",
            Map.of("x-amz-access-token", token),
            null);

    assertThat(found.statusCode()).isEqualTo(200);
    JsonNode answer = Http.json(found);
    assertThat(answer.path("sku").asText()).isEqualTo("MUG 1");
    assertThat(
            answer.path("fulfillmentAvailability").get(0).path("fulfillmentChannelCode").asText())
        .isEqualTo("DEFAULT");
    assertThat(answer.path("fulfillmentAvailability").get(0).path("quantity").asLong())
        .isEqualTo(4);
    assertThat(found.headers().firstValue("x-amzn-RateLimit-Limit")).contains("5.0");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.json(missing).path("errors").get(0).path("code").asText())
        .isEqualTo("NOT_FOUND");
    assertThat(badData.statusCode()).isEqualTo(400);
  }

  @Test
  void decodesTheSkuInThePath() {
    String token = token(http);

    patch(http, token, "BLUE%20MUG%2B1", quantityPatch(3));

    assertThat(amazon.quantities()).containsOnlyKeys(SELLER + "/BLUE MUG+1");
  }

  @Test
  void answersInvalidWithAmazonsIssueForABadQuantityAndChangesNothing() {
    String token = token(http);
    amazon.seedQuantities(Map.of(SELLER + "/MUG-1", 4L));

    JsonNode answer = Http.json(patch(http, token, "MUG-1", quantityPatch(-1)));

    assertThat(answer.path("status").asText()).isEqualTo("INVALID");
    JsonNode issue = answer.path("issues").get(0);
    assertThat(issue.path("code").asText()).isEqualTo("4000001");
    assertThat(issue.path("severity").asText()).isEqualTo("ERROR");
    assertThat(issue.path("attributeNames").get(0).asText()).isEqualTo("fulfillment_availability");
    assertThat(issue.path("categories").get(0).asText()).isEqualTo("INVALID_ATTRIBUTE");
    assertThat(amazon.quantities()).containsEntry(SELLER + "/MUG-1", 4L);
  }

  @Test
  void failsTheListingsItIsToldToFailWithAnIssue() {
    String token = token(http);
    amazon.faults().failListings(List.of(SELLER + "/MUG-2"));

    JsonNode failed = Http.json(patch(http, token, "MUG-2", quantityPatch(1)));
    JsonNode fine = Http.json(patch(http, token, "MUG-3", quantityPatch(1)));

    assertThat(failed.path("status").asText()).isEqualTo("INVALID");
    assertThat(failed.path("issues").get(0).path("code").asText())
        .isEqualTo(ListingIssue.EMULATOR_FAULT);
    assertThat(fine.path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(amazon.quantities()).containsOnlyKeys(SELLER + "/MUG-3");
  }

  @Test
  void refusesUnknownSkusWhenToldNotToCreateThem() {
    String token = token(http);
    amazon.seedQuantities(Map.of(SELLER + "/KNOWN", 1L));
    amazon.faults().createUnknown(false);

    JsonNode unknown = Http.json(patch(http, token, "NEW", quantityPatch(5)));
    JsonNode known = Http.json(patch(http, token, "KNOWN", quantityPatch(5)));

    assertThat(unknown.path("status").asText()).isEqualTo("INVALID");
    assertThat(unknown.path("issues").get(0).path("code").asText())
        .isEqualTo(ListingIssue.UNKNOWN_SKU);
    assertThat(known.path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(amazon.quantities()).containsExactly(Map.entry(SELLER + "/KNOWN", 5L));
  }

  @Test
  void validatesWithoutApplyingInPreviewMode() {
    String token = token(http);

    JsonNode answer =
        Http.json(
            AmazonRequests.patchAt(
                http,
                token,
                AmazonRequests.listingPath(SELLER, "MUG-1")
                    + "?marketplaceIds=ATVPDKIKX0DER&mode=VALIDATION_PREVIEW",
                quantityPatch(9)));

    assertThat(answer.path("status").asText()).isEqualTo("VALID");
    assertThat(amazon.quantities()).isEmpty();
  }

  private static String availabilityPatch(String op, String entry) {
    return "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\""
        + op
        + "\",\"path\":\"/attributes/fulfillment_availability\",\"value\":["
        + entry
        + "]}]}";
  }

  private void seedWithHandlingTime() {
    amazon.seedFulfillmentAvailability(
        SELLER + "/MUG-1",
        Map.of(
            "fulfillment_channel_code",
            "DEFAULT",
            "quantity",
            4,
            "lead_time_to_ship_max_days",
            5,
            "restock_date",
            "2026-12-20"));
  }

  @Test
  void aMergeChangesTheQuantityAndKeepsTheHandlingTimeAndRestockDate() {
    String token = token(http);
    seedWithHandlingTime();

    JsonNode answer =
        Http.json(
            patch(
                http,
                token,
                "MUG-1",
                availabilityPatch(
                    "merge", "{\"fulfillment_channel_code\":\"DEFAULT\",\"quantity\":9}")));

    assertThat(answer.path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(amazon.fulfillmentAvailability(SELLER + "/MUG-1").orElseThrow())
        .containsEntry("quantity", 9)
        .containsEntry("lead_time_to_ship_max_days", 5)
        .containsEntry("restock_date", "2026-12-20");
    assertThat(amazon.quantities()).containsEntry(SELLER + "/MUG-1", 9L);
  }

  @Test
  void aReplaceSetsTheEntryWholeAndDropsWhatItDoesNotSend() {
    String token = token(http);
    seedWithHandlingTime();

    JsonNode answer = Http.json(patch(http, token, "MUG-1", quantityPatch(9)));

    assertThat(answer.path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(amazon.fulfillmentAvailability(SELLER + "/MUG-1").orElseThrow())
        .containsOnly(Map.entry("fulfillment_channel_code", "DEFAULT"), Map.entry("quantity", 9));
  }

  @Test
  void aMergeWithoutAQuantityKeepsTheQuantityAndOneWithoutItsSelectorIsInvalid() {
    String token = token(http);
    seedWithHandlingTime();

    JsonNode handlingOnly =
        Http.json(
            patch(
                http,
                token,
                "MUG-1",
                availabilityPatch(
                    "merge",
                    "{\"fulfillment_channel_code\":\"DEFAULT\",\"lead_time_to_ship_max_days\":2}")));
    JsonNode noSelector =
        Http.json(patch(http, token, "MUG-1", availabilityPatch("merge", "{\"quantity\":1}")));

    assertThat(handlingOnly.path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(noSelector.path("status").asText()).isEqualTo("INVALID");
    assertThat(amazon.fulfillmentAvailability(SELLER + "/MUG-1").orElseThrow())
        .containsEntry("quantity", 4)
        .containsEntry("lead_time_to_ship_max_days", 2)
        .containsEntry("restock_date", "2026-12-20");
  }

  @Test
  void ignoresOtherAttributesAndAmazonFulfilledChannels() {
    String token = token(http);
    amazon.seedQuantities(Map.of(SELLER + "/MUG-1", 4L));
    String body =
        "{\"productType\":\"PRODUCT\",\"patches\":["
            + "{\"op\":\"replace\",\"path\":\"/attributes/item_name\",\"value\":[{\"value\":\"Mug\"}]},"
            + "{\"op\":\"replace\",\"path\":\"/attributes/fulfillment_availability\","
            + "\"value\":[{\"fulfillment_channel_code\":\"AMAZON_NA\"}]}]}";

    JsonNode answer = Http.json(patch(http, token, "MUG-1", body));

    assertThat(answer.path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(amazon.quantities()).containsEntry(SELLER + "/MUG-1", 4L);
  }

  @Test
  void answersInvalidInputForAMalformedRequest() {
    String token = token(http);

    HttpResponse<String> noMarketplace =
        AmazonRequests.patchAt(
            http, token, AmazonRequests.listingPath(SELLER, "A"), quantityPatch(1));
    HttpResponse<String> noPatches = patch(http, token, "A", "{\"productType\":\"PRODUCT\"}");
    HttpResponse<String> badOp =
        patch(
            http,
            token,
            "A",
            "{\"productType\":\"P\",\"patches\":[{\"op\":\"set\",\"path\":\"/attributes/x\"}]}");
    HttpResponse<String> notJson = patch(http, token, "A", "{");

    for (HttpResponse<String> response : List.of(noMarketplace, noPatches, badOp, notJson)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      JsonNode error = Http.json(response).path("errors").get(0);
      assertThat(error.path("code").asText()).isEqualTo("InvalidInput");
      assertThat(error.path("message").asText()).isNotBlank();
    }
    assertThat(amazon.quantities()).isEmpty();
  }

  @Test
  void refusesCallsWithoutAValidAccessToken() {
    HttpResponse<String> missing =
        http.send(
            "PATCH",
            AmazonRequests.listingPath(SELLER, "A") + "?marketplaceIds=X",
            Map.of(),
            quantityPatch(1));
    HttpResponse<String> unknown = patch(http, "Atza|forged", "A", quantityPatch(1));

    for (HttpResponse<String> response : List.of(missing, unknown)) {
      assertThat(response.statusCode()).isEqualTo(403);
      JsonNode error = Http.json(response).path("errors").get(0);
      assertThat(error.path("code").asText()).isEqualTo("Unauthorized");
      assertThat(error.path("message").asText())
          .isEqualTo("Access to requested resource is denied.");
    }
    assertThat(Http.json(unknown).path("errors").get(0).path("details").asText())
        .contains("revoked, malformed or invalid");
    assertThat(amazon.quantities()).isEmpty();
  }

  @Test
  void expiresAccessTokensAfterAnHourOfTheClockAndAcceptsARefreshedOne() {
    String first = token(http);
    clock.advance(Duration.ofMinutes(59));
    assertThat(patch(http, first, "A", quantityPatch(1)).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(1));
    HttpResponse<String> expired = patch(http, first, "A", quantityPatch(2));
    String second = token(http);
    HttpResponse<String> refreshed = patch(http, second, "A", quantityPatch(3));

    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(Http.json(expired).path("errors").get(0).path("code").asText())
        .isEqualTo("Unauthorized");
    assertThat(Http.json(expired).path("errors").get(0).path("details").asText())
        .contains("expired");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(amazon.quantities()).containsEntry(SELLER + "/A", 3L);
  }

  @Test
  void expiresTokensSoonerWhenTheTokenLifetimeFaultIsSet() {
    http.post("/emulator/amazon/faults", Map.of(), "{\"tokenLifetimeSeconds\":30}");
    HttpResponse<String> issued = requestToken(http, AmazonEmulator.DEFAULT_REFRESH_TOKEN);
    String token = Http.json(issued).path("access_token").asText();

    clock.advance(Duration.ofSeconds(29));
    HttpResponse<String> before = patch(http, token, "A", quantityPatch(1));
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> after = patch(http, token, "A", quantityPatch(2));

    assertThat(Http.json(issued).path("expires_in").asInt()).isEqualTo(30);
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(after.statusCode()).isEqualTo(403);
    assertThat(Http.json(http.get("/emulator/amazon/faults")).path("tokenLifetimeSeconds").asInt())
        .isEqualTo(30);
  }

  @Test
  void answersForcedErrorsWithTheSellingPartnerApiErrorBody() {
    String token = token(http);
    amazon.faults().forceStatus(503, 1, null);

    HttpResponse<String> response = patch(http, token, "A", quantityPatch(1));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(Http.json(response).path("errors").get(0).path("code").asText()).isNotBlank();
    assertThat(amazon.quantities()).isEmpty();
  }

  @Test
  void appliesAPatchAndThenTimesOutWhenToldTo() throws Exception {
    String token = token(http);
    amazon.faults().timeout(Duration.ofSeconds(10), 1, true);

    assertThatThrownBy(
            () ->
                http.sendWithTimeout(
                    "PATCH",
                    AmazonRequests.listingPath(SELLER, "A") + "?marketplaceIds=X",
                    Map.of(AmazonEmulator.ACCESS_TOKEN_HEADER, token),
                    quantityPatch(8),
                    Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);

    Await.until(Duration.ofSeconds(5), () -> amazon.quantities().containsKey(SELLER + "/A"));
    assertThat(amazon.quantities()).containsEntry(SELLER + "/A", 8L);
  }

  @Test
  void recordsTheQueryStringAndRedactsTheAccessToken() {
    String token = token(http);
    patch(http, token, "A", quantityPatch(1));

    JsonNode recorded = Http.json(http.get("/emulator/amazon/requests")).get(1);

    assertThat(recorded.path("method").asText()).isEqualTo("PATCH");
    assertThat(recorded.path("query").asText()).isEqualTo("marketplaceIds=ATVPDKIKX0DER");
    assertThat(recorded.path("headers").path("x-amz-access-token").asText())
        .isEqualTo("<redacted>");
  }

  @Test
  void seedsOnlyWellFormedKeys() {
    HttpResponse<String> bad = http.put("/emulator/amazon/quantities", "{\"no-slash\":1}");
    HttpResponse<String> good = http.put("/emulator/amazon/quantities", "{\"S/K\":2}");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(amazon.quantities()).containsExactly(Map.entry("S/K", 2L));
  }
}
