package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.feed.OrderFeedSchedule;
import io.stocksync.server.feed.OrderIntake;
import io.stocksync.server.feed.OrderPoller;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order feed's alerts (SPEC §10) in the alert lifecycle, over real HTTP: {@code
 * ORDER_FEED_STALLED} opens when a channel's feed has not caught up for twice its poll interval and
 * resolves with its next complete pass (the schedule driven round by round on a moved clock);
 * {@code UNMATCHED_ORDER} opens for an order line no listing claims and resolves once a listing
 * with its id books it.
 */
class OrderFeedAlertsTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private EmulatorServer emulators;
  private OrderFeedSchedule schedule;
  private final OrderPollingTest.MovableClock clock = new OrderPollingTest.MovableClock();
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    shop = api.account("Alerted shop");
    emulators = EmulatorServer.builder().port(0).start();
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    check(api.events(shop.key(), List.of(event("p-1", "PUTAWAY", "MUG", 10))));
  }

  @AfterEach
  void stop() {
    if (schedule != null) {
      schedule.close();
    }
    api.close();
    emulators.close();
  }

  private String wooChannel(String baseUrl) {
    return "{\"type\":\"woocommerce\",\"baseUrl\":\""
        + baseUrl
        + "\",\"settings\":{\"ordersPollSeconds\":60},\"credentials\":{\"consumerKey\":\""
        + WooCommerceEmulator.DEFAULT_CONSUMER_KEY
        + "\",\"consumerSecret\":\""
        + WooCommerceEmulator.DEFAULT_CONSUMER_SECRET
        + "\"}}";
  }

  private List<String> open(String kind) {
    JsonNode alerts =
        check(api.get("/v1/alerts?state=open&kind=" + kind, shop.key())).json().path("alerts");
    return alerts.findValuesAsText("channel");
  }

  private List<String> resolved(String kind) {
    JsonNode alerts =
        check(api.get("/v1/alerts?state=resolved&kind=" + kind, shop.key())).json().path("alerts");
    return alerts.findValuesAsText("channel");
  }

  @Test
  void aFeedThatCannotCatchUpForTwiceItsIntervalStallsAndItsNextCompletePassResolvesIt() {
    // Nothing listens on port 1: every poll of this channel fails.
    check(api.put("/v1/channels/woo", shop.key(), wooChannel("http://127.0.0.1:1/woo")));
    ConnectorContext context =
        new ConnectorContext(HttpClient.newHttpClient(), clock, Duration.ofSeconds(5), () -> 0.5);
    OrderPoller poller =
        new OrderPoller(
            api.engine, new OrderIntake(api.engine), Dispatchers.credentials(api.cipher), context);
    schedule =
        new OrderFeedSchedule(
            api.engine,
            poller,
            Dispatchers.credentials(api.cipher),
            context,
            OrderFeedSchedule.Settings.DEFAULT);

    schedule.tick(); // the first round polls at once, and fails
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                check(api.get("/v1/channels/woo/feed", shop.key()))
                    .json()
                    .path("lastError")
                    .isTextual());
    assertThat(open("ORDER_FEED_STALLED")).isEmpty(); // failed, but not behind for long yet

    clock.advance(Duration.ofSeconds(121)); // more than twice the 60 s interval
    schedule.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> open("ORDER_FEED_STALLED").size() == 1);
    assertThat(open("ORDER_FEED_STALLED")).containsExactly("woo");

    // The seller points the channel at the marketplace: the change is polled at once, catches up.
    check(
        api.patch(
            "/v1/channels/woo",
            shop.key(),
            "{\"baseUrl\":\"" + emulators.baseUrl(WooCommerceEmulator.NAME) + "\"}"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              schedule.tick();
              return open("ORDER_FEED_STALLED").isEmpty();
            });
    assertThat(resolved("ORDER_FEED_STALLED")).containsExactly("woo");
    assertThat(schedule.polled()).hasSize(1);
  }

  private static String signed(String secret, String ts, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
    return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void anOrderLineNoListingClaimsOpensUnmatchedOrderUntilAListingWithItsIdBooksIt()
      throws Exception {
    check(
        api.put(
            "/v1/channels/own",
            shop.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/hook\","
                + "\"credentials\":{\"secret\":\"own-secret\"}}"));
    byte[] body =
        ("{\"orderId\":\"A-1\",\"state\":\"placed\","
                + "\"lines\":[{\"lineId\":\"1\",\"externalId\":\"MUG-RED\",\"quantity\":2}]}")
            .getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/hooks/own"))
                .header("Content-Type", "application/json")
                .header("X-StockSync-Timestamp", ts)
                .header("X-StockSync-Signature", signed("own-secret", ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.body()).contains("\"unmatched\":1");
    assertThat(open("UNMATCHED_ORDER")).containsExactly("own");

    check(api.put("/v1/channels/own/listings/MUG", shop.key(), "{\"externalId\":\"MUG-RED\"}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> open("UNMATCHED_ORDER").isEmpty());
    assertThat(resolved("UNMATCHED_ORDER")).containsExactly("own");
    assertThat(check(api.get("/v1/skus/MUG", shop.key())).json().path("reserved").asLong())
        .isEqualTo(2);
  }
}
