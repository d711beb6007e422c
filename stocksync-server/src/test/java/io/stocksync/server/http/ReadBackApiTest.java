package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.readback.LevelReader;
import io.stocksync.channels.readback.ReadBackPaced;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.inventory.PushPlanner;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.feed.OrderFeedSchedule;
import io.stocksync.server.feed.OrderIntake;
import io.stocksync.server.feed.OrderPoller;
import io.stocksync.server.readback.ReadBackSchedule;
import io.stocksync.server.schedule.ChannelSchedule;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-back through the running engine (SPEC §12), over real HTTP on a SQLite file: a scripted
 * {@link LevelReader} stands for the marketplace's figures, and a loopback shop offers the
 * channel's orders (a {@code webhook} channel's {@code ordersUrl}), polled by the real order feed.
 * Acknowledgements are given as the dispatcher gives them, through the engine.
 */
class ReadBackApiTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private HttpServer orders;
  private final List<String> shopOrders = new CopyOnWriteArrayList<>();
  private OrderFeedSchedule feeds;

  /** What the marketplace holds per externalId, as the scripted reader reports it. */
  private final Map<String, Long> held = new ConcurrentHashMap<>();

  private final AtomicInteger reads = new AtomicInteger();
  private volatile Duration paceAfterFirstBatch;

  private final LevelReader scripted =
      new LevelReader() {
        @Override
        public int batchSize() {
          return 1;
        }

        @Override
        public List<Level> read(List<Wanted> listings, Instant now) {
          if (paceAfterFirstBatch != null && reads.get() >= 1) {
            throw new ReadBackPaced("the read share is spent", paceAfterFirstBatch);
          }
          reads.incrementAndGet();
          List<Level> out = new ArrayList<>();
          for (Wanted w : listings) {
            Long h = held.get(w.externalId());
            out.add(h == null ? Level.unknown(w, now, "no such item") : Level.read(w, h, now));
          }
          return out;
        }
      };

  @BeforeEach
  void start() throws Exception {
    orders = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    orders.createContext(
        "/orders",
        exchange -> {
          byte[] body =
              ("{\"orders\":[" + String.join(",", shopOrders) + "]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    orders.start();
    api = newApi(dir);
    api.readers = (row, credentials) -> Optional.of(scripted);
    shop = api.account("Read-back shop");
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    check(api.events(shop.key(), List.of(event("p-1", "PUTAWAY", "MUG", 100))));
  }

  /** The server under test: SQLite here, PostgreSQL in {@link PostgresReadBackApiTest}. */
  TestApi newApi(Path dir) {
    return new TestApi(dir);
  }

  @AfterEach
  void stop() {
    if (feeds != null) {
      feeds.close();
    }
    api.close();
    orders.stop(0);
  }

  /** Channel {@code shop}: a webhook shop offering its orders for polling, with these settings. */
  private void channel(String extraSettings) {
    check(
        api.put(
            "/v1/channels/shop",
            shop.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/push\","
                + "\"settings\":{\"ordersUrl\":\"http://127.0.0.1:"
                + orders.getAddress().getPort()
                + "/orders\""
                + extraSettings
                + "},\"credentials\":{\"secret\":\"shop-secret\"}}"));
    check(api.put("/v1/channels/shop/listings/MUG", shop.key(), "{\"externalId\":\"mug-1\"}"));
    ConnectorContext context =
        new ConnectorContext(
            HttpClient.newHttpClient(),
            java.time.Clock.systemUTC(),
            Duration.ofSeconds(10),
            () -> 0.5);
    feeds =
        new OrderFeedSchedule(
            api.engine,
            new OrderPoller(
                api.engine,
                new OrderIntake(api.engine),
                Dispatchers.credentials(api.cipher),
                context),
            Dispatchers.credentials(api.cipher),
            context,
            OrderFeedSchedule.Settings.DEFAULT);
    api.feedPoll = feeds::pollNow;
    // The feed's first pass, once the schedule knows the channel: its watermark.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              feeds.tick();
              return !feeds.polled().isEmpty();
            });
    feeds.pollNow(shop.id(), "shop").join();
    assertThat(
            check(api.get("/v1/channels/shop/feed", shop.key())).json().path("watermark").isNull())
        .isFalse();
  }

  /**
   * The marketplace confirms every push queued, as the dispatcher records it (held ones too: the
   * channel's first figures went out before its feed had a watermark).
   */
  private void acknowledgeQueued() {
    api.engine
        .execute(
            shop.id(),
            (a, c, now) -> {
              for (var e :
                  io.stocksync.core.inventory.ConfigurationQuery.listings(a, "shop", null, 100)
                      .items()) {
                var x = io.stocksync.core.inventory.Explain.of(a, e.sku(), "shop");
                if (x.queued() != null) {
                  a.acknowledge("shop", e.sku(), x.version(), x.queued(), now, c);
                }
              }
              return null;
            })
        .join();
  }

  private JsonNode readBack() {
    return check(
            api.send(
                "POST",
                "/v1/channels/shop/read-back",
                shop.key(),
                "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)))
        .json();
  }

  private JsonNode listing() {
    return check(api.get("/v1/skus/MUG", shop.key())).json().path("listings").get(0);
  }

  private JsonNode heldOf(String sku) {
    return check(api.get("/v1/skus/" + sku, shop.key()))
        .json()
        .path("listings")
        .get(0)
        .path("held");
  }

  private JsonNode alerts(String state) {
    return check(api.get("/v1/alerts?kind=DRIFT&state=" + state, shop.key())).json().path("alerts");
  }

  @Test
  void aDriftedListingIsFoundOpensDriftWithBothFiguresAndIsRepairedByAPush() {
    channel("");
    acknowledgeQueued(); // the marketplace took 100
    held.put("mug-1", 130L); // the seller typed 130 into the marketplace

    JsonNode result = readBack();

    assertThat(result.path("drift").asInt()).isEqualTo(1);
    assertThat(result.path("repaired").asInt()).isEqualTo(1);
    assertThat(result.path("listings").get(0).path("expected").asLong()).isEqualTo(100);
    JsonNode alert = alerts("open").get(0);
    assertThat(alert.path("channel").asText()).isEqualTo("shop");
    assertThat(alert.path("sku").asText()).isEqualTo("MUG");
    assertThat(alert.path("details").asText()).contains("holds 130").contains("expected 100");
    JsonNode l = listing();
    assertThat(l.path("held").asLong()).isEqualTo(130);
    assertThat(l.path("heldAt").isTextual()).isTrue();
    assertThat(l.path("queued").asLong()).isEqualTo(100); // a decrease from 130: goes at once
    assertThat(l.path("state").asText()).isEqualTo("QUEUED");

    // The repair lands: DRIFT resolves; the next read finds the listing in sync.
    acknowledgeQueued();
    assertThat(alerts("open")).isEmpty();
    assertThat(alerts("resolved")).hasSize(1);
    held.put("mug-1", 100L);
    assertThat(readBack().path("inSync").asInt()).isEqualTo(1);
    JsonNode explain = check(api.get("/v1/skus/MUG/channels/shop", shop.key())).json();
    assertThat(explain.path("held").path("value").asLong()).isEqualTo(100);
    assertThat(explain.path("held").path("sentence").asText()).contains("held 100", "as expected");
    assertThat(explain.path("sentence").asText()).contains("held 100");
  }

  @Test
  void underDriftRepairAlertDriftOpensAndNothingIsPushed() {
    channel(",\"driftRepair\":\"alert\"");
    acknowledgeQueued();
    held.put("mug-1", 130L);

    JsonNode result = readBack();

    assertThat(result.path("driftRepair").asText()).isEqualTo("alert");
    assertThat(result.path("drift").asInt()).isEqualTo(1);
    assertThat(result.path("repaired").asInt()).isZero();
    assertThat(alerts("open")).hasSize(1);
    JsonNode l = listing();
    assertThat(l.path("acknowledged").asLong()).isEqualTo(100);
    assertThat(l.path("queued").isNull()).isTrue();
    assertThat(l.path("state").asText()).isEqualTo("IN_SYNC");
  }

  @Test
  void aHeldFigureExplainedByALateOrderIsNotDriftAfterTheFeedPoll() {
    channel("");
    acknowledgeQueued();
    // A customer bought 2 on the shop: it shows 98; its order is not booked yet.
    shopOrders.add(
        "{\"orderId\":\"A-1\",\"state\":\"placed\",\"updatedAt\":\""
            + Instant.now()
            + "\",\"lines\":[{\"lineId\":\"1\",\"externalId\":\"mug-1\",\"quantity\":2}]}");
    held.put("mug-1", 98L);

    JsonNode result = readBack();

    assertThat(result.path("inSync").asInt()).isEqualTo(1);
    assertThat(result.path("drift").asInt()).isZero();
    assertThat(alerts("all")).isEmpty();
    JsonNode sku = check(api.get("/v1/skus/MUG", shop.key())).json();
    assertThat(sku.path("reserved").asLong()).isEqualTo(2); // the poll booked it
    assertThat(sku.path("listings").get(0).path("queued").asLong()).isEqualTo(98);
  }

  @Test
  void aRepairThatWouldBeAnIncreaseObeysNoInflation() {
    channel("");
    acknowledgeQueued();
    held.put("mug-1", 60L); // lower than any sale the feed knows explains

    JsonNode result = readBack();

    assertThat(result.path("repaired").asInt()).isEqualTo(1);
    JsonNode l = listing();
    assertThat(l.path("acknowledged").asLong()).isEqualTo(60);
    assertThat(l.path("queued").asLong()).isEqualTo(100);
    // An increase over the held figure: it waits for the order feed to pass the decision.
    assertThat(l.path("state").asText()).isEqualTo("HELD");
    List<PendingPush> sendable =
        api.engine
            .execute(
                shop.id(),
                (a, c, now) -> PushPlanner.pending(a, "shop", null, sku -> false, 10, sku -> {}))
            .join();
    assertThat(sendable).isEmpty();
  }

  @Test
  void aChannelThatCannotReadBackSaysSoAndChangesNothing() {
    api.readers = (row, credentials) -> Optional.empty();
    channel("");
    acknowledgeQueued();

    JsonNode result = readBack();

    assertThat(result.path("readable").asBoolean()).isFalse();
    assertThat(result.path("unknown").asInt()).isEqualTo(1);
    assertThat(listing().path("held").isNull()).isTrue();
  }

  @Test
  void aDeletedListingForgetsItsFigure() {
    channel("");
    acknowledgeQueued();
    held.put("mug-1", 100L);
    readBack();
    assertThat(api.levels.of(shop.id(), "shop", "MUG")).isPresent();

    assertThat(api.delete("/v1/channels/shop/listings/MUG", shop.key()).status()).isEqualTo(204);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.levels.of(shop.id(), "shop", "MUG").isEmpty());
  }

  @Test
  void anUnknownChannelIs404() {
    TestApi.Answer a =
        api.send(
            "POST",
            "/v1/channels/ghost/read-back",
            shop.key(),
            "application/json",
            "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.isProblem()).isTrue();
  }

  @Test
  void badReadBackSettingsAreRefusedByName() {
    String body =
        "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/push\","
            + "\"settings\":{%s},\"credentials\":{\"secret\":\"s\"}}";

    TestApi.Answer repair =
        api.put("/v1/channels/x", shop.key(), String.format(body, "\"driftRepair\":\"fix\""));
    TestApi.Answer seconds =
        api.put("/v1/channels/x", shop.key(), String.format(body, "\"readBackSeconds\":5"));

    assertThat(repair.status()).isEqualTo(400);
    assertThat(repair.json().path("errors").findValuesAsText("field"))
        .containsExactly("settings.driftRepair");
    assertThat(seconds.status()).isEqualTo(400);
    assertThat(seconds.json().path("errors").findValuesAsText("field"))
        .containsExactly("settings.readBackSeconds");
    assertThat(api.get("/v1/channels/x", shop.key()).status()).isEqualTo(404);
    check(api.put("/v1/channels/x", shop.key(), String.format(body, "\"driftRepair\":\"alert\"")));
    TestApi.Answer patched =
        api.patch("/v1/channels/x", shop.key(), "{\"settings\":{\"driftRepair\":\"never\"}}");
    assertThat(patched.status()).isEqualTo(400);
    assertThat(patched.json().path("errors").findValuesAsText("field"))
        .containsExactly("settings.driftRepair");
    assertThat(
            check(api.get("/v1/channels/x", shop.key()))
                .json()
                .path("settings")
                .path("driftRepair")
                .asText())
        .isEqualTo("alert");
  }

  @Test
  void theScheduleReadsEachChannelEveryReadBackSecondsAndGoesOnAfterAPace() {
    channel(",\"readBackSeconds\":60");
    check(api.put("/v1/skus/CUP", shop.key(), "{\"name\":\"Cup\"}"));
    check(api.put("/v1/channels/shop/listings/CUP", shop.key(), "{\"externalId\":\"cup-1\"}"));
    acknowledgeQueued();
    held.put("mug-1", 100L);
    held.put("cup-1", 0L);
    OrderPollingTest.MovableClock clock = new OrderPollingTest.MovableClock();
    paceAfterFirstBatch = Duration.ofSeconds(30);
    try (ReadBackSchedule schedule =
        new ReadBackSchedule(api.engine, api.readBack, clock, ChannelSchedule.Settings.DEFAULT)) {
      schedule.tick();
      assertThat(schedule.watched()).hasSize(1);
      assertThat(reads.get()).isZero(); // the first pass comes one interval on

      clock.advance(Duration.ofSeconds(61));
      schedule.tick();
      await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 1);
      // CUP was read first (SKU order); MUG was paced: the pass goes on from it after the wait.
      await().atMost(Duration.ofSeconds(10)).until(() -> !heldOf("CUP").isNull());
      assertThat(heldOf("MUG").isNull()).isTrue();

      paceAfterFirstBatch = null;
      clock.advance(Duration.ofSeconds(31));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                schedule.tick();
                return !heldOf("MUG").isNull();
              });
      assertThat(reads.get()).isEqualTo(2); // only MUG was read again
      assertThat(heldOf("MUG").asLong()).isEqualTo(100);
    }
  }
}
