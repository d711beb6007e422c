package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Amazon and Flipkart emulators on loopback, sharing with the feeds a clock that stands still
 * until the test moves it (usage plans, order times and tokens follow it), and their storefronts:
 * buy, cancel, ship, give back.
 */
final class Storefronts implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String SELLER = "A1SELLER";
  static final String MARKETPLACE = "ATVPDKIKX0DER";
  static final String LOCATION = "LOC1";

  /** A clock that stands still until moved (either way). Thread-safe. */
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
  final AmazonEmulator amazon = new AmazonEmulator(AmazonEmulator.Options.defaults(), clock);

  /**
   * A Flipkart whose assumed rate never binds on a still clock: the feed's own bucket is tested.
   */
  final FlipkartEmulator flipkart =
      new FlipkartEmulator(
          FlipkartEmulator.Options.defaults().withRequestsPerSecond(10_000), clock);

  final EmulatorServer server =
      EmulatorServer.builder().clock(clock).add(amazon).add(flipkart).start();
  private final HttpClient http = HttpClient.newHttpClient();

  /** An {@code accountId} of its own per fixture: feed sessions are kept per channel. */
  private final String account = "acct-" + UUID.randomUUID();

  ConnectorContext context() {
    return new ConnectorContext(http, clock, Duration.ofSeconds(10), () -> 0.5);
  }

  ChannelRow amazonChannel() {
    return new ChannelRow(
        account,
        "amz",
        "amazon",
        server.baseUrl("amazon"),
        "{\"sellerId\":\""
            + SELLER
            + "\",\"marketplaceId\":\""
            + MARKETPLACE
            + "\",\"tokenUrl\":\""
            + server.baseUrl("amazon")
            + "/auth/o2/token\"}",
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  static Map<String, String> amazonCredentials() {
    return Map.of(
        "clientId", AmazonEmulator.DEFAULT_CLIENT_ID,
        "clientSecret", AmazonEmulator.DEFAULT_CLIENT_SECRET,
        "refreshToken", AmazonEmulator.DEFAULT_REFRESH_TOKEN);
  }

  ChannelRow flipkartChannel() {
    return new ChannelRow(
        account,
        "fk",
        "flipkart",
        server.baseUrl("flipkart"),
        "{\"locationId\":\"" + LOCATION + "\"}",
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  static Map<String, String> flipkartCredentials() {
    return Map.of(
        "appId", FlipkartEmulator.DEFAULT_APP_ID, "appSecret", FlipkartEmulator.DEFAULT_APP_SECRET);
  }

  OrderFeed amazonFeed() {
    return OrderCapabilities.polling(amazonChannel(), amazonCredentials(), context()).orElseThrow();
  }

  OrderFeed flipkartFeed() {
    return OrderCapabilities.polling(flipkartChannel(), flipkartCredentials(), context())
        .orElseThrow();
  }

  /** Sets the held quantities of {@code marketplace} ({@code amazon}, {@code flipkart}). */
  void stock(String marketplace, String quantitiesJson) {
    send("PUT", "/emulator/" + marketplace + "/quantities", quantitiesJson);
  }

  /** A customer's order of these {@code listing, quantity} pairs; its id. */
  String buy(String marketplace, Object... listingAndQuantity) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < listingAndQuantity.length; i += 2) {
      lines.append(i == 0 ? "" : ",");
      lines.append("{\"listing\":\"").append(listingAndQuantity[i]).append("\",\"quantity\":");
      lines.append(listingAndQuantity[i + 1]).append('}');
    }
    JsonNode answer =
        send("POST", "/emulator/" + marketplace + "/orders", "{\"lines\":[" + lines + "]}");
    if (!answer.path("accepted").asBoolean()) {
      throw new IllegalStateException("the storefront refused the order: " + answer);
    }
    return answer.get("orderId").asText();
  }

  /** {@code cancel}, {@code ship} or {@code return} of an order. */
  void move(String marketplace, String orderId, String step) {
    send("POST", "/emulator/" + marketplace + "/orders/" + orderId + "/" + step, "");
  }

  List<RecordedRequest> requests(String marketplace, String pathPart) {
    var emulator = "amazon".equals(marketplace) ? amazon : flipkart;
    return emulator.requests().list().stream().filter(r -> r.path().contains(pathPart)).toList();
  }

  private JsonNode send(String method, String path, String body) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode());
      }
      return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
