package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.bench.loop.LoopApi;
import io.stocksync.server.bench.loop.LoopEvidence;
import io.stocksync.server.bench.loop.LoopEvidence.Sale;
import io.stocksync.server.bench.loop.LoopShop;
import io.stocksync.server.bench.loop.LoopTraffic;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §9 under {@code kill -9}: the server runs in a child JVM on a SQLite store while customers
 * buy on the five emulated storefronts (this JVM: they outlive the server), their orders arriving
 * as webhooks (Shopify, WooCommerce, the webhook shop) and polls (all five); the warehouse cancels
 * and ships on the marketplaces. The child is killed at random instants and started again on the
 * same store and port. At the end every order line the marketplaces sold is booked exactly once, in
 * the marketplace's state, none lost: order lines, cursors and events are committed together.
 */
class OrderFeedCrashIT {
  private static final int KILLS = 4;
  private static final long STOCK = 100_000;

  @TempDir Path dir;
  private EmulatorServer emulators;
  private Process child;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (child != null) {
      child.destroyForcibly();
    }
    if (emulators != null) {
      emulators.close();
    }
  }

  private String createAccount() {
    ConfigOptions store = new ConfigOptions();
    store.dataDir = dir.toString();
    store.db = dir.resolve("stocksync.db").toString();
    ServerConfig config = store.resolve(Map.of());
    LedgerRepository ledger = LedgerRepositories.open(config.db());
    try (ApiKeyRepository keys = ApiKeyRepository.open(config.db())) {
      return new Accounts(ledger, keys, Clock.systemUTC()).create("Crashing shop").key().key();
    } finally {
      ledger.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process startServer(int port, int run) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String base = "http://127.0.0.1:" + port;
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                StockSyncCommand.class.getName(),
                "serve",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--db",
                dir.resolve("stocksync.db").toString(),
                "--data-dir",
                dir.toString(),
                "--public-url",
                base)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server-" + run + ".log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
    return p;
  }

  private static String state(OrderState s) {
    return switch (s) {
      case PLACED -> "placed";
      case CANCELLED -> "cancelled";
      case SHIPPED -> "shipped";
      case RETURNED -> "returned";
    };
  }

  private static List<JsonNode> orderLines(LoopApi api) {
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

  @Test
  void afterKillsAtRandomInstantsEveryOrderLineIsBookedExactlyOnceAndNoneIsLost() throws Exception {
    emulators = LoopShop.emulators(Clock.systemUTC());
    String key = createAccount();
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    child = startServer(port, 0);
    LoopApi api = new LoopApi(base, key);
    LoopShop shop = LoopShop.of(3, 0, 1, 3);
    shop.create(api, emulators);
    LoopShop.hookOwnSite(api, emulators, base);
    for (String sku : shop.skus()) {
      api.require(
          "POST",
          "/v1/events",
          Map.of(
              "events",
              List.of(
                  Map.of(
                      "id",
                      "stock-" + sku,
                      "type",
                      "PUTAWAY",
                      "sku",
                      sku,
                      "location",
                      LoopShop.LOCATION,
                      "quantity",
                      STOCK))));
    }
    // The storefronts sell from what they show: plenty, set directly, so that no buy is refused
    // while the server is down. What this test checks is the booking of the orders, not figures.
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      Map<String, Long> seed = new TreeMap<>();
      shop.skus().forEach(s -> seed.put(shop.key(c, s), STOCK));
      emulators.emulator(c.marketplace()).seedQuantities(seed);
    }
    LoopTraffic traffic =
        new LoopTraffic(
            shop,
            emulators,
            api,
            (id, sku, units) -> {}, // no restocks: the store is down half the time
            new LoopTraffic.Pace(Duration.ofMillis(500), Duration.ofMillis(300), 1, 11),
            Clock.systemUTC(),
            "crash");
    traffic.start();
    Random random = new Random(23);
    for (int kill = 1; kill <= KILLS; kill++) {
      child.waitFor(500 + random.nextInt(2500), TimeUnit.MILLISECONDS);
      child.destroyForcibly(); // SIGKILL on Linux
      child.waitFor();
      child.waitFor(200 + random.nextInt(800), TimeUnit.MILLISECONDS); // orders go on meanwhile
      child = startServer(port, kill);
    }
    child.waitFor(2, TimeUnit.SECONDS);
    traffic.close();

    List<Sale> sales = LoopEvidence.sales(shop, emulators);
    assertThat(sales.stream().map(Sale::marketplace).distinct()).hasSize(5);
    assertThat(sales.size()).as("order lines sold").isGreaterThan(40);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, String> booked = new HashMap<>();
              for (JsonNode l : orderLines(api)) {
                booked.put(
                    l.path("channel").asText()
                        + ":"
                        + l.path("orderId").asText()
                        + ":"
                        + l.path("lineId").asText(),
                    l.path("state").asText());
              }
              Map<String, String> sold = new HashMap<>();
              for (Sale s : sales) {
                sold.put(s.channelId() + ":" + s.orderId() + ":" + s.lineId(), state(s.state()));
              }
              assertThat(booked).isEqualTo(sold);
            });

    // Exactly once: the ledger's order events are those of the lines' states, and the figures sum
    // them; nothing was booked twice under another id, nothing lost.
    List<String> expected = new ArrayList<>();
    Map<String, Long> reserved = new HashMap<>();
    Map<String, Long> shipped = new HashMap<>();
    for (Sale s : sales) {
      expected.add(s.eventId("placed"));
      if (s.state() == OrderState.PLACED) {
        reserved.merge(s.sku(), s.quantity(), Long::sum);
      } else if (s.state() == OrderState.CANCELLED) {
        expected.add(s.eventId("cancelled"));
      } else {
        expected.add(s.eventId("shipped"));
        shipped.merge(s.sku(), s.quantity(), Long::sum);
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, Integer> ids = new HashMap<>();
              LoopEvidence.ledger(shop, api).forEach(l -> ids.merge(l.id(), 1, Integer::sum));
              assertThat(ids.values()).allMatch(n -> n == 1);
              List<String> missing = expected.stream().filter(id -> !ids.containsKey(id)).toList();
              assertThat(ids.keySet().stream().filter(id -> !id.startsWith("stock-")).toList())
                  .as(
                      () ->
                          "ledger ids; the missing lines in /v1/orders: "
                              + orderLines(api).stream()
                                  .filter(
                                      l ->
                                          missing.stream()
                                              .anyMatch(
                                                  m ->
                                                      m.startsWith(
                                                          l.path("channel").asText()
                                                              + ":"
                                                              + l.path("orderId").asText()
                                                              + ":")))
                                  .toList())
                  .containsExactlyInAnyOrderElementsOf(expected);
            });
    for (String sku : shop.skus()) {
      JsonNode figures = api.require("GET", "/v1/skus/" + sku, null);
      assertThat(figures.path("reserved").asLong())
          .as(sku)
          .isEqualTo(reserved.getOrDefault(sku, 0L));
      assertThat(figures.path("onHand").asLong())
          .as(sku)
          .isEqualTo(STOCK - shipped.getOrDefault(sku, 0L));
    }
    System.out.println(
        "OrderFeedCrashIT: "
            + sales.size()
            + " order lines over "
            + KILLS
            + " kills, each booked once in its state");
  }
}
