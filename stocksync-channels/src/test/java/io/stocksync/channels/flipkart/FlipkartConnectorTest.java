package io.stocksync.channels.flipkart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Flipkart connector against the Flipkart emulator over real HTTP. */
class FlipkartConnectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCATION = "LOC9e98a1b2";

  /** A clock that stands still until moved. Thread-safe. */
  static final class StillClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-27T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final StillClock clock = new StillClock();
  final FlipkartEmulator flipkart =
      new FlipkartEmulator(FlipkartEmulator.Options.defaults(), clock);
  final EmulatorServer server = EmulatorServer.builder().clock(clock).add(flipkart).start();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    server.close();
  }

  FlipkartConnector connector(String baseUrl, String secret, String settings) {
    ChannelRow row =
        new ChannelRow(
            "acct",
            "fk",
            FlipkartConnector.TYPE,
            baseUrl,
            settings,
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);
    return FlipkartConnector.create(
        row,
        Map.of("appId", FlipkartEmulator.DEFAULT_APP_ID, "appSecret", secret),
        new ConnectorContext(http, clock, Duration.ofSeconds(5), () -> 0.5));
  }

  FlipkartConnector connector() {
    return connector(
        server.baseUrl("flipkart"),
        FlipkartEmulator.DEFAULT_APP_SECRET,
        "{\"locationId\":\"" + LOCATION + "\",\"maxRequestsPerSecond\":100}");
  }

  static String sku(int n) {
    return "MUG-" + n;
  }

  static String key(int n) {
    return sku(n) + "@" + LOCATION;
  }

  static String productId(int n) {
    return String.format("MUGFDG3VA%07d", n);
  }

  static PendingPush push(int n, long target) {
    return push(n, target, "{\"productId\":\"" + productId(n) + "\"}");
  }

  static PendingPush push(int n, long target, String fieldsJson) {
    return new PendingPush(
        "acct",
        "fk",
        "SKU-" + n,
        sku(n),
        fieldsJson,
        target,
        1,
        Urgency.of(target, null),
        null,
        Instant.parse("2026-11-27T10:00:00Z"),
        ListingState.QUEUED);
  }

  private List<RecordedRequest> requests(String pathEnd) {
    return flipkart.requests().list().stream().filter(r -> r.path().endsWith(pathEnd)).toList();
  }

  private CallOutcome send(FlipkartConnector c, PendingPush... pushes) {
    return c.send(c.prepare(List.of(pushes), 0)).join();
  }

  @Test
  void setsAtMostTenSkusAtTheChannelsLocationInOneCallAndAcknowledgesEach() throws Exception {
    FlipkartConnector connector = connector();
    List<PendingPush> pushes = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      pushes.add(push(n, 10L * n));
    }

    FlipkartConnector.FlipkartCall call = connector.prepare(pushes, 0);
    CallOutcome outcome = connector.send(call).join();

    assertThat(call.pushes()).hasSize(FlipkartConnector.MAX_SKUS_PER_CALL);
    assertThat(((Answered) outcome).items()).hasSize(10).allMatch(i -> i instanceof Applied);
    assertThat(((Answered) outcome).items().get(2)).isEqualTo(new Applied(30));
    assertThat(flipkart.quantities())
        .hasSize(10)
        .containsEntry(key(1), 10L)
        .containsEntry(key(10), 100L);
    JsonNode body = JSON.readTree(requests(FlipkartConnector.INVENTORY_PATH).get(0).body());
    assertThat(body.size()).isEqualTo(10);
    assertThat(body.path(sku(3)).path("product_id").asText()).isEqualTo(productId(3));
    assertThat(body.path(sku(3)).path("locations").get(0).path("id").asText()).isEqualTo(LOCATION);
    assertThat(body.path(sku(3)).path("locations").get(0).path("inventory").asLong()).isEqualTo(30);
    assertThat(requests(FlipkartTokens.TOKEN_PATH)).hasSize(1);
  }

  @Test
  void aListingWithoutAValidProductIdIsNeverSentAndFailsNamingTheField() throws Exception {
    FlipkartConnector connector = connector();

    FlipkartConnector.FlipkartCall refused =
        connector.prepare(
            List.of(push(3, 7, "{}"), push(4, 8, "{\"productId\":\"SHORT\"}"), push(1, 5)), 0);
    CallOutcome outcome = connector.send(refused).get(5, TimeUnit.SECONDS);
    FlipkartConnector.FlipkartCall rest =
        connector.prepare(List.of(push(1, 5), push(3, 7, "{}")), 0);

    assertThat(refused.pushes()).extracting(PendingPush::externalId).containsExactly(sku(3));
    assertThat(((Answered) outcome).items())
        .singleElement()
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> assertThat(r.message()).isEqualTo("listing productId is required"));
    assertThat(rest.pushes()).extracting(PendingPush::externalId).containsExactly(sku(1));
    assertThat(JSON.readTree(rest.body()).fieldNames()).toIterable().containsExactly(sku(1));
    assertThat(requests(FlipkartConnector.INVENTORY_PATH)).isEmpty();
    assertThat(FlipkartConnector.DESCRIPTOR.listingProblem(sku(4), "{\"productId\":\"SHORT\"}"))
        .isEqualTo(new FieldError("productId", "must be 13 to 16 characters"));
  }

  @Test
  void aFailureFailsOnlyItsSkuAndNamesFlipkartsError() {
    FlipkartConnector connector = connector();
    flipkart.faults().failListings(List.of(sku(2)));

    CallOutcome outcome = send(connector, push(1, 5), push(2, 6));

    List<CallOutcome.ItemResult> items = ((Answered) outcome).items();
    assertThat(items.get(0)).isEqualTo(new Applied(5));
    assertThat(items.get(1))
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(AttemptStatus.REJECTED);
              assertThat(r.code()).isEqualTo("1007");
            });
    assertThat(flipkart.quantities()).containsOnlyKeys(key(1));
  }

  @Test
  void anUnknownSkuIsRefusedWhenFlipkartDoesNotCreateIt() {
    FlipkartConnector connector = connector();
    flipkart.seedQuantities(Map.of(key(1), 3L));
    flipkart.faults().createUnknown(false);

    CallOutcome outcome = send(connector, push(1, 9), push(2, 9));

    assertThat(((Answered) outcome).items().get(0)).isEqualTo(new Applied(9));
    assertThat(((Answered) outcome).items().get(1))
        .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.code()).isEqualTo("1008"));
    assertThat(flipkart.quantities()).containsOnlyKeys(key(1));
  }

  @Test
  void keepsItsTokenUntilShortlyBeforeItExpiresThenFetchesANewOne() {
    flipkart.faults().tokenLifetime(Duration.ofSeconds(120));
    FlipkartConnector connector = connector();

    assertThat(send(connector, push(1, 1))).isInstanceOf(Answered.class);
    clock.advance(Duration.ofSeconds(100));
    assertThat(send(connector, push(1, 2))).isInstanceOf(Answered.class);
    assertThat(connector.tokenFetches()).isEqualTo(1);
    // 120 s lifetime, a tenth of it as margin: not used after 108 s.
    clock.advance(Duration.ofSeconds(10));
    assertThat(send(connector, push(1, 3))).isInstanceOf(Answered.class);

    assertThat(connector.tokenFetches()).isEqualTo(2);
    assertThat(requests(FlipkartConnector.INVENTORY_PATH))
        .extracting(RecordedRequest::status)
        .containsExactly(200, 200, 200);
    assertThat(flipkart.quantities()).containsEntry(key(1), 3L);
  }

  @Test
  void aTokenRefusedWith401IsReplacedOnceAndTheCallSentAgain() {
    FlipkartConnector connector = connector();
    assertThat(send(connector, push(1, 1))).isInstanceOf(Answered.class);
    // Flipkart expires the token early (the connector still believes in its 60 days).
    flipkart.faults().tokenLifetime(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(31));

    CallOutcome outcome = send(connector, push(1, 2));

    assertThat(((Answered) outcome).items()).containsExactly(new Applied(2));
    assertThat(connector.tokenFetches()).isEqualTo(2);
    assertThat(flipkart.requests().list())
        .extracting(
            r -> r.path().endsWith(FlipkartTokens.TOKEN_PATH) ? "token" : "update " + r.status())
        .containsExactly("token", "update 200", "update 401", "token", "update 200");
    assertThat(flipkart.quantities()).containsEntry(key(1), 2L);
  }

  @Test
  void aSecond401RefusesTheCall() {
    FlipkartConnector connector = connector();
    assertThat(send(connector, push(1, 1))).isInstanceOf(Answered.class);
    flipkart.faults().forceStatus(401, 3, null);

    CallOutcome outcome = send(connector, push(1, 2));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            CallOutcome.Refused.class, r -> assertThat(r.httpStatus()).isEqualTo(401));
    assertThat(flipkart.quantities()).containsEntry(key(1), 1L);
  }

  @Test
  void wrongApplicationCredentialsRefuseTheCallWithoutSendingIt() {
    FlipkartConnector connector =
        connector(server.baseUrl("flipkart"), "not-the-secret", "{\"locationId\":\"L\"}");

    CallOutcome outcome = send(connector, push(1, 5));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            CallOutcome.Refused.class,
            r -> {
              assertThat(r.httpStatus()).isEqualTo(401);
              assertThat(r.detail()).contains("Bad credentials").doesNotContain("not-the-secret");
            });
    assertThat(requests(FlipkartConnector.INVENTORY_PATH)).isEmpty();
  }

  @Test
  void aThrottledCallWaitsAndIsNotCharged() {
    FlipkartConnector connector = connector();
    flipkart.faults().throttling(Throttling.ALWAYS);

    CallOutcome outcome = send(connector, push(1, 5));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            CallOutcome.Throttled.class,
            t -> assertThat(t.waitFor()).isEqualTo(FlipkartConnector.DEFAULT_THROTTLE_WAIT));
    assertThat(flipkart.quantities()).isEmpty();
  }

  @Test
  void pacesToTheConservativeDefaultRateWithoutASetting() {
    FlipkartConnector connector =
        connector(
            server.baseUrl("flipkart"),
            FlipkartEmulator.DEFAULT_APP_SECRET,
            "{\"locationId\":\"" + LOCATION + "\"}");

    assertThat(connector.delayBeforeNextCall(clock.instant())).isZero();
    send(connector, push(1, 1));
    send(connector, push(1, 2));

    assertThat(connector.delayBeforeNextCall(clock.instant())).isEqualTo(Duration.ofMillis(500));
    clock.advance(Duration.ofMillis(500));
    assertThat(connector.delayBeforeNextCall(clock.instant())).isZero();
  }

  @Test
  void aWarningIsReadAsAppliedAndAnAbsentSkuAsRefused() throws Exception {
    HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext(
        FlipkartTokens.TOKEN_PATH,
        ex -> answer(ex, "{\"access_token\":\"t\",\"token_type\":\"bearer\",\"expires_in\":3600}"));
    stub.createContext(
        FlipkartConnector.INVENTORY_PATH,
        ex ->
            answer(
                ex,
                "{\""
                    + sku(1)
                    + "\":{\"status\":\"WARNING\",\"errors\":[{\"severity\":\"WARNING\",\"code\":7,"
                    + "\"description\":\"inventory above the usual\"}],\"attribute_errors\":[]}}"));
    stub.start();
    try {
      FlipkartConnector connector =
          connector(
              "http://127.0.0.1:" + stub.getAddress().getPort(),
              "s",
              "{\"locationId\":\"" + LOCATION + "\"}");

      CallOutcome outcome = send(connector, push(1, 40), push(2, 41));

      assertThat(((Answered) outcome).items().get(0)).isEqualTo(new Applied(40));
      assertThat(((Answered) outcome).items().get(1))
          .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.code()).isEqualTo("NO_STATUS"));
    } finally {
      stub.stop(0);
    }
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, String json)
      throws java.io.IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Test
  void refusesAChannelWithoutItsSettingsOrCredentials() {
    ChannelRow row =
        new ChannelRow(
            "acct",
            "fk",
            "flipkart",
            "http://x",
            "{}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);
    ConnectorContext context = new ConnectorContext(http, clock, Duration.ofSeconds(1), () -> 0.5);

    ChannelRow located =
        new ChannelRow(
            "acct",
            "fk",
            "flipkart",
            "http://x",
            "{\"locationId\":\"LOC1\"}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);

    assertThatThrownBy(() -> FlipkartConnector.create(located, Map.of("appId", "a"), context))
        .hasMessage("credentials.appSecret is required");
    assertThatThrownBy(
            () -> FlipkartConnector.create(row, Map.of("appId", "a", "appSecret", "s"), context))
        .hasMessage("settings.locationId is required");
  }
}
