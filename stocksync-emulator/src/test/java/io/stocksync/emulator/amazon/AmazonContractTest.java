package io.stocksync.emulator.amazon;

import static io.stocksync.emulator.amazon.AmazonRequests.SELLER;
import static io.stocksync.emulator.amazon.AmazonRequests.createFeed;
import static io.stocksync.emulator.amazon.AmazonRequests.createFeedDocument;
import static io.stocksync.emulator.amazon.AmazonRequests.feed;
import static io.stocksync.emulator.amazon.AmazonRequests.getFeed;
import static io.stocksync.emulator.amazon.AmazonRequests.getFeedDocument;
import static io.stocksync.emulator.amazon.AmazonRequests.patch;
import static io.stocksync.emulator.amazon.AmazonRequests.patchMessage;
import static io.stocksync.emulator.amazon.AmazonRequests.quantityPatch;
import static io.stocksync.emulator.amazon.AmazonRequests.token;
import static io.stocksync.emulator.amazon.AmazonRequests.upload;
import static io.stocksync.emulator.amazon.AmazonSchemas.assertValid;
import static io.stocksync.emulator.amazon.AmazonSchemas.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.OfficialSpecs;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.TestClock;
import io.stocksync.emulator.Throttling;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Amazon emulator against Amazon's official contracts in {@code ../shared/specs/amazon}: the
 * Listings Items 2021-08-01 and Feeds 2021-06-30 models and the JSON listings feed v2 schemas. What
 * the emulator accepts is what they allow, and every answer it gives is one they allow. Skipped
 * when the contracts are not beside the project.
 */
class AmazonContractTest {

  private static final String LISTINGS = OfficialSpecs.AMAZON_LISTINGS_ITEMS;
  private static final String FEEDS = OfficialSpecs.AMAZON_FEEDS;

  private static AmazonSchemas schemas;

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private AmazonEmulator amazon;
  private Http http;
  private String token;

  @BeforeAll
  static void loadTheOfficialContracts() {
    schemas = AmazonSchemas.find().orElse(null);
  }

