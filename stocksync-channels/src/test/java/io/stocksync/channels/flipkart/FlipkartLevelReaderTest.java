package io.stocksync.channels.flipkart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.readback.LevelReader.Level;
import io.stocksync.channels.readback.LevelReader.Wanted;
import io.stocksync.channels.readback.ReadBackCapabilities;
import io.stocksync.channels.readback.ReadBackPaced;
import io.stocksync.channels.readback.Storefront;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Flipkart level reader (listings v3 read) against the Flipkart emulator over real HTTP. */
class FlipkartLevelReaderTest {

  private static final String LOCATION = "LOC9e98a1b2";

  final FlipkartConnectorTest.StillClock clock = new FlipkartConnectorTest.StillClock();
  final FlipkartEmulator flipkart =
      new FlipkartEmulator(FlipkartEmulator.Options.defaults(), clock);
  final EmulatorServer server = EmulatorServer.builder().clock(clock).add(flipkart).start();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    server.close();
  }

  ChannelRow channel() {
    return new ChannelRow(
        "acct",
        "fk-read",
        FlipkartConnector.TYPE,
        server.baseUrl("flipkart"),
        "{\"locationId\":\"" + LOCATION + "\"}",
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  ConnectorContext context() {
    return new ConnectorContext(http, clock, Duration.ofSeconds(5), () -> 0.5);
  }

  FlipkartLevelReader reader(String secret) {
    return FlipkartLevelReader.create(
        channel(),
        Map.of("appId", FlipkartEmulator.DEFAULT_APP_ID, "appSecret", secret),
        context());
  }

  FlipkartLevelReader reader() {
    return reader(FlipkartEmulator.DEFAULT_APP_SECRET);
  }

  static String sku(int n) {
    return "MUG-" + n;
  }

  static String key(int n) {
    return sku(n) + "@" + LOCATION;
  }

  static Wanted wanted(int n) {
    return new Wanted("S" + n, sku(n), "{\"productId\":\"MUGFDG3VA" + (100000 + n) + "\"}");
  }

  static List<Wanted> wanted(int from, int count) {
    List<Wanted> all = new ArrayList<>();
    for (int n = from; n < from + count; n++) {
      all.add(wanted(n));
    }
    return all;
  }

  List<RecordedRequest> reads() {
    return flipkart.requests().list().stream()
        .filter(r -> r.method().equals("GET") && r.path().contains("/sellers/listings/v3/"))
        .toList();
  }

  Instant now() {
    return clock.instant();
  }

  @Test
  void readsTenSkusInOneCallAtTheChannelsLocation() {
    Map<String, Long> seeds = new HashMap<>();
    for (int n = 1; n <= 10; n++) {
      seeds.put(key(n), (long) n * 2);
    }
    seeds.put(sku(3) + "@LOC-OTHER", 99L);
    flipkart.seedQuantities(seeds);
    FlipkartLevelReader reader = reader();

    List<Level> levels = reader.read(wanted(1, 10), now());

    assertThat(reader.batchSize()).isEqualTo(10);
    assertThat(levels)
        .extracting(Level::held)
        .containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L);
    assertThat(reads()).hasSize(1);
    assertThat(reads().get(0).path())
        .endsWith("/MUG-1,MUG-2,MUG-3,MUG-4,MUG-5,MUG-6,MUG-7,MUG-8,MUG-9,MUG-10");
    assertThatThrownBy(() -> reader.read(wanted(1, 11), now()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEmulatorRefusesMoreThanTenSkusARead() throws Exception {
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(
                (FlipkartEmulator.DEFAULT_APP_ID + ":" + FlipkartEmulator.DEFAULT_APP_SECRET)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String grant =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.baseUrl("flipkart")
                                + FlipkartEmulator.TOKEN_PATH
                                + "?grant_type=client_credentials&scope=Seller_Api"))
                    .header("Authorization", "Basic " + basic)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String token =
        "Bearer "
            + new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(grant)
                .path("access_token")
                .asText();
    StringBuilder skus = new StringBuilder();
    for (int n = 1; n <= 11; n++) {
      skus.append(n == 1 ? "" : ",").append(sku(n));
    }
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUrl("flipkart") + "/sellers/listings/v3/" + skus))
                .header("Authorization", token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("Max batch size allowed is 10");
  }

  @Test
  void readsAFigureChangedByASaleOnFlipkartBehindStockSyncsBack() {
    FlipkartConnector connector =
        FlipkartConnector.create(
            channel(),
            Map.of(
                "appId",
                FlipkartEmulator.DEFAULT_APP_ID,
                "appSecret",
                FlipkartEmulator.DEFAULT_APP_SECRET),
            context());
    CallOutcome pushed = connector.send(connector.prepare(List.of(push(1, 15)), 0)).join();
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);
    FlipkartLevelReader reader = reader();
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(15L);

    Storefront.buy(server, "flipkart", key(1), 5);
    clock.advance(Duration.ofSeconds(5));
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(10L);

    Storefront.setHeld(server, "flipkart", Map.of(key(1), 2L));
    clock.advance(Duration.ofSeconds(5));
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(2L);
  }

  @Test
  void anUnlistedSkuOrOneAtAnotherLocationIsUnknownWithTheReason() {
    flipkart.faults().createUnknown(false);
    flipkart.seedQuantities(Map.of(key(1), 4L, sku(2) + "@LOC-OTHER", 6L));

    List<Level> levels = reader().read(wanted(1, 3), now());

    assertThat(levels.get(0).held()).isEqualTo(4L);
    assertThat(levels.get(1).held()).isNull();
    assertThat(levels.get(1).error()).contains("at no location " + LOCATION);
    assertThat(levels.get(2).held()).isNull();
    assertThat(levels.get(2).error()).contains("no listing of SKU " + sku(3));
  }

  @Test
  void theReadShareIsATenthOfThePushRateAndLeavesThePushesTheirs() {
    FlipkartLevelReader reader = reader();
    FlipkartConnector connector =
        FlipkartConnector.create(
            channel(),
            Map.of(
                "appId",
                FlipkartEmulator.DEFAULT_APP_ID,
                "appSecret",
                FlipkartEmulator.DEFAULT_APP_SECRET),
            context());
    assertThat(reader.share().rate()).isEqualTo(0.2);
    reader.read(wanted(1, 10), now());

    assertThatThrownBy(() -> reader.read(wanted(1, 10), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> assertThat(paced.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
    assertThat(reads()).hasSize(1);
    assertThat(connector.delayBeforeNextCall(now())).isZero();
    CallOutcome pushed = connector.send(connector.prepare(List.of(push(4, 8)), 0)).join();
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);

    clock.advance(Duration.ofSeconds(5));
    assertThat(reader.read(List.of(wanted(4)), now()).get(0).held()).isEqualTo(8L);
  }

  @Test
  void aRateLimitAnswerPacesTheRead() {
    flipkart.faults().throttling(Throttling.ALWAYS);

    assertThatThrownBy(() -> reader().read(List.of(wanted(1)), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> {
              assertThat(paced.getMessage()).contains("429");
              assertThat(paced.retryAfter()).isPositive();
            });
  }

  @Test
  void aRefusedAppSecretIsAnIllegalStateWithTheReason() {
    assertThatThrownBy(() -> reader("wrong").read(List.of(wanted(1)), now()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("credentials were refused");
  }

  @Test
  void theChannelsReaderIsTheFlipkartOne() {
    assertThat(
            ReadBackCapabilities.reader(
                channel(),
                Map.of(
                    "appId",
                    FlipkartEmulator.DEFAULT_APP_ID,
                    "appSecret",
                    FlipkartEmulator.DEFAULT_APP_SECRET),
                context()))
        .containsInstanceOf(FlipkartLevelReader.class);
  }

  static PendingPush push(int n, long target) {
    return new PendingPush(
        "acct",
        "fk-read",
        "S" + n,
        sku(n),
        "{\"productId\":\"MUGFDG3VA" + (100000 + n) + "\"}",
        target,
        1,
        Urgency.of(target, null),
        null,
        Instant.parse("2026-11-27T10:00:00Z"),
        ListingState.QUEUED);
  }
}
