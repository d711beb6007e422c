package io.stocksync.channels.amazon;

import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.ExecutorScheduler;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.amazon.AmazonEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * An Amazon emulator on loopback and connectors pointed at it. The emulator and the connector share
 * {@link #clock}: a clock that stands still until the test moves it (tokens, usage plans and feed
 * processing follow it). The connector's scheduler runs on real time, only for feed polling, which
 * these tests set to a few milliseconds.
 */
final class AmazonFixture implements AutoCloseable {

  static final String SELLER = "A1SELLER";
  static final String MARKETPLACE = "ATVPDKIKX0DER";

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

  /** The clock of the emulator and the connectors: {@link #clock}, or real time. */
  final Clock time;

  final AmazonEmulator amazon;
  final EmulatorServer server;

  /** Every exchange of the connectors made here. */
  final RecordingHttpClient http =
      new RecordingHttpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

  final ExecutorScheduler scheduler = new ExecutorScheduler(ForkJoinPool.commonPool());

  AmazonFixture() {
    this(Duration.ZERO, Duration.ZERO);
  }

  /** Feeds queued and processed for these times of {@link #clock}. */
  AmazonFixture(Duration feedQueue, Duration feedProcessing) {
    this(null, feedQueue, feedProcessing);
  }

  private AmazonFixture(Clock time, Duration feedQueue, Duration feedProcessing) {
    this.time = time == null ? clock : time;
    amazon =
        new AmazonEmulator(
            AmazonEmulator.Options.defaults().withFeedDelays(feedQueue, feedProcessing), this.time);
    server = EmulatorServer.builder().clock(this.time).add(amazon).start();
  }

  /** Everything on real time (end-to-end runs through the dispatcher). */
  static AmazonFixture onRealTime(Duration feedQueue, Duration feedProcessing) {
    return new AmazonFixture(Clock.systemUTC(), feedQueue, feedProcessing);
  }

  /** The settings JSON of a channel on this emulator, with {@code extra} fields added. */
  String settings(String extra) {
    return "{\"sellerId\":\""
        + SELLER
        + "\",\"marketplaceId\":\""
        + MARKETPLACE
        + "\",\"tokenUrl\":\""
        + server.baseUrl("amazon")
        + "/auth/o2/token\",\"feedPollSeconds\":"
        + (time == clock ? "0.005" : "0.25")
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  ChannelRow channel(String extraSettings) {
    return new ChannelRow(
        "acct",
        "amz",
        AmazonConnector.TYPE,
        server.baseUrl("amazon"),
        settings(extraSettings),
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  static Map<String, String> credentials() {
    return Map.of(
        "clientId", AmazonEmulator.DEFAULT_CLIENT_ID,
        "clientSecret", AmazonEmulator.DEFAULT_CLIENT_SECRET,
        "refreshToken", AmazonEmulator.DEFAULT_REFRESH_TOKEN);
  }

  AmazonConnector connector() {
    return connector("");
  }

  AmazonConnector connector(String extraSettings) {
    return AmazonConnector.create(channel(extraSettings), credentials(), context());
  }

  ConnectorContext context() {
    return new ConnectorContext(http, time, Duration.ofSeconds(10), () -> 0.5, scheduler);
  }

  static String sku(int n) {
    return "SKU-" + n;
  }

  static String key(int n) {
    return SELLER + "/" + sku(n);
  }

  /** A push of {@code target} for listing n (seller SKU {@code SKU-n}, product type LUGGAGE). */
  static PendingPush push(int n, long target) {
    return new PendingPush(
        "acct",
        "amz",
        "S" + n,
        sku(n),
        "{\"productType\":\"LUGGAGE\"}",
        target,
        1,
        Urgency.of(target, null),
        null,
        Instant.parse("2026-11-27T10:00:00Z"),
        ListingState.QUEUED);
  }

  static List<PendingPush> pushes(int from, int count, long target) {
    List<PendingPush> all = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      all.add(push(i, target));
    }
    return all;
  }

  /** The requests the emulator received whose path contains {@code part}. */
  List<RecordedRequest> requests(String method, String part) {
    return amazon.requests().list().stream()
        .filter(r -> r.method().equals(method) && r.path().contains(part))
        .toList();
  }

  @Override
  public void close() {
    server.close();
    scheduler.close();
  }
}
