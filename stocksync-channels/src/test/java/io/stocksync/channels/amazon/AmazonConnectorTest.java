package io.stocksync.channels.amazon;

import static io.stocksync.channels.amazon.AmazonFixture.key;
import static io.stocksync.channels.amazon.AmazonFixture.push;
import static io.stocksync.channels.amazon.AmazonFixture.pushes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.Connector;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.Throttling;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Amazon connector against the Amazon emulator on loopback, on a clock the test moves. */
class AmazonConnectorTest {

  private AmazonFixture fixture = new AmazonFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static CallOutcome sent(Connector connector, List<PendingPush> pushes) throws Exception {
    return connector.send(connector.prepare(pushes, 0)).get(20, TimeUnit.SECONDS);
  }

  @Test
  void setsTheQuantityWithOnePatchAndTakesAcceptedAsTheAcknowledgement() throws Exception {
    AmazonConnector amazon = fixture.connector();

    CallOutcome outcome = sent(amazon, List.of(push(1, 12)));

    assertThat(outcome).isEqualTo(new Answered(200, List.of(new Applied(12))));
    assertThat(fixture.amazon.quantities()).containsEntry(key(1), 12L);
    RecordedRequest patch = fixture.requests("PATCH", "/listings/2021-08-01/items/").get(0);
    assertThat(patch.path()).endsWith("/items/A1SELLER/SKU-1");
    assertThat(patch.query()).isEqualTo("marketplaceIds=ATVPDKIKX0DER");
    assertThat(patch.body())
        .isEqualTo(
            "{\"productType\":\"LUGGAGE\",\"patches\":[{\"op\":\"merge\","
                + "\"path\":\"/attributes/fulfillment_availability\",\"value\":"
                + "[{\"fulfillment_channel_code\":\"DEFAULT\",\"quantity\":12}]}]}");
  }

  @Test
  void anInvalidAnswerRejectsTheItemWithAmazonsIssue() throws Exception {
    AmazonConnector amazon = fixture.connector();
    fixture.amazon.faults().failListings(List.of(key(2)));

    CallOutcome outcome = sent(amazon, List.of(push(2, 7)));

    Rejected rejected = (Rejected) ((Answered) outcome).items().get(0);
    assertThat(rejected.status()).isEqualTo(AttemptStatus.REJECTED);
    assertThat(rejected.code()).isEqualTo("STOCKSYNC_EMULATOR_FAULT");
    assertThat(fixture.amazon.quantities()).doesNotContainKey(key(2));
  }

  @Test
  void encodesASellerSkuAsOnePathSegment() {
    assertThat(AmazonConnector.pathSegment("MUG blue+1/ä")).isEqualTo("MUG%20blue%2B1%2F%C3%A4");
  }

  @Test
  void pacesToTheUsagePlanAndBacksOffLongerOnEachQuotaExceeded() throws Exception {
    AmazonConnector amazon = fixture.connector();
    for (int i = 0; i < 5; i++) {
      assertThat(amazon.delayBeforeNextCall(fixture.clock.instant())).isZero();
      sent(amazon, List.of(push(i, 1)));
    }
    // The burst is spent: the next call waits for one token at 5 per second.
    assertThat(amazon.delayBeforeNextCall(fixture.clock.instant()))
        .isEqualTo(Duration.ofMillis(200));
    assertThat(amazon.patchRate()).isEqualTo(5.0); // as x-amzn-RateLimit-Limit says

    fixture.amazon.faults().throttling(Throttling.ALWAYS);
    fixture.clock.advance(Duration.ofSeconds(1));
    CallOutcome first = sent(amazon, List.of(push(9, 1)));
    CallOutcome second = sent(amazon, List.of(push(9, 1)));

    assertThat(first).isInstanceOf(CallOutcome.Throttled.class);
    assertThat(((CallOutcome.Throttled) first).waitFor()).isEqualTo(Duration.ofSeconds(1));
    assertThat(((CallOutcome.Throttled) second).waitFor()).isEqualTo(Duration.ofSeconds(2));
    assertThat(((CallOutcome.Throttled) first).detail()).contains("QuotaExceeded");
  }

  @Test
  void keepsItsAccessTokenAndFetchesAnotherWhenAmazonSaysItExpired() throws Exception {
    fixture.amazon.faults().throttling(Throttling.OFF);
    AmazonConnector amazon = fixture.connector();
    sent(amazon, List.of(push(1, 1)));
    sent(amazon, List.of(push(2, 2)));
    assertThat(amazon.tokenRefreshes()).isEqualTo(1);

    // The token in use now expires 30 s after it was issued; 31 s have passed.
    fixture.amazon.faults().tokenLifetime(Duration.ofSeconds(30));
    fixture.clock.advance(Duration.ofSeconds(31));
    CallOutcome outcome = sent(amazon, List.of(push(3, 3)));

    assertThat(outcome).isEqualTo(new Answered(200, List.of(new Applied(3))));
    assertThat(amazon.tokenRefreshes()).isEqualTo(2);
    assertThat(fixture.requests("PATCH", "/items/A1SELLER/SKU-3"))
        .extracting(RecordedRequest::status)
        .containsExactly(403, 200);
  }

  @Test
  void wrongCredentialsRefuseTheCallWithLoginWithAmazonsError() throws Exception {
    AmazonConnector amazon =
        AmazonConnector.create(
            fixture.channel(""),
            Map.of("clientId", "someone", "clientSecret", "x", "refreshToken", "y"),
            fixture.context());

    CallOutcome outcome = sent(amazon, List.of(push(1, 1)));

    assertThat(outcome).isInstanceOf(CallOutcome.Refused.class);
    assertThat(((CallOutcome.Refused) outcome).detail())
        .contains("HTTP 401 invalid_client")
        .doesNotContain("someone");
  }

