package io.stocksync.emulator.amazon;

import static io.stocksync.emulator.amazon.AmazonRequests.SELLER;
import static io.stocksync.emulator.amazon.AmazonRequests.createFeed;
import static io.stocksync.emulator.amazon.AmazonRequests.createFeedDocument;
import static io.stocksync.emulator.amazon.AmazonRequests.feed;
import static io.stocksync.emulator.amazon.AmazonRequests.getFeed;
import static io.stocksync.emulator.amazon.AmazonRequests.patchMessage;
import static io.stocksync.emulator.amazon.AmazonRequests.report;
import static io.stocksync.emulator.amazon.AmazonRequests.submitFeed;
import static io.stocksync.emulator.amazon.AmazonRequests.token;
import static io.stocksync.emulator.amazon.AmazonRequests.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON_LISTINGS_FEED path: upload, createFeed, poll getFeed, read the report. */
class AmazonFeedsTest {

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private AmazonEmulator amazon;
  private Http http;
  private String token;

  @BeforeEach
  void start() {
    amazon = new AmazonEmulator(AmazonEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().clock(clock).add(amazon).start();
    http = new Http(server);
    token = token(http);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void processesAFeedEndToEndAsTheClockAdvances() {
    JsonNode document = Http.json(createFeedDocument(http, token));
    String url = document.path("url").asText();
    assertThat(url)
        .isEqualTo(
            server.baseUrl("amazon") + "/uploads/" + document.path("feedDocumentId").asText());
    assertThat(
            upload(
                    http,
                    url,
                    feed(List.of(patchMessage(1, "MUG-1", 12), patchMessage(2, "MUG-2", 0))))
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> created =
        createFeed(http, token, document.path("feedDocumentId").asText());
    assertThat(created.statusCode()).isEqualTo(202);
    assertThat(created.headers().firstValue("x-amzn-RateLimit-Limit")).contains("0.0083");
    String feedId = Http.json(created).path("feedId").asText();

    JsonNode queued = Http.json(getFeed(http, token, feedId));
    clock.advance(Duration.ofSeconds(2));
    JsonNode inProgress = Http.json(getFeed(http, token, feedId));
    assertThat(amazon.quantities()).isEmpty();
    clock.advance(Duration.ofSeconds(3));
    JsonNode done = Http.json(getFeed(http, token, feedId));

    assertThat(queued.path("processingStatus").asText()).isEqualTo("IN_QUEUE");
    assertThat(queued.path("feedType").asText()).isEqualTo("JSON_LISTINGS_FEED");
    assertThat(queued.path("createdTime").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(queued.has("resultFeedDocumentId")).isFalse();
    assertThat(inProgress.path("processingStatus").asText()).isEqualTo("IN_PROGRESS");
    assertThat(inProgress.path("processingStartTime").asText()).isEqualTo("2026-11-27T10:00:02Z");
    assertThat(done.path("processingStatus").asText()).isEqualTo("DONE");
    assertThat(done.path("processingEndTime").asText()).isEqualTo("2026-11-27T10:00:05Z");
    assertThat(done.path("resultFeedDocumentId").asText()).isNotBlank();
    assertThat(amazon.quantities())
        .containsExactly(Map.entry(SELLER + "/MUG-1", 12L), Map.entry(SELLER + "/MUG-2", 0L));

    JsonNode report = report(http, token, feedId);
    assertThat(report.path("header").path("feedId").asText()).isEqualTo(feedId);
    assertThat(report.path("header").path("sellerId").asText()).isEqualTo(SELLER);
    assertThat(report.path("summary").path("messagesProcessed").asInt()).isEqualTo(2);
    assertThat(report.path("summary").path("messagesAccepted").asInt()).isEqualTo(2);
    assertThat(report.path("summary").path("messagesInvalid").asInt()).isZero();
    assertThat(report.path("issues")).isEmpty();
  }

  @Test
  void reportsEachInvalidMessageAndAppliesTheOthers() {
    amazon.faults().failListings(List.of("FAILING"));
    Map<String, Object> noPatches = new LinkedHashMap<>(patchMessage(3, "BROKEN", 1));
    noPatches.remove("patches");
    String feedId =
        submitFeed(
            http,
            token,
            feed(
                List.of(
                    patchMessage(1, "GOOD", 5),
                    patchMessage(2, "NEGATIVE", -4),
                    noPatches,
                    patchMessage(4, "FAILING", 2),
                    patchMessage(1, "DUPLICATE-ID", 2))));
    clock.advance(Duration.ofSeconds(5));

    JsonNode report = report(http, token, feedId);

    assertThat(report.path("summary").path("messagesProcessed").asInt()).isEqualTo(5);
    assertThat(report.path("summary").path("messagesAccepted").asInt()).isEqualTo(1);
    assertThat(report.path("summary").path("messagesInvalid").asInt()).isEqualTo(4);
    assertThat(report.path("summary").path("errors").asInt()).isEqualTo(4);
    List<String> skus = new ArrayList<>();
    report.path("issues").forEach(issue -> skus.add(issue.path("sku").asText()));
    assertThat(skus).containsExactly("NEGATIVE", "BROKEN", "FAILING", "DUPLICATE-ID");
    JsonNode negative = report.path("issues").get(0);
    assertThat(negative.path("messageId").asInt()).isEqualTo(2);
    assertThat(negative.path("code").asText()).isEqualTo("4000001");
    assertThat(negative.path("severity").asText()).isEqualTo("ERROR");
    assertThat(negative.path("attributeName").asText()).isEqualTo("fulfillment_availability");
    assertThat(amazon.quantities()).containsExactly(Map.entry(SELLER + "/GOOD", 5L));
  }

  @Test
  void aFeedKeepsMergeAndReplaceApartLikeThePatchOperation() {
    Map<String, Object> handling =
        Map.of(
            "fulfillment_channel_code", "DEFAULT", "quantity", 4, "lead_time_to_ship_max_days", 5);
    amazon.seedFulfillmentAvailability(SELLER + "/MERGED", handling);
    amazon.seedFulfillmentAvailability(SELLER + "/REPLACED", handling);
    Map<String, Object> merge = new LinkedHashMap<>(patchMessage(1, "MERGED", 7));
    merge.put(
        "patches",
        List.of(
            Map.of(
                "op",
                "merge",
                "path",
                "/attributes/fulfillment_availability",
                "value",
                List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", 7)))));
    String feedId = submitFeed(http, token, feed(List.of(merge, patchMessage(2, "REPLACED", 7))));
    clock.advance(Duration.ofSeconds(5));

    assertThat(report(http, token, feedId).path("summary").path("messagesAccepted").asInt())
        .isEqualTo(2);
    assertThat(amazon.fulfillmentAvailability(SELLER + "/MERGED").orElseThrow())
        .containsEntry("quantity", 7)
        .containsEntry("lead_time_to_ship_max_days", 5);
    assertThat(amazon.fulfillmentAvailability(SELLER + "/REPLACED").orElseThrow())
        .containsEntry("quantity", 7)
        .doesNotContainKey("lead_time_to_ship_max_days");
  }

  @Test
  void appliesUpdatePartialUpdateAndDeleteMessages() {
    amazon.seedQuantities(Map.of(SELLER + "/GONE", 3L));
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("messageId", 1);
    partial.put("sku", "PARTIAL");
    partial.put("operationType", "PARTIAL_UPDATE");
    partial.put("productType", "PRODUCT");
    partial.put(
        "attributes",
        Map.of(
            "fulfillment_availability",
            List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", 8))));
    Map<String, Object> delete = new LinkedHashMap<>();
    delete.put("messageId", 2);
    delete.put("sku", "GONE");
    delete.put("operationType", "DELETE");
    String feedId = submitFeed(http, token, feed(List.of(partial, delete)));
    clock.advance(Duration.ofSeconds(5));

    assertThat(report(http, token, feedId).path("summary").path("messagesAccepted").asInt())
        .isEqualTo(2);
    assertThat(amazon.quantities()).containsExactly(Map.entry(SELLER + "/PARTIAL", 8L));
  }

  @Test
  void refusesUnknownSkusInAFeedWhenToldNotToCreateThem() {
    amazon.seedQuantities(Map.of(SELLER + "/KNOWN", 1L));
    amazon.faults().createUnknown(false);
    String feedId =
        submitFeed(
            http, token, feed(List.of(patchMessage(1, "KNOWN", 6), patchMessage(2, "NEW", 6))));
    clock.advance(Duration.ofSeconds(5));

    JsonNode report = report(http, token, feedId);

    assertThat(report.path("issues")).hasSize(1);
    assertThat(report.path("issues").get(0).path("code").asText())
        .isEqualTo(ListingIssue.UNKNOWN_SKU);
    assertThat(amazon.quantities()).containsExactly(Map.entry(SELLER + "/KNOWN", 6L));
  }

  @Test
  void endsFatalWhenTheDocumentIsNotAListingsFeed() {
    String notJson = submitFeed(http, token, "this is not json");
    String wrongVersion =
        submitFeed(
            http, token, "{\"header\":{\"sellerId\":\"A\",\"version\":\"1.0\"},\"messages\":[]}");
    JsonNode neverUploaded = Http.json(createFeedDocument(http, token));
    String empty =
        Http.json(createFeed(http, token, neverUploaded.path("feedDocumentId").asText()))
            .path("feedId")
            .asText();
    clock.advance(Duration.ofSeconds(5));

    for (String feedId : List.of(notJson, wrongVersion, empty)) {
      assertThat(Http.json(getFeed(http, token, feedId)).path("processingStatus").asText())
          .isEqualTo("FATAL");
      JsonNode report = report(http, token, feedId);
      assertThat(report.path("issues").get(0).path("severity").asText()).isEqualTo("ERROR");
      assertThat(report.path("issues").get(0).has("messageId")).isFalse();
    }
    assertThat(amazon.quantities()).isEmpty();
  }

  @Test
  void refusesMoreThan25000MessagesInOneFeed() {
    List<Map<String, Object>> messages = new ArrayList<>();
    for (int i = 1; i <= 25_001; i++) {
      messages.add(patchMessage(i, "SKU-" + i, 1));
    }
    String feedId = submitFeed(http, token, feed(messages));
    clock.advance(Duration.ofSeconds(5));

    assertThat(Http.json(getFeed(http, token, feedId)).path("processingStatus").asText())
        .isEqualTo("FATAL");
    assertThat(report(http, token, feedId).path("issues").get(0).path("message").asText())
        .contains("25000");
    assertThat(amazon.quantities()).isEmpty();
  }

  @Test
  void acceptsFiveListingsFeedsPerFiveMinutesOfTheClock() {
    String document = feed(List.of(patchMessage(1, "A", 1)));
    for (int i = 0; i < 5; i++) {
      submitFeed(http, token, document);
      clock.advance(Duration.ofSeconds(10));
    }
    JsonNode sixthDocument = Http.json(createFeedDocument(http, token));
    upload(http, sixthDocument.path("url").asText(), document);

    HttpResponse<String> sixth =
        createFeed(http, token, sixthDocument.path("feedDocumentId").asText());
    // The first of the five was accepted at 10:00:00; the sixth asks at 10:00:50.
    clock.advance(Duration.ofSeconds(249));
    HttpResponse<String> stillSixth =
        createFeed(http, token, sixthDocument.path("feedDocumentId").asText());
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> afterTheWindow =
        createFeed(http, token, sixthDocument.path("feedDocumentId").asText());

    assertThat(sixth.statusCode()).isEqualTo(429);
    assertThat(Http.json(sixth).path("errors").get(0).path("code").asText())
        .isEqualTo("QuotaExceeded");
    assertThat(stillSixth.statusCode()).isEqualTo(429);
    assertThat(afterTheWindow.statusCode()).isEqualTo(202);
  }

  @Test
  void refusesAnUploadAfterTheUrlExpiredOrWithAnotherContentType() {
    JsonNode document = Http.json(createFeedDocument(http, token));
    String url = document.path("url").asText();

    HttpResponse<String> wrongType =
        http.sendTo("PUT", url, Map.of("Content-Type", "text/plain"), "{}");
    clock.advance(Duration.ofMinutes(5));
    HttpResponse<String> late = upload(http, url, "{}");

    assertThat(wrongType.statusCode()).isEqualTo(403);
    assertThat(wrongType.body()).contains("SignatureDoesNotMatch");
    assertThat(late.statusCode()).isEqualTo(403);
    assertThat(late.body()).contains("AccessDenied");
  }

  @Test
  void cancelsAFeedOnlyWhileItIsInTheQueue() {
    String document = feed(List.of(patchMessage(1, "A", 1)));
    String queued = submitFeed(http, token, document);
    HttpResponse<String> cancelled =
        AmazonRequests.spApi(
            http, "DELETE", token, "/amazon/feeds/2021-06-30/feeds/" + queued, null);
    clock.advance(Duration.ofSeconds(5));
    String done = submitFeed(http, token, document);
    clock.advance(Duration.ofSeconds(5));
    HttpResponse<String> tooLate =
        AmazonRequests.spApi(http, "DELETE", token, "/amazon/feeds/2021-06-30/feeds/" + done, null);

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(Http.json(getFeed(http, token, queued)).path("processingStatus").asText())
        .isEqualTo("CANCELLED");
    assertThat(tooLate.statusCode()).isEqualTo(400);
    assertThat(amazon.quantities()).containsExactly(Map.entry(SELLER + "/A", 1L));
  }

  @Test
  void answersNotFoundForAFeedOfAnotherAccountOrNone() {
    assertThat(getFeed(http, token, "99999").statusCode()).isEqualTo(404);
    assertThat(AmazonRequests.getFeedDocument(http, token, "nope").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesFeedTypesItDoesNotProcess() {
    JsonNode document = Http.json(createFeedDocument(http, token));

    HttpResponse<String> response =
        AmazonRequests.spApi(
            http,
            "POST",
            token,
            "/amazon/feeds/2021-06-30/feeds",
            "{\"feedType\":\"POST_PRODUCT_DATA\",\"marketplaceIds\":[\"X\"],\"inputFeedDocumentId\":\""
                + document.path("feedDocumentId").asText()
                + "\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response).path("errors").get(0).path("code").asText())
        .isEqualTo("InvalidInput");
  }

  @Test
  void appliesFeedsAndDirectPatchesInClockOrder() {
    String feedId = submitFeed(http, token, feed(List.of(patchMessage(1, "A", 10))));
    clock.advance(Duration.ofSeconds(6));

    AmazonRequests.patch(http, token, "A", AmazonRequests.quantityPatch(3));

    assertThat(Http.json(getFeed(http, token, feedId)).path("processingStatus").asText())
        .isEqualTo("DONE");
    assertThat(amazon.quantities()).containsEntry(SELLER + "/A", 3L);
  }
}