  @BeforeEach
  void start() {
    assumeTrue(
        schemas != null,
        "skipped: Amazon's official contracts (../shared/specs/amazon/listingsItems_2021-08-01.json,"
            + " feeds_2021-06-30.json, listings-feed-*-v2.json) were not found; set"
            + " -Dstocksync.specs.dir to the specs directory");
    amazon = new AmazonEmulator(AmazonEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().clock(clock).add(amazon).start();
    http = new Http(server);
    token = token(http);
    // Usage plans are tested elsewhere; here every request should reach the emulator's checks.
    amazon.faults().throttling(Throttling.OFF);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void acceptsExactlyThePatchBodiesTheListingsItemsModelAllows() {
    Schema request = schemas.definition(LISTINGS, "ListingsItemPatchRequest");
    List<String> bodies =
        List.of(
            quantityPatch(5),
            quantityPatch(-1),
            quantityPatch("five"),
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"delete\","
                + "\"path\":\"/attributes/fulfillment_availability\"}]}",
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"merge\","
                + "\"path\":\"/attributes/fulfillment_availability\","
                + "\"value\":[{\"fulfillment_channel_code\":\"DEFAULT\",\"quantity\":2}]}],"
                + "\"extra\":true}",
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"replace\","
                + "\"path\":\"/attributes/item_name\",\"value\":[{\"value\":\"Mug\"}]}]}",
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"add\","
                + "\"path\":\"/attributes/fulfillment_availability\","
                + "\"value\":[{\"fulfillment_channel_code\":\"AMAZON_NA\"}]}]}",
            "{\"patches\":[{\"op\":\"replace\",\"path\":\"/attributes/x\",\"value\":[]}]}",
            "{\"productType\":\"PRODUCT\",\"patches\":[]}",
            "{\"productType\":\"PRODUCT\"}",
            "{\"productType\":7,\"patches\":[{\"op\":\"replace\",\"path\":\"/attributes/x\"}]}",
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"set\",\"path\":\"/attributes/x\"}]}",
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"replace\"}]}",
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"replace\","
                + "\"path\":\"/attributes/x\",\"value\":{\"quantity\":1}}]}",
            "{\"productType\":\"PRODUCT\",\"patches\":[{\"op\":\"replace\","
                + "\"path\":\"/attributes/x\",\"value\":[1,2]}]}",
            "[]");

    for (int i = 0; i < bodies.size(); i++) {
      String body = bodies.get(i);
      HttpResponse<String> response = patch(http, token, "SKU-" + i, body);
      assertThat(response.statusCode() == 200)
          .as(
              "accepted by the emulator (HTTP %s) = valid per the model: %s",
              response.statusCode(), body)
          .isEqualTo(valid(request, body));
    }
    // Every PATCH the emulator took, as it recorded it, is a valid ListingsItemPatchRequest.
    List<RecordedRequest> taken =
        amazon.requests().list().stream()
            .filter(r -> r.method().equals("PATCH") && Integer.valueOf(200).equals(r.status()))
            .toList();
    assertThat(taken).hasSize(7);
    taken.forEach(r -> assertValid(request, r.body(), "recorded PATCH body"));
  }

  @Test
  void answersGetListingsItemWithItemsAndErrorListsOfTheModel() {
    Schema item = schemas.definition(LISTINGS, "Item");
    Schema errors = schemas.definition(LISTINGS, "ErrorList");
    amazon.seedQuantities(Map.of(SELLER + "/KNOWN", 2L));
    amazon.faults().createUnknown(false);
    String known = AmazonRequests.listingPath(SELLER, "KNOWN");
    List<HttpResponse<String>> answers = new ArrayList<>();
    answers.add(
        AmazonRequests.spApi(
            http,
            "GET",
            token,
            known + "?marketplaceIds=ATVPDKIKX0DER&includedData=summaries",
            null));
    answers.add(
        AmazonRequests.spApi(
            http,
            "GET",
            token,
            known + "?marketplaceIds=ATVPDKIKX0DER&includedData=summaries,fulfillmentAvailability",
            null));
    answers.add(
        AmazonRequests.spApi(
            http,
            "GET",
            token,
            AmazonRequests.listingPath(SELLER, "UNKNOWN") + "?marketplaceIds=ATVPDKIKX0DER",
            null));
    answers.add(
        AmazonRequests.spApi(http, "GET", token, known + "?marketplaceIds=A0NOTAMARKET", null));
    answers.add(
        AmazonRequests.spApi(
            http, "GET", "Atza|forged", known + "?marketplaceIds=ATVPDKIKX0DER", null));

    assertThat(answers)
        .extracting(HttpResponse::statusCode)
        .containsExactly(200, 200, 404, 400, 403);
    assertThat(Http.json(answers.get(0)).path("summaries").path(0).path("marketplaceId").asText())
        .isEqualTo("ATVPDKIKX0DER");
    assertThat(Http.json(answers.get(0)).has("fulfillmentAvailability")).isFalse();
    assertThat(
            Http.json(answers.get(1))
                .path("fulfillmentAvailability")
                .path(0)
                .path("quantity")
                .asLong())
        .isEqualTo(2);
    assertThat(answers.get(3).body()).contains("A0NOTAMARKET");
    for (HttpResponse<String> answer : answers) {
      assertValid(answer.statusCode() == 200 ? item : errors, answer.body(), "GET answer");
    }
    assertThat(amazon.quantities()).containsExactly(Map.entry(SELLER + "/KNOWN", 2L));
  }

  @Test
  void answersPatchesOnlyWithSubmissionResponsesAndErrorListsOfTheModel() {
    Schema submission = schemas.definition(LISTINGS, "ListingsItemSubmissionResponse");
    Schema errors = schemas.definition(LISTINGS, "ErrorList");
    amazon.seedQuantities(Map.of(SELLER + "/KNOWN", 1L));
    List<HttpResponse<String>> answers = new ArrayList<>();
    answers.add(patch(http, token, "KNOWN", quantityPatch(3)));
    answers.add(patch(http, token, "KNOWN", quantityPatch(-3)));
    answers.add(
        AmazonRequests.patchAt(
            http,
            token,
            AmazonRequests.listingPath(SELLER, "KNOWN")
                + "?marketplaceIds=ATVPDKIKX0DER&mode=VALIDATION_PREVIEW",
            quantityPatch(4)));
    amazon.faults().failListings(List.of("KNOWN"));
    answers.add(patch(http, token, "KNOWN", quantityPatch(5)));
    amazon.faults().failListings(List.of());
    amazon.faults().createUnknown(false);
    answers.add(patch(http, token, "UNKNOWN", quantityPatch(5)));
    answers.add(patch(http, token, "KNOWN", "{\"productType\":\"P\"}"));
    answers.add(patch(http, "Atza|forged", "KNOWN", quantityPatch(5)));
    amazon.faults().throttling(Throttling.ALWAYS);
    answers.add(patch(http, token, "KNOWN", quantityPatch(5)));
    amazon.faults().throttling(Throttling.OFF);
    amazon.faults().forceStatus(500, 1, null);
    answers.add(patch(http, token, "KNOWN", quantityPatch(5)));

    assertThat(answers)
        .extracting(HttpResponse::statusCode)
        .containsExactly(200, 200, 200, 200, 200, 400, 403, 429, 500);
    assertThat(answers)
        .extracting(answer -> Http.json(answer).path("status").asText())
        .startsWith("ACCEPTED", "INVALID", "VALID", "INVALID", "INVALID");
    for (HttpResponse<String> answer : answers) {
      assertValid(answer.statusCode() == 200 ? submission : errors, answer.body(), "PATCH answer");
    }
  }

  @Test
  void answersTheFeedsApiWithTheModelsResponseShapes() {
    Schema documentRequest = schemas.definition(FEEDS, "CreateFeedDocumentSpecification");
    Schema documentAnswer = schemas.definition(FEEDS, "CreateFeedDocumentResponse");
    Schema feedRequest = schemas.definition(FEEDS, "CreateFeedSpecification");
    Schema feedAnswer = schemas.definition(FEEDS, "CreateFeedResponse");
    Schema feed = schemas.definition(FEEDS, "Feed");
    Schema document = schemas.definition(FEEDS, "FeedDocument");
    Schema errors = schemas.definition(FEEDS, "ErrorList");

    HttpResponse<String> createdDocument = createFeedDocument(http, token);
    assertThat(createdDocument.statusCode()).isEqualTo(201);
    assertValid(documentAnswer, createdDocument.body(), "createFeedDocument");
    JsonNode inputDocument = Http.json(createdDocument);
    upload(http, inputDocument.path("url").asText(), feed(List.of(patchMessage(1, "A", 1))));
    HttpResponse<String> created =
        createFeed(http, token, inputDocument.path("feedDocumentId").asText());
    assertThat(created.statusCode()).isEqualTo(202);
    assertValid(feedAnswer, created.body(), "createFeed");
    String feedId = Http.json(created).path("feedId").asText();
    String cancelledId =
        Http.json(createFeed(http, token, inputDocument.path("feedDocumentId").asText()))
            .path("feedId")
            .asText();
    AmazonRequests.spApi(
        http, "DELETE", token, "/amazon/feeds/2021-06-30/feeds/" + cancelledId, null);

    List<String> statuses = new ArrayList<>();
    HttpResponse<String> queued = getFeed(http, token, feedId);
    clock.advance(Duration.ofSeconds(2));
    HttpResponse<String> inProgress = getFeed(http, token, feedId);
    clock.advance(Duration.ofSeconds(3));
    HttpResponse<String> done = getFeed(http, token, feedId);
    HttpResponse<String> cancelled = getFeed(http, token, cancelledId);
    JsonNode neverUploaded = Http.json(createFeedDocument(http, token));
    String fatalId =
        Http.json(createFeed(http, token, neverUploaded.path("feedDocumentId").asText()))
            .path("feedId")
            .asText();
    clock.advance(Duration.ofSeconds(5));
    HttpResponse<String> fatal = getFeed(http, token, fatalId);
    for (HttpResponse<String> answer : List.of(queued, inProgress, done, cancelled, fatal)) {
      assertThat(answer.statusCode()).isEqualTo(200);
      assertValid(feed, answer.body(), "getFeed");
      statuses.add(Http.json(answer).path("processingStatus").asText());
    }
    assertThat(statuses).containsExactly("IN_QUEUE", "IN_PROGRESS", "DONE", "CANCELLED", "FATAL");

    HttpResponse<String> resultDocument =
        getFeedDocument(http, token, Http.json(done).path("resultFeedDocumentId").asText());
    assertThat(resultDocument.statusCode()).isEqualTo(200);
    assertValid(document, resultDocument.body(), "getFeedDocument");

    List<HttpResponse<String>> failures =
        List.of(
            getFeed(http, token, "123"),
            getFeedDocument(http, token, "nope"),
            AmazonRequests.spApi(
                http, "POST", token, "/amazon/feeds/2021-06-30/feeds", "{\"feedType\":\"X\"}"),
            AmazonRequests.spApi(http, "POST", token, "/amazon/feeds/2021-06-30/documents", "{}"),
            getFeed(http, "Atza|forged", feedId));
    assertThat(failures)
        .extracting(HttpResponse::statusCode)
        .containsExactly(404, 404, 400, 400, 403);
    failures.forEach(failure -> assertValid(errors, failure.body(), "Feeds API error"));

    // The requests the tests sent are the model's own shapes too.
    for (RecordedRequest sent : amazon.requests().list()) {
      if (sent.method().equals("POST") && Integer.valueOf(201).equals(sent.status())) {
        assertValid(documentRequest, sent.body(), "createFeedDocument body");
      }
      if (sent.method().equals("POST") && Integer.valueOf(202).equals(sent.status())) {
        assertValid(feedRequest, sent.body(), "createFeed body");
      }
    }
  }

  @Test
  void acceptsWholeOnlyTheFeedDocumentsTheListingsFeedSchemaAllows() {
    Schema feedSchema = schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED);
    Schema reportSchema = schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT);
    Map<String, Object> withReport = new LinkedHashMap<>();
    withReport.put(
        "header",
        Map.of(
            "sellerId",
            SELLER,
            "version",
            "2.0",
            "report",
            Map.of(
                "includedData",
                List.of("issues", "fulfillmentAvailability"),
                "apiVersion",
                "2021-08-01")));
    withReport.put("messages", List.of(patchMessage(1, "R-1", 4)));
    List<String> documents =
        List.of(
            feed(List.of(patchMessage(1, "A", 1), patchMessage(2, "B", 2))),
            Http.json(withReport),
            feed(List.of(Map.of("messageId", 1, "sku", "GONE", "operationType", "DELETE"))),
            feed(List.of()),
            "{\"header\":{\"sellerId\":\""
                + SELLER
                + "\",\"version\":\"1.0\"},\"messages\":["
                + Http.json(patchMessage(1, "A", 1))
                + "]}",
            "{\"messages\":[" + Http.json(patchMessage(1, "A", 1)) + "]}",
            feed(List.of(Map.of("messageId", 0, "sku", "A", "operationType", "DELETE"))),
            feed(List.of(Map.of("messageId", 1, "sku", "A", "operationType", "PATCH"))),
            feed(
                List.of(
                    Map.of(
                        "messageId",
                        1,
                        "sku",
                        "A",
                        "operationType",
                        "DELETE",
                        "productType",
                        "P"))),
            "not json");

    List<String> feedIds = new ArrayList<>();
    for (String document : documents) {
      feedIds.add(AmazonRequests.submitFeed(http, token, document));
    }
    clock.advance(Duration.ofSeconds(5));

    for (int i = 0; i < documents.size(); i++) {
      String document = documents.get(i);
      JsonNode feed = Http.json(getFeed(http, token, feedIds.get(i)));
      JsonNode report = AmazonRequests.report(http, token, feedIds.get(i));
      boolean acceptedWhole =
          feed.path("processingStatus").asText().equals("DONE")
              && report.path("summary").path("messagesInvalid").asInt() == 0;
      assertThat(acceptedWhole)
          .as("accepted whole by the emulator = valid per the feed schema: %s", document)
          .isEqualTo(document.startsWith("{") && valid(feedSchema, document));
      assertValid(reportSchema, report.toString(), "processing report of " + document);
    }
  }