  @Test
  void refusesAChannelWithoutItsSettingsOrCredentials() {
    var noSeller =
        new io.stocksync.core.port.Rows.ChannelRow(
            "acct",
            "amz",
            "amazon",
            fixture.server.baseUrl("amazon"),
            "{\"marketplaceId\":\"X\"}",
            null,
            List.of(),
            true,
            io.stocksync.core.channel.ChannelRules.DEFAULT);
    assertThatThrownBy(
            () -> AmazonConnector.create(noSeller, AmazonFixture.credentials(), fixture.context()))
        .hasMessage("settings.sellerId is required");
    assertThatThrownBy(
            () ->
                AmazonConnector.create(
                    fixture.channel(""), Map.of("clientId", "a"), fixture.context()))
        .hasMessage("credentials.clientSecret is required");
  }

  @Test
  void choosesAFeedFromTheThresholdAndOnePatchPerCallBelowIt() {
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":100");
    assertThat(amazon.batchSize()).isEqualTo(AmazonConnector.MAX_FEED_MESSAGES);

    Connector.Call small = amazon.prepare(pushes(0, 99, 5), 0);
    Connector.Call large = amazon.prepare(pushes(0, 100, 5), 0);

    assertThat(small).isInstanceOf(AmazonConnector.PatchCall.class);
    assertThat(small.pushes()).hasSize(1);
    assertThat(large).isInstanceOf(AmazonConnector.FeedCall.class);
    assertThat(large.pushes()).hasSize(100);
  }

  @Test
  void aFeedAcknowledgesEachMessageAndRejectsThoseItsReportNames() throws Exception {
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":100");
    fixture.amazon.faults().failListings(List.of(key(3), key(77)));

    CallOutcome outcome = sent(amazon, pushes(0, 150, 40));

    Answered answered = (Answered) outcome;
    assertThat(answered.items()).hasSize(150);
    assertThat(answered.items().get(3)).isInstanceOf(Rejected.class);
    assertThat(answered.items().get(77)).isInstanceOf(Rejected.class);
    assertThat(answered.items().stream().filter(Applied.class::isInstance)).hasSize(148);
    assertThat(fixture.amazon.quantities())
        .containsEntry(key(0), 40L)
        .containsEntry(key(149), 40L)
        .doesNotContainKey(key(3));
    assertThat(fixture.requests("POST", "/feeds/2021-06-30/feeds")).hasSize(1);
    assertThat(fixture.requests("PATCH", "/listings/")).isEmpty();
  }

  @Test
  void aFeedCallStaysOutstandingUntilAmazonHasProcessedTheFeed() throws Exception {
    fixture.close();
    fixture = new AmazonFixture(Duration.ofSeconds(60), Duration.ofSeconds(120));
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":10");

    CompletableFuture<CallOutcome> outcome = amazon.send(amazon.prepare(pushes(0, 20, 3), 0));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.requests("GET", "/feeds/2021-06-30/feeds/").size() >= 3);

    assertThat(outcome).isNotDone();
    assertThat(amazon.maxInFlight()).isEqualTo(AmazonConnector.PATCH_IN_FLIGHT + 1);
    fixture.clock.advance(Duration.ofMinutes(3));
    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(Answered.class);
    assertThat(amazon.maxInFlight()).isEqualTo(AmazonConnector.PATCH_IN_FLIGHT);
    assertThat(fixture.amazon.quantities()).containsEntry(key(19), 3L);
  }

  @Test
  void keepsTheFeedLimitOfFivePerFiveMinutesAndGoesOnPerItemMeanwhile() throws Exception {
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":10");
    for (int i = 0; i < 5; i++) {
      assertThat(sent(amazon, pushes(0, 10, i))).isInstanceOf(Answered.class);
    }

    assertThat(amazon.batchSize()).isEqualTo(1);
    assertThat(amazon.prepare(pushes(0, 10, 9), 0)).isInstanceOf(AmazonConnector.PatchCall.class);
    fixture.clock.advance(Duration.ofMinutes(5));
    assertThat(amazon.prepare(pushes(0, 10, 9), 0)).isInstanceOf(AmazonConnector.FeedCall.class);
    assertThat(fixture.amazon.quantities()).containsEntry(key(9), 4L);
  }

  @Test
  void aFeedRefusedForTheFeedLimitChargesNothingAndLeavesTheRestToPerItemCalls() throws Exception {
    // Another client of the same seller used up the feed-type limit.
    AmazonConnector other = fixture.connector("\"feedThreshold\":10");
    for (int i = 0; i < 5; i++) {
      sent(other, pushes(0, 10, i));
    }
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":10");

    CallOutcome outcome = sent(amazon, pushes(0, 10, 8));

    assertThat(outcome).isInstanceOf(Answered.class);
    assertThat(((Answered) outcome).httpStatus()).isEqualTo(429);
    assertThat(((Answered) outcome).items()).allMatch(CallOutcome.NotApplied.class::isInstance);
    assertThat(amazon.prepare(pushes(0, 10, 8), 0)).isInstanceOf(AmazonConnector.PatchCall.class);
  }

  @Test
  void triesAThrottledFeedStepAgain() throws Exception {
    AmazonConnector amazon = fixture.connector("\"feedThreshold\":10");
    sent(amazon, List.of(push(100, 1))); // fetches the token first
    fixture.amazon.faults().forceStatus(429, 1, null);

    CallOutcome outcome = sent(amazon, pushes(0, 10, 1));

    assertThat(outcome).isInstanceOf(Answered.class);
    assertThat(fixture.requests("POST", "/feeds/2021-06-30/documents"))
        .extracting(RecordedRequest::status)
        .containsExactly(429, 201);
  }
}
