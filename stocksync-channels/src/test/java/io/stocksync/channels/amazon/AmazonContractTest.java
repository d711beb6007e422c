package io.stocksync.channels.amazon;

import static io.stocksync.channels.amazon.AmazonFixture.key;
import static io.stocksync.channels.amazon.AmazonFixture.push;
import static io.stocksync.channels.amazon.AmazonFixture.pushes;
import static io.stocksync.channels.amazon.AmazonSchemas.FEEDS;
import static io.stocksync.channels.amazon.AmazonSchemas.LISTINGS;
import static io.stocksync.channels.amazon.AmazonSchemas.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.Connector;
import io.stocksync.channels.amazon.RecordingHttpClient.Exchange;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.emulator.OfficialSpecs;
import io.stocksync.emulator.Throttling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Amazon connector against Amazon's official contracts in {@code ../shared/specs/amazon}: every
 * request it sends is one the models allow (a {@code ListingsItemPatchRequest}, a listings feed v2
 * with v2 messages, the Feeds API specifications), and it reads the answers the emulator gives in
 * the models' shapes, checked against them too. Skipped when the contracts are not beside the
 * project.
 */
class AmazonContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static AmazonSchemas schemas;

  private AmazonFixture fixture;

  @BeforeAll
  static void loadTheOfficialContracts() {
    schemas = AmazonSchemas.find().orElse(null);
  }

  @BeforeEach
  void start() {
    assumeTrue(
        schemas != null,
        "skipped: Amazon's official contracts (../shared/specs/amazon: listingsItems_2021-08-01.json,"
            + " feeds_2021-06-30.json, listings-feed-*-v2.json) were not found; set"
            + " -Dstocksync.specs.dir to the specs directory");
    fixture = new AmazonFixture();
    fixture.amazon.faults().throttling(Throttling.OFF);
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private List<Exchange> exchanges(String method, String pathPart) {
    return fixture.http.exchanges.stream()
        .filter(e -> e.method().equals(method) && e.path().contains(pathPart))
        .toList();
  }

  private static void assertValid(Schema schema, String json, String what) {
    assertThat(problems(schema, json)).as(what + ": " + json).isEmpty();
  }

  @Test
  void everyPatchBodyIsAListingsItemPatchRequestAndEveryAnswerOneItReads() throws Exception {
    AmazonConnector amazon = fixture.connector();
    fixture.amazon.faults().failListings(List.of(key(4)));
    PendingPush noProductType =
        new PendingPush(
            "acct",
            "amz",
            "S5",
            "MUG blue/ä 5",
            "{}",
            3,
            1,
            Urgency.of(3, 9L),
            9L,
            Instant.parse("2026-11-27T10:00:00Z"),
            ListingState.QUEUED);
    List<PendingPush> sent =
        List.of(push(1, 0), push(2, 1), push(3, 2_000_000_000L), push(4, 5), noProductType);
    List<CallOutcome> outcomes = new ArrayList<>();
    for (PendingPush p : sent) {
      Connector.Call call = amazon.prepare(List.of(p), 0);
      outcomes.add(amazon.send(call).get(10, TimeUnit.SECONDS));
    }

    Schema request = schemas.definition(LISTINGS, "ListingsItemPatchRequest");
    Schema answer = schemas.definition(LISTINGS, "ListingsItemSubmissionResponse");
    List<Exchange> patches = exchanges("PATCH", "/listings/2021-08-01/items/");
    assertThat(patches).hasSize(5);
    for (Exchange e : patches) {
      assertValid(request, e.requestBody(), "patch body");
      assertThat(e.status()).isEqualTo(200);
      assertValid(answer, e.body(), "patch answer");
    }
    assertThat(outcomes.get(0)).isEqualTo(new Answered(200, List.of(new Applied(0))));
    assertThat(((Answered) outcomes.get(3)).items().get(0)).isInstanceOf(Rejected.class);
    assertThat(JSON.readTree(patches.get(4).requestBody()).path("productType").asText())
        .isEqualTo(ListingsDocuments.FALLBACK_PRODUCT_TYPE);
    assertThat(fixture.amazon.quantities())
        .containsEntry(AmazonFixture.SELLER + "/MUG blue/ä 5", 3L)
        .containsEntry(key(3), 2_000_000_000L);
  }

  @Test
  void everyFeedIsAListingsFeedV2AndEveryFeedsApiExchangeIsInTheModelsShape() throws Exception {
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":10");
    fixture.amazon.faults().failListings(List.of(key(7)));

    Connector.Call call = amazon.prepare(pushes(0, 40, 6), 0);
    Answered outcome = (Answered) amazon.send(call).get(20, TimeUnit.SECONDS);

    String document = exchanges("PUT", "/uploads/").get(0).requestBody();
    assertValid(schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED), document, "feed document");
    Schema message = schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_MESSAGE);
    JsonNode messages = JSON.readTree(document).path("messages");
    assertThat(messages).hasSize(40);
    for (JsonNode m : messages) {
      assertValid(message, m.toString(), "feed message");
    }

    Exchange createDocument = exchanges("POST", "/feeds/2021-06-30/documents").get(0);
    assertValid(
        schemas.definition(FEEDS, "CreateFeedDocumentSpecification"),
        createDocument.requestBody(),
        "createFeedDocument body");
    assertValid(
        schemas.definition(FEEDS, "CreateFeedDocumentResponse"),
        createDocument.body(),
        "createFeedDocument answer");
    Exchange createFeed = exchanges("POST", "/feeds/2021-06-30/feeds").get(0);
    assertValid(
        schemas.definition(FEEDS, "CreateFeedSpecification"),
        createFeed.requestBody(),
        "createFeed body");
    assertValid(
        schemas.definition(FEEDS, "CreateFeedResponse"), createFeed.body(), "createFeed answer");
    for (Exchange getFeed : exchanges("GET", "/feeds/2021-06-30/feeds/")) {
      assertValid(schemas.definition(FEEDS, "Feed"), getFeed.body(), "getFeed answer");
    }
    assertValid(
        schemas.definition(FEEDS, "FeedDocument"),
        exchanges("GET", "/feeds/2021-06-30/documents/").get(0).body(),
        "getFeedDocument answer");
    assertValid(
        schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT),
        exchanges("GET", "/downloads/").get(0).body(),
        "processing report");

    assertThat(outcome.items().get(7)).isInstanceOf(Rejected.class);
    assertThat(outcome.items().stream().filter(Applied.class::isInstance)).hasSize(39);
  }

  @Test
  void readsTheOfficialExampleReportByMessageIdAndTrustsOnlyWhatItsSummaryAccountsFor()
      throws Exception {
    String example = schemas.read("amazon/listings-feed-processing-report-schema-v2.example.json");
    List<String> feedIssues = new ArrayList<>();

    // The example names messages 4 and 5 and counts 4 processed, 2 accepted: of a feed of five,
    // it accounts for only two of the three it does not name, so none of those is acknowledged.
    List<ItemResult> results = ListingsDocuments.report(pushes(1, 5, 1), example, feedIssues);

    assertThat(results.subList(0, 3))
        .allSatisfy(
            r ->
                assertThat(r)
                    .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected ->
                            assertThat(rejected.message())
                                .contains("2 accepted messages of 5, 2 of them named invalid")));
    assertThat(results.get(3))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.code()).isEqualTo("90220"));
    assertThat(results.get(4))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.code()).isEqualTo("99022"));
    assertThat(feedIssues).isEmpty();
  }

  /** A processing report in the v2 schema's shape for a feed of {@code messages} messages. */
  private static String report(String issues, int accepted, int invalid) {
    return "{\"header\":{\"sellerId\":\"A1SELLER\",\"version\":\"2.0\",\"feedId\":\"F1\"},"
        + "\"issues\":["
        + issues
        + "],\"summary\":{\"errors\":1,\"warnings\":0,\"messagesProcessed\":"
        + (accepted + invalid)
        + ",\"messagesAccepted\":"
        + accepted
        + ",\"messagesInvalid\":"
        + invalid
        + "}}";
  }

  @Test
  void anIssueWithoutAMessageIdFailsEveryMessageItDoesNotLeaveOut() {
    String body =
        report(
            "{\"severity\":\"ERROR\",\"code\":\"4000003\","
                + "\"message\":\"The feed could not be processed.\"}",
            0,
            3);
    assertValid(schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT), body, "report");
    List<String> feedIssues = new ArrayList<>();

    List<ItemResult> results = ListingsDocuments.report(pushes(1, 3, 4), body, feedIssues);

    assertThat(results)
        .hasSize(3)
        .allSatisfy(
            r ->
                assertThat(r)
                    .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> {
                          assertThat(rejected.code()).isEqualTo(ListingsDocuments.FEED_LEVEL_ERROR);
                          assertThat(rejected.message()).contains("4000003");
                        }));
    assertThat(feedIssues).hasSize(1);
  }

  @Test
  void anIssueWithoutAMessageIdButWithASkuFailsThatSkusMessageOnly() {
    String body =
        report(
            "{\"severity\":\"ERROR\",\"sku\":\""
                + AmazonFixture.sku(2)
                + "\",\"code\":\"8541\",\"message\":\"Conflicting data.\"}",
            2,
            1);
    assertValid(schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT), body, "report");

    List<ItemResult> results = ListingsDocuments.report(pushes(1, 3, 4), body, new ArrayList<>());

    assertThat(results.get(0)).isEqualTo(new Applied(4));
    assertThat(results.get(1))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.code()).isEqualTo("8541"));
    assertThat(results.get(2)).isEqualTo(new Applied(4));
  }

  @Test
  void moreInvalidMessagesInTheSummaryThanIssuesNameFailsTheMessagesTheReportDoesNotAccountFor() {
    String body =
        report(
            "{\"messageId\":1,\"severity\":\"ERROR\",\"code\":\"90220\","
                + "\"message\":\"'quantity' is required.\"}",
            1,
            2);
    assertValid(schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT), body, "report");

    List<ItemResult> results = ListingsDocuments.report(pushes(1, 3, 4), body, new ArrayList<>());

    assertThat(results.get(0))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.code()).isEqualTo("90220"));
    assertThat(results.subList(1, 3))
        .allSatisfy(
            r ->
                assertThat(r)
                    .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> {
                          assertThat(rejected.code()).isEqualTo(ListingsDocuments.FEED_LEVEL_ERROR);
                          assertThat(rejected.message()).contains("2 invalid messages but names 1");
                        }));
  }

  @Test
  void fewerAcceptedMessagesInTheSummaryThanTheRestFailsTheRest() {
    String body = report("", 1, 0);

    List<ItemResult> results = ListingsDocuments.report(pushes(1, 3, 4), body, new ArrayList<>());

    assertThat(results).noneMatch(Applied.class::isInstance);
  }

  @Test
  void everyQuantityChangeIsAMergeThatBothOfficialSchemasAllow() throws Exception {
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":2");
    amazon.send(amazon.prepare(List.of(push(1, 3)), 0)).get(10, TimeUnit.SECONDS);
    amazon.send(amazon.prepare(pushes(2, 2, 5), 0)).get(20, TimeUnit.SECONDS);

    String patch = exchanges("PATCH", "/listings/2021-08-01/items/").get(0).requestBody();
    String document = exchanges("PUT", "/uploads/").get(0).requestBody();
    assertValid(schemas.definition(LISTINGS, "ListingsItemPatchRequest"), patch, "patch body");
    assertThat(JSON.readTree(patch).path("patches").path(0).path("op").asText()).isEqualTo("merge");
    Schema message = schemas.schema(OfficialSpecs.AMAZON_LISTINGS_FEED_MESSAGE);
    for (JsonNode m : JSON.readTree(document).path("messages")) {
      assertValid(message, m.toString(), "feed message");
      assertThat(m.path("patches").path(0).path("op").asText()).isEqualTo("merge");
    }
  }
}
