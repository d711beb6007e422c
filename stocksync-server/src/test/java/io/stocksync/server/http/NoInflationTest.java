package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The known bug of SPEC §5, reproduced on each marketplace that has no compare-and-set (Shopify's
 * is in {@code ServeOrderFeedsTest}): a customer buys on the channel and its order is late (no
 * webhook; the next poll is minutes away), then a put-away elsewhere raises the target. Pushing it
 * would raise the marketplace back over the units it sold. The increase waits ({@code HELD}) until
 * the feed has read past it, and what goes then is the figure less the sale — sent through the real
 * dispatcher to the emulated marketplace.
 */
class NoInflationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SELLER = "A1SELLER";

  /**
   * A marketplace without a compare-and-set: its channel, and its listing's key on the emulator.
   */
  enum Marketplace {
    AMAZON("amz", "amazon", SELLER + "/MUG"),
    FLIPKART("fk", "flipkart", "MUG@LOC1"),
    WOOCOMMERCE("woo", "woocommerce", "500");

    final String channel;
    final String emulator;
    final String listing;

    Marketplace(String channel, String emulator, String listing) {
      this.channel = channel;
      this.emulator = emulator;
      this.listing = listing;
    }
  }

  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private EmulatorServer emulators;
  private Dispatchers.Running dispatch;
  private OrderPoller poller;
  private final OrderPollingTest.MovableClock marketplaceTime = new OrderPollingTest.MovableClock();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    emulators =
        EmulatorServer.builder()
            .clock(marketplaceTime)
            .add(new AmazonEmulator(AmazonEmulator.Options.defaults(), marketplaceTime))
            .add(new FlipkartEmulator(FlipkartEmulator.Options.defaults(), marketplaceTime))
            .add(new WooCommerceEmulator(WooCommerceEmulator.Options.defaults(), marketplaceTime))
            .start();
    api = new TestApi(dir);
    shop = api.account("One stock, no inflation");
    // The dispatcher reads the marketplace's clock too: Flipkart's request bucket is shared by its
    // pushes and its order polls, and one bucket must see one time.
    dispatch =
        Dispatchers.start(
            api.engine, List.of(), Dispatchers.credentials(api.cipher), marketplaceTime);
    poller =
        new OrderPoller(
            api.engine,
            new OrderIntake(api.engine),
            Dispatchers.credentials(api.cipher),
            new ConnectorContext(http, marketplaceTime, Duration.ofSeconds(10), Math::random));
  }

  @AfterEach
  void stop() {
    dispatch.close();
    api.close();
    emulators.close();
  }

  private void channel(Marketplace m) {
    String base = emulators.baseUrl(m.emulator);
    String body =
        switch (m) {
          case AMAZON ->
              "{\"type\":\"amazon\",\"baseUrl\":\""
                  + base
                  + "\",\"settings\":{\"sellerId\":\""
                  + SELLER
                  + "\",\"marketplaceId\":\"ATVPDKIKX0DER\",\"tokenUrl\":\""
                  + base
                  + "/auth/o2/token\"},\"credentials\":{\"clientId\":\""
                  + AmazonEmulator.DEFAULT_CLIENT_ID
                  + "\",\"clientSecret\":\""
                  + AmazonEmulator.DEFAULT_CLIENT_SECRET
                  + "\",\"refreshToken\":\""
                  + AmazonEmulator.DEFAULT_REFRESH_TOKEN
                  + "\"}}";
          case FLIPKART ->
              "{\"type\":\"flipkart\",\"baseUrl\":\""
                  + base
                  + "\",\"settings\":{\"locationId\":\"LOC1\"},\"credentials\":{\"appId\":\""
                  + FlipkartEmulator.DEFAULT_APP_ID
                  + "\",\"appSecret\":\""
                  + FlipkartEmulator.DEFAULT_APP_SECRET
                  + "\"}}";
          case WOOCOMMERCE ->
              "{\"type\":\"woocommerce\",\"baseUrl\":\""
                  + base
                  + "\",\"credentials\":{\"consumerKey\":\""
                  + WooCommerceEmulator.DEFAULT_CONSUMER_KEY
                  + "\",\"consumerSecret\":\""
                  + WooCommerceEmulator.DEFAULT_CONSUMER_SECRET
                  + "\"}}";
        };
    check(api.put("/v1/channels/" + m.channel, shop.key(), body));
    String listing =
        switch (m) {
          case AMAZON -> "{\"externalId\":\"MUG\",\"productType\":\"PRODUCT\"}";
          case FLIPKART -> "{\"externalId\":\"MUG\",\"productId\":\"MUGABCDEFGHIJ\"}";
          case WOOCOMMERCE -> "{\"externalId\":\"500\"}";
        };
    check(api.put("/v1/channels/" + m.channel + "/listings/MUG", shop.key(), listing));
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
      assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
      return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long held(Marketplace m) {
    return emulate("GET", "/emulator/" + m.emulator + "/quantities", "").path(m.listing).asLong(-1);
  }

  private JsonNode listing(Marketplace m) {
    for (JsonNode l : check(api.get("/v1/skus/MUG", shop.key())).json().path("listings")) {
      if (l.path("channel").asText().equals(m.channel)) {
        return l;
      }
    }
    throw new AssertionError("no listing on " + m.channel);
  }

  private JsonNode feed(Marketplace m) {
    return check(api.get("/v1/channels/" + m.channel + "/feed", shop.key())).json();
  }

  /** Every quantity StockSync sent to the channel for MUG, oldest first. */
  private List<Long> sent(Marketplace m) {
    List<Long> all = new ArrayList<>();
    for (JsonNode p :
        check(api.get("/v1/pushes?channel=" + m.channel + "&sku=MUG&limit=100", shop.key()))
            .json()
            .path("pushes")) {
      all.add(0, p.path("quantity").asLong());
    }
    return all;
  }

  @ParameterizedTest
  @EnumSource(Marketplace.class)
  void aSaleWhoseOrderIsLateIsNeverPushedBackByAPutAwayElsewhere(Marketplace m) {
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    channel(m);
    check(api.events(shop.key(), List.of(event("p-1", "PUTAWAY", "MUG", 100))));
    // No feed has run yet: nothing to wait for, the channel is told 100.
    await().atMost(Duration.ofSeconds(60)).until(() -> held(m) == 100);
    // The feed's first pass, ten minutes behind: its watermark is well before what follows.
    marketplaceTime.advance(Duration.ofMinutes(-10));
    poller.poll(shop.id(), m.channel).orElseThrow();
    marketplaceTime.advance(Duration.ofMinutes(10));

    // A customer buys 30 on the marketplace: it shows 70 at once; StockSync has not heard.
    JsonNode sale =
        emulate(
            "POST",
            "/emulator/" + m.emulator + "/orders",
            "{\"lines\":[{\"listing\":\"" + m.listing + "\",\"quantity\":30}]}");
    assertThat(sale.path("accepted").asBoolean()).as(sale.toString()).isTrue();
    assertThat(held(m)).isEqualTo(70);
    int sentBefore = sent(m).size();

    // A put-away of 5 elsewhere: pushing 105 would sell the 30 units again.
    check(api.events(shop.key(), List.of(event("p-2", "PUTAWAY", "MUG", 5))));
    assertThat(listing(m).path("target").asLong()).isEqualTo(105);
    assertThat(listing(m).path("state").asText()).isEqualTo("HELD");
    assertThat(held(m)).isEqualTo(70);

    // The feed reads past the decision (the marketplace's clock moves on past its overlap).
    marketplaceTime.advance(Duration.ofMinutes(13));
    poller.poll(shop.id(), m.channel).orElseThrow();

    assertThat(check(api.get("/v1/skus/MUG", shop.key())).json().path("reserved").asLong())
        .isEqualTo(30);
    await() // 105 less the 30 sold
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(held(m))
                    .as("%s; sent %s; feed %s", listing(m), sent(m), feed(m))
                    .isEqualTo(75));
    assertThat(listing(m).path("state").asText()).isEqualTo("IN_SYNC");
    List<Long> after = sent(m).subList(sentBefore, sent(m).size());
    assertThat(after).as("sent after the sale").containsExactly(75L);
  }
}