  @Test
  void acceptsExactlyTheMessagesTheMessageSchemaAllows() {
    Schema messageSchema = schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_MESSAGE);
    Schema reportSchema = schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT);
    List<Map<String, Object>> messages = new ArrayList<>();
    messages.add(patchMessage(1, "PATCH-OK", 3));
    messages.add(
        message(
            2, "UPDATE-OK", "UPDATE", Map.of("productType", "P", "attributes", availability(4))));
    messages.add(
        message(
            3,
            "PARTIAL-OK",
            "PARTIAL_UPDATE",
            Map.of("productType", "P", "attributes", availability(5))));
    messages.add(message(4, "DELETE-OK", "DELETE", Map.of()));
    messages.add(
        message(
            5,
            "UPDATE-WITH-REQUIREMENTS",
            "UPDATE",
            Map.of("productType", "P", "requirements", "LISTING", "attributes", availability(1))));
    messages.add(message(6, "PATCH-NO-PATCHES", "PATCH", Map.of("productType", "P")));
    messages.add(message(7, "UPDATE-NO-ATTRIBUTES", "UPDATE", Map.of("productType", "P")));
    messages.add(
        message(
            8,
            "PARTIAL-WITH-REQUIREMENTS",
            "PARTIAL_UPDATE",
            Map.of("productType", "P", "requirements", "LISTING", "attributes", availability(1))));
    messages.add(message(9, "DELETE-WITH-TYPE", "DELETE", Map.of("productType", "P")));
    messages.add(message(10, "UNKNOWN-OPERATION", "UPSERT", Map.of("productType", "P")));
    messages.add(
        message(
            11,
            "EMPTY-ATTRIBUTES",
            "PARTIAL_UPDATE",
            Map.of("productType", "P", "attributes", Map.of())));
    messages.add(message(12, "", "DELETE", Map.of()));
    Map<String, Object> patchWithAttributes =
        new LinkedHashMap<>(patchMessage(13, "PATCH-ATTR", 1));
    patchWithAttributes.put("attributes", availability(1));
    messages.add(patchWithAttributes);
    Map<String, Object> badRequirement = new LinkedHashMap<>(patchMessage(14, "BAD-REQ", 1));
    badRequirement.remove("patches");
    badRequirement.put("operationType", "UPDATE");
    badRequirement.put("attributes", availability(1));
    badRequirement.put("requirements", "EVERYTHING");
    messages.add(badRequirement);
    amazon.seedQuantities(Map.of(SELLER + "/DELETE-OK", 1L, SELLER + "/DELETE-WITH-TYPE", 1L));

    String feedId = AmazonRequests.submitFeed(http, token, feed(messages));
    clock.advance(Duration.ofSeconds(5));
    JsonNode report = AmazonRequests.report(http, token, feedId);

    List<Long> refused = new ArrayList<>();
    report.path("issues").forEach(issue -> refused.add(issue.path("messageId").asLong()));
    for (Map<String, Object> message : messages) {
      long messageId = ((Number) message.get("messageId")).longValue();
      String json = Http.json(message);
      assertThat(!refused.contains(messageId))
          .as("accepted by the emulator = valid per the message schema: %s", json)
          .isEqualTo(valid(messageSchema, json));
    }
    assertThat(report.path("summary").path("messagesAccepted").asInt()).isEqualTo(5);
    assertValid(reportSchema, report.toString(), "processing report");
  }

  private static Map<String, Object> message(
      long messageId, String sku, String operationType, Map<String, Object> more) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("messageId", messageId);
    message.put("sku", sku);
    message.put("operationType", operationType);
    message.putAll(more);
    return message;
  }

  private static Map<String, Object> availability(int quantity) {
    return Map.of(
        "fulfillment_availability",
        List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", quantity)));
  }
}
