package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.feed.OrderIntake;
import io.stocksync.server.feed.OrderPoller;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Amazon and a Flipkart channel polled end to end (SPEC §9): customers buy on the emulators'
 * storefronts, the poller reads Amazon's Orders API v0 and Flipkart's shipments v3 from the cursors
 * the store keeps, and the lines are in {@code GET /v1/orders} with the fixed event ids, booked
 * once however often a pass re-reads them.
 */
class MarketplaceOrderPollingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SELLER = "A1SELLER";

  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private EmulatorServer emulators;
  private OrderPoller poller;
  private final OrderPollingTest.MovableClock clock = new OrderPollingTest.MovableClock();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    emulators =
        EmulatorServer.builder()
            .clock(clock)
            .add(new AmazonEmulator(AmazonEmulator.Options.defaults(), clock))
            .add(new FlipkartEmulator(FlipkartEmulator.Options.defaults(), clock))
            .start();
    api = new TestApi(dir);
    shop = api.account("Two marketplaces");
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    check(api.events(shop.key(), List.of(event("p-1", "PUTAWAY", "MUG", 1000))));
    String amazon = emulators.baseUrl("amazon");
    check(
        api.put(
            "/v1/channels/amz",
            shop.key(),
            "{\"type\":\"amazon\",\"baseUrl\":\""
                + amazon
                + "\",\"settings\":{\"sellerId\":\""
                + SELLER
                + "\",\"marketplaceId\":\"ATVPDKIKX0DER\",\"tokenUrl\":\""
                + amazon
                + "/auth/o2/token\"},\"credentials\":{\"clientId\":\""
                + AmazonEmulator.DEFAULT_CLIENT_ID
                + "\",\"clientSecret\":\""
                + AmazonEmulator.DEFAULT_CLIENT_SECRET
                + "\",\"refreshToken\":\""
                + AmazonEmulator.DEFAULT_REFRESH_TOKEN
                + "\"}}"));
    check(
        api.put(
            "/v1/channels/fk",
            shop.key(),
            "{\"type\":\"flipkart\",\"baseUrl\":\""
                + emulators.baseUrl("flipkart")
                + "\",\"settings\":{\"locationId\":\"LOC1\"},\"credentials\":{\"appId\":\""
                + FlipkartEmulator.DEFAULT_APP_ID
                + "\",\"appSecret\":\""
                + FlipkartEmulator.DEFAULT_APP_SECRET
                + "\"}}"));
    check(
        api.put(
            "/v1/channels/amz/listings/MUG",
            shop.key(),
            "{\"externalId\":\"MUG\",\"productType\":\"PRODUCT\"}"));
    check(
        api.put(
            "/v1/channels/fk/listings/MUG",
            shop.key(),
            "{\"externalId\":\"MUG\",\"productId\":\"MUGABCDEFGHIJ\"}"));
    emulate("PUT", "/emulator/amazon/quantities", "{\"" + SELLER + "/MUG\":100}");
    emulate("PUT", "/emulator/flipkart/quantities", "{\"MUG@LOC1\":100}");
    ConnectorContext context =
        new ConnectorContext(http, clock, Duration.ofSeconds(10), Math::random);
    poller =
        new OrderPoller(
            api.engine, new OrderIntake(api.engine), Dispatchers.credentials(api.cipher), context);
  }

  @AfterEach
  void stop() {
    api.close();
    emulators.close();
  }

  private JsonNode emulate(String method, String path, String body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(emulators.baseUrl() + path))
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method + " " + path).isEqualTo(200);
      return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String buy(String marketplace, String listing, int quantity) {
    JsonNode answer =
        emulate(
            "POST",
            "/emulator/" + marketplace + "/orders",
            "{\"lines\":[{\"listing\":\"" + listing + "\",\"quantity\":" + quantity + "}]}");
    assertThat(answer.path("accepted").asBoolean()).isTrue();
    return answer.path("orderId").asText();
  }

  private JsonNode mug() {
    return check(api.get("/v1/skus/MUG", shop.key())).json();
  }

  private List<JsonNode> orders(String channel) {
    List<JsonNode> lines = new ArrayList<>();
    check(api.get("/v1/orders?channel=" + channel, shop.key()))
        .json()
        .path("orders")
        .forEach(lines::add);
    return lines;
  }

  @Test
  void ordersBoughtOnAmazonAndFlipkartAreBookedOnceAndListedWithTheirFixedIds() {
    String amazonOrder = buy("amazon", SELLER + "/MUG", 3);
    String flipkartOrder = buy("flipkart", "MUG@LOC1", 2);

    poller.poll(shop.id(), "amz").orElseThrow();
    poller.poll(shop.id(), "fk").orElseThrow();

    assertThat(mug().path("reserved").asLong()).isEqualTo(5);
    JsonNode amz = orders("amz").get(0);
    assertThat(amz.path("orderId").asText()).isEqualTo(amazonOrder);
    assertThat(amz.path("sku").asText()).isEqualTo("MUG");
    assertThat(amz.path("state").asText()).isEqualTo("placed");
    assertThat(amz.path("booked").toString()).isEqualTo("[\"placed\"]");
    JsonNode fk = orders("fk").get(0);
    assertThat(fk.path("orderId").asText()).isEqualTo(flipkartOrder);
    assertThat(fk.path("quantity").asLong()).isEqualTo(2);

    // The ledger event of the Amazon line has the fixed id: the same id posted again is a repeat.
    String placedId = "amz:" + amazonOrder + ":" + amz.path("lineId").asText() + ":placed";
    JsonNode answer =
        check(
                api.events(
                    shop.key(),
                    List.of(
                        Map.of(
                            "id",
                            placedId,
                            "type",
                            "ORDER_PLACED",
                            "sku",
                            "MUG",
                            "location",
                            "WH1",
                            "quantity",
                            3))))
            .json();
    assertThat(answer.toString()).contains("duplicate");
    assertThat(mug().path("reserved").asLong()).isEqualTo(5);

    // Later passes re-read their overlap windows: nothing is booked twice.
    clock.advance(Duration.ofSeconds(61)); // getOrders' usage plan: one call a minute
    poller.poll(shop.id(), "amz").orElseThrow();
    poller.poll(shop.id(), "fk").orElseThrow();
    assertThat(mug().path("reserved").asLong()).isEqualTo(5);
    assertThat(
            check(api.get("/v1/channels/amz/feed", shop.key()))
                .json()
                .path("watermark")
                .isTextual())
        .isTrue();
  }

  @Test
  void aShipmentAndACancellationReadByThePollMoveTheStock() {
    String shipped = buy("amazon", SELLER + "/MUG", 4);
    String cancelled = buy("flipkart", "MUG@LOC1", 6);
    poller.poll(shop.id(), "amz").orElseThrow();
    poller.poll(shop.id(), "fk").orElseThrow();
    assertThat(mug().path("reserved").asLong()).isEqualTo(10);

    emulate("POST", "/emulator/amazon/orders/" + shipped + "/ship", "");
    emulate("POST", "/emulator/flipkart/orders/" + cancelled + "/cancel", "");
    clock.advance(Duration.ofSeconds(61));
    poller.poll(shop.id(), "amz").orElseThrow();
    poller.poll(shop.id(), "fk").orElseThrow();

    assertThat(mug().path("reserved").asLong()).isZero();
    assertThat(mug().path("onHand").asLong()).isEqualTo(996);
    assertThat(orders("amz").get(0).path("state").asText()).isEqualTo("shipped");
    assertThat(orders("fk").get(0).path("state").asText()).isEqualTo("cancelled");
  }

  @Test
  void aLateIndexedOrderInsideTheOverlapIsBookedOnce() {
    buy("amazon", SELLER + "/MUG", 1);
    poller.poll(shop.id(), "amz").orElseThrow();

    clock.advance(Duration.ofMinutes(-2)); // Amazon lists an order updated before the cursor
    String late = buy("amazon", SELLER + "/MUG", 2);
    clock.advance(Duration.ofMinutes(3).plusSeconds(1));
    poller.poll(shop.id(), "amz").orElseThrow();
    clock.advance(Duration.ofSeconds(61));
    poller.poll(shop.id(), "amz").orElseThrow();

    assertThat(mug().path("reserved").asLong()).isEqualTo(3);
    assertThat(orders("amz")).extracting(o -> o.path("orderId").asText()).contains(late).hasSize(2);
  }
}
