package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.bench.loop.LoopApi;
import io.stocksync.server.bench.loop.LoopChecks;
import io.stocksync.server.bench.loop.LoopEvidence;
import io.stocksync.server.bench.loop.LoopEvidence.Sale;
import io.stocksync.server.bench.loop.LoopShop;
import io.stocksync.server.bench.loop.LoopTraffic;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.server.engine.ElapsedClock;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop, measured (SPEC §5, §8, §9): the server on a temporary SQLite store, the five
 * emulated marketplaces as its channels with their order feeds (webhooks where the marketplace has
 * them, polls everywhere), a few SKUs with little stock, customers buying on all five storefronts
 * at once while Shopify's webhooks come late and twice, WooCommerce's and the webhook shop's are
 * dropped or doubled, and the warehouse restocks (events API) and cancels and ships on the
 * marketplaces. After a quiet period with the feeds caught up: every order line the marketplaces
 * accepted is booked exactly once and in the marketplace's state, reservations and on-hand agree
 * with the marketplaces' orders, every channel holds its target, and no write ever raised a channel
 * over the units it had sold (checked from the emulators' logs of their held figures).
 */
class OrderLoopIT {
  /**
   * How much faster than real time the server and the emulators run: the order feeds' overlap
   * windows (up to 3 minutes, for Amazon), which every increase on a channel without a
   * compare-and-set waits for, pass in seconds.
   */
  private static final int SPEED = 8;

  /** Traffic time (real): long enough for every feed to poll many times, short for the build. */
  private static final Duration TRAFFIC = Duration.ofSeconds(20);

  private final Clock clock = new ElapsedClock(Clock.systemUTC(), () -> System.nanoTime() * SPEED);

  /** The push's time in flight allowed between a decision and the write it sends (clock time). */
  private static final Duration DECISION_SLACK = Duration.ofSeconds(2L * SPEED);

  @TempDir Path dir;
  private EmulatorServer emulators;
  private ServeCommand.Running running;
  private LoopApi api;
  private final LoopShop shop = LoopShop.of(4, 12, 5, 8);

  @BeforeEach
  void start() {
    emulators = LoopShop.emulators(clock);
    String key = createAccount();
    ServeCommand serve = new ServeCommand();
    serve.store = new ConfigOptions();
    serve.store.dataDir = dir.toString();
    serve.store.db = dir.resolve("stocksync.db").toString();
    serve.port = "0";
    serve.bind = "127.0.0.1";
    serve.loopbackPublicUrl = true;
    serve.clock = clock;
    running = serve.start();
    api = new LoopApi("http://127.0.0.1:" + running.port(), key);
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.stop();
    }
    emulators.close();
  }

  private String createAccount() {
    ConfigOptions store = new ConfigOptions();
    store.dataDir = dir.toString();
    store.db = dir.resolve("stocksync.db").toString();
    ServerConfig config = store.resolve(Map.of());
    LedgerRepository ledger = LedgerRepositories.open(config.db());
    try (ApiKeyRepository keys = ApiKeyRepository.open(config.db())) {
      return new Accounts(ledger, keys, Clock.systemUTC()).create("Loop shop").key().key();
    } finally {
      ledger.close();
    }
  }

  private long held(LoopShop.Channel c, String sku) {
    return emulators
        .emulator(c.marketplace())
        .quantities()
        .getOrDefault(shop.key(c, sku), Long.MIN_VALUE);
  }

  private List<JsonNode> orderLines() {
    List<JsonNode> lines = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          api.require(
              "GET",
              "/v1/orders?limit=1000"
                  + (cursor == null
                      ? ""
                      : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
              null);
      page.path("orders").forEach(lines::add);
      cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
    } while (cursor != null);
    return lines;
  }

  /** The channel's feed and its latest pushes, for a failure's message. */
  private String diagnosis(LoopShop.Channel c) {
    return "feed "
        + api.require("GET", "/v1/channels/" + c.id() + "/feed", null)
        + " pushes "
        + api.require("GET", "/v1/pushes?limit=5&channel=" + c.id(), null);
  }

  private static String state(OrderState s) {
    return switch (s) {
      case PLACED -> "placed";
      case CANCELLED -> "cancelled";
      case SHIPPED -> "shipped";
      case RETURNED -> "returned";
    };
  }

  /** Whether every line the marketplaces sold is in /v1/orders, in the marketplace's state. */
  private boolean caughtUp() {
    Map<String, String> seen = new HashMap<>();
    for (JsonNode l : orderLines()) {
      seen.put(
          l.path("channel").asText()
              + ":"
              + l.path("orderId").asText()
              + ":"
              + l.path("lineId").asText(),
          l.path("state").asText());
    }
    for (Sale s : LoopEvidence.sales(shop, emulators)) {
      String k = s.channelId() + ":" + s.orderId() + ":" + s.lineId();
      if (!state(s.state()).equals(seen.get(k))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyOrderIsBookedOnceEveryChannelHoldsItsTargetAndNoneWasEverInflated() {
    shop.create(api, emulators);
    LoopShop.hookOwnSite(api, emulators, "http://127.0.0.1:" + running.port());
    // Each listing's first figure (0) is acknowledged before the stock arrives, so that the
    // put-aways raise an acknowledged figure (and an increase waits for its channel's feed).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                LoopShop.CHANNELS.stream()
                    .allMatch(c -> shop.skus().stream().allMatch(s -> held(c, s) == 0)));
    LoopTraffic traffic =
        new LoopTraffic(
            shop,
            emulators,
            api,
            (id, sku, units) ->
                api.require(
                    "POST",
                    "/v1/events",
                    Map.of(
                        "events",
                        List.of(
                            Map.of(
                                "id",
                                id,
                                "type",
                                "PUTAWAY",
                                "sku",
                                sku,
                                "location",
                                LoopShop.LOCATION,
                                "quantity",
                                units)))),
            new LoopTraffic.Pace(Duration.ofMillis(300), Duration.ofMillis(400), 4, 7),
            clock,
            "loop");
    traffic.stockUp();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (LoopShop.Channel c : LoopShop.CHANNELS) {
                for (String sku : shop.skus()) {
                  assertThat(held(c, sku))
                      .as(() -> c.id() + " holds " + sku + "; " + diagnosis(c))
                      .isEqualTo(shop.stock());
                }
              }
            });
    LoopShop.faults(api, emulators, 4);

    traffic.start();
    Instant end = Instant.now().plus(TRAFFIC);
    await().atMost(TRAFFIC.plusSeconds(10)).until(() -> !Instant.now().isBefore(end));
    traffic.close();

    // The quiet period: the feeds catch up on what the dropped webhooks missed.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(this::caughtUp);
    List<Sale> sales = LoopEvidence.sales(shop, emulators);
    assertThat(traffic.accepted()).as("buys the storefronts accepted").isGreaterThan(20);
    assertThat(sales.stream().map(Sale::marketplace).distinct())
        .as("every marketplace sold")
        .hasSize(5);

    // Reservations and shipments match the marketplaces' own order states; each channel holds
    // max(0, onHand − reserved) once the pushes settle.
    Map<String, Long> reserved = new HashMap<>();
    Map<String, Long> onHand = new HashMap<>();
    for (String sku : shop.skus()) {
      onHand.put(sku, 0L);
      reserved.put(sku, 0L);
    }
    traffic.putAways().forEach(p -> onHand.merge(p.sku(), p.quantity(), Long::sum));
    for (Sale s : sales) {
      if (s.state() == OrderState.PLACED) {
        reserved.merge(s.sku(), s.quantity(), Long::sum);
      } else if (s.state() == OrderState.SHIPPED || s.state() == OrderState.RETURNED) {
        onHand.merge(s.sku(), -s.quantity(), Long::sum);
      }
    }
    for (String sku : shop.skus()) {
      JsonNode figures = api.require("GET", "/v1/skus/" + sku, null);
      assertThat(figures.path("reserved").asLong())
          .as(sku + " reserved")
          .isEqualTo(reserved.get(sku));
      assertThat(figures.path("onHand").asLong()).as(sku + " on hand").isEqualTo(onHand.get(sku));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (LoopShop.Channel c : LoopShop.CHANNELS) {
                for (String sku : shop.skus()) {
                  long target = Math.max(0, onHand.get(sku) - reserved.get(sku));
                  assertThat(held(c, sku)).as(c.id() + " holds " + sku).isEqualTo(target);
                }
              }
            });

    // Every order line in the ledger exactly once, in every state the marketplace took it to.
    LoopEvidence evidence =
        new LoopEvidence(
            shop,
            LoopEvidence.sales(shop, emulators),
            LoopEvidence.held(emulators),
            traffic.putAways(),
            LoopEvidence.ledger(shop, api));
    Map<String, Integer> ids = new HashMap<>();
    evidence.ledger().forEach(l -> ids.merge(l.id(), 1, Integer::sum));
    assertThat(ids.values()).as("no ledger id twice").allMatch(n -> n == 1);
    long orderEvents = ids.keySet().stream().filter(id -> !id.startsWith("loop-")).count();
    long expected = 0;
    for (Sale s : evidence.sales()) {
      assertThat(ids).as(s.eventId("placed")).containsKey(s.eventId("placed"));
      expected++;
      if (s.state() == OrderState.CANCELLED) {
        assertThat(ids).containsKey(s.eventId("cancelled"));
        expected++;
      }
      if (s.state() == OrderState.SHIPPED || s.state() == OrderState.RETURNED) {
        assertThat(ids).containsKey(s.eventId("shipped"));
        expected++;
      }
    }
    assertThat(orderEvents).as("no order event beyond the marketplaces' lines").isEqualTo(expected);
    assertThat(orderLines()).as("/v1/orders lists each line once").hasSize(evidence.sales().size());

    LoopChecks checks = new LoopChecks(evidence, DECISION_SLACK);
    System.out.println(
        "OrderLoopIT: "
            + evidence.sales().size()
            + " order lines sold ("
            + traffic.refused()
            + " buys refused), "
            + traffic.putAways().size()
            + " put-aways; oversold "
            + checks.oversold()
            + "; latencies "
            + summary(checks));
    assertThat(checks.inflations()).as("writes that raised a channel over its own sales").isEmpty();
  }

  private static String summary(LoopChecks checks) {
    StringBuilder out = new StringBuilder();
    checks
        .latencies()
        .forEach(
            (m, l) ->
                out.append(m)
                    .append(" ledger p50/p99 ")
                    .append(LoopChecks.quantile(l.toLedger(), 0.5))
                    .append("/")
                    .append(LoopChecks.quantile(l.toLedger(), 0.99))
                    .append(" others p50/p99 ")
                    .append(LoopChecks.quantile(l.toOthers(), 0.5))
                    .append("/")
                    .append(LoopChecks.quantile(l.toOthers(), 0.99))
                    .append("; "));
    return out.toString();
  }
}
