package io.stocksync.server.bench;

import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.DispatcherSettings;
import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.channels.webhook.WebhookConnector;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.webhook.WebhookEmulator;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.store.LedgerRepositories;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code stocksync bench push}: what the push dispatcher delivers, on loopback to the Shopify and
 * webhook emulators in this process.
 *
 * <ol>
 *   <li><b>Listing updates per second</b> per channel, with the emulators' limits off: every one of
 *       {@code skus} listings gets a new target at once, and the clock runs until the channel
 *       acknowledged them all (take, call, settle, durable). Baseline, same run: the connector
 *       alone sending the same updates in full batches, one call after another, with no engine.
 *   <li><b>Marketplace API calls per 1,000 events</b> on the ingest benchmark's trace (Zipf SKUs,
 *       its event mix, stock far above X), replayed at {@code rate} events a second, under the seed
 *       policy (X=2000, N=10, Y=100) against pushing every transaction (every transaction syncs),
 *       both through the dispatcher; and the naive figure of one call per transaction and channel.
 * </ol>
 */
public final class PushBenchmark {

  /**
   * What to run.
   *
   * @param skus listings per channel for the throughput run
   * @param traceEvents events in the trace of the calls run
   * @param traceSkus SKUs the trace draws from
   * @param rate events a second at which the trace is replayed
   */
  public record Options(int skus, int traceEvents, int traceSkus, int rate, long seed) {}

  private static final String ACCOUNT = "bench";
  private static final String LOCATION_GID = "gid://shopify/Location/1";
  private static final String SECRET = "bench-secret";

  private final Options options;
  private final PrintStream out;

  public PushBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs both parts and prints their figures. */
  public void run() {
    out.printf(
        "push benchmark: %,d listings per channel; trace of %,d events over %,d SKUs at %,d/s%n",
        options.skus(), options.traceEvents(), options.traceSkus(), options.rate());
    throughput();
    calls();
  }

  // ------------------------------------------------------------------ part 1

  private void throughput() {
    try (Setup s = new Setup(SyncPolicy.DEFAULT)) {
      List<String> skus = skus("T-", options.skus());
      s.list(skus, 500);
      s.awaitAcknowledged(2L * skus.size(), Duration.ofMinutes(10)); // the first figures: warm-up
      long before = s.acknowledged.get();
      s.shopAcks.set(0);
      s.hookAcks.set(0);
      List<InventoryEvent> orders = new ArrayList<>();
      for (String sku : skus) {
        orders.add(s.event(EventType.ORDER_PLACED, sku, 1)); // 499 ≤ X: syncs at once
      }
      long start = System.nanoTime();
      s.submitAll(orders);
      s.awaitAcknowledged(before + 2L * skus.size(), Duration.ofMinutes(10));
      double shopSeconds = (s.shopLast.get() - start) / 1e9;
      double hookSeconds = (s.hookLast.get() - start) / 1e9;
      double shopRate = skus.size() / shopSeconds;
      double hookRate = skus.size() / hookSeconds;
      out.printf(
          "%nlisting updates per second, emulators without limits (%,d each)%n", skus.size());
      out.printf(
          "  shopify  %,10.0f /s   (%d quantities a call, %d calls in flight)%n",
          shopRate,
          ShopifyConnector.MAX_QUANTITIES_PER_CALL,
          ShopifyConnector.DEFAULT_MAX_IN_FLIGHT);
      out.printf(
          "  webhook  %,10.0f /s   (%d items a call, %d calls in flight)%n",
          hookRate, WebhookConnector.DEFAULT_BATCH, WebhookConnector.DEFAULT_MAX_IN_FLIGHT);
      double shopAlone = connectorAlone(s, "shop", skus);
      double hookAlone = connectorAlone(s, "hook", skus);
      out.printf("  baseline: the connector alone, full batches, one call at a time%n");
      out.printf(
          "  shopify  %,10.0f /s   dispatcher/baseline %.2f%n", shopAlone, shopRate / shopAlone);
      out.printf(
          "  webhook  %,10.0f /s   dispatcher/baseline %.2f%n", hookAlone, hookRate / hookAlone);
    }
  }

  /** Sends the same number of updates straight through a connector, in full sequential batches. */
  private double connectorAlone(Setup s, String channel, List<String> skus) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ConnectorContext context =
        new ConnectorContext(http, Clock.systemUTC(), Duration.ofSeconds(30), () -> 0.5);
    ChannelRow row = s.channelRow(channel);
    io.stocksync.channels.Connector connector =
        channel.equals("shop")
            ? ShopifyConnector.create(
                row, Map.of("accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN), context)
            : WebhookConnector.create(row, Map.of("secret", SECRET), context);
    List<PendingPush> all = new ArrayList<>();
    for (int i = 0; i < skus.size(); i++) {
      String sku = skus.get(i);
      String external = channel.equals("shop") ? shopifyItem(i) : "W-" + sku;
      all.add(
          new PendingPush(
              ACCOUNT,
              channel,
              sku,
              external,
              "{}",
              7,
              1_000_000 + i,
              Urgency.DECREASE,
              null,
              Instant.now(),
              ListingState.QUEUED));
    }
    long start = System.nanoTime();
    for (int from = 0; from < all.size(); from += connector.batchSize()) {
      List<PendingPush> batch =
          all.subList(from, Math.min(all.size(), from + connector.batchSize()));
      connector.send(connector.prepare(batch, 0)).join();
    }
    return all.size() / ((System.nanoTime() - start) / 1e9);
  }

  // ------------------------------------------------------------------ part 2

  private void calls() {
    IngestWorkload workload = new IngestWorkload(options.traceSkus(), false, 1.0, options.seed());
    long[] seed = run(workload, SyncPolicy.DEFAULT);
    long[] every = run(workload, new SyncPolicy(Long.MAX_VALUE / 4, 1, 1, 0));
    double per = 1000.0 / options.traceEvents();
    out.printf(
        "%nmarketplace API calls per 1,000 events (trace: %,d events, 2 channels, %,d events/s)%n",
        options.traceEvents(), options.rate());
    out.printf("  %-36s %10s %10s %10s%n", "", "pushes", "calls", "calls/1k");
    out.printf(
        "  %-36s %,10d %,10d %,10.1f%n",
        "seed policy (X=2000, N=10, Y=100)", seed[0], seed[1], seed[1] * per);
    out.printf(
        "  %-36s %,10d %,10d %,10.1f%n",
        "every transaction syncs (dispatcher)", every[0], every[1], every[1] * per);
    long naive = 2L * options.traceEvents();
    out.printf(
        "  %-36s %,10d %,10d %,10.1f%n",
        "every transaction, one call each", naive, naive, naive * per);
    out.printf(
        "  seed policy against every transaction: %.3f of the calls (%.1fx fewer); against one"
            + " call per transaction: %.4f%n",
        (double) seed[1] / every[1],
        (double) every[1] / Math.max(1, seed[1]),
        (double) seed[1] / naive);
  }

  /** Replays the trace under {@code policy}; returns {acknowledged pushes, API calls}. */
  private long[] run(IngestWorkload workload, SyncPolicy policy) {
    try (Setup s = new Setup(policy)) {
      List<String> skus = new ArrayList<>();
      for (int i = 0; i < options.traceSkus(); i++) {
        skus.add(IngestWorkload.skuCode(i));
      }
      s.list(skus, IngestWorkload.INITIAL_STOCK);
      s.awaitAcknowledged(2L * skus.size(), Duration.ofMinutes(10));
      long acksBefore = s.acknowledged.get();
      long callsBefore = s.calls();
      List<InventoryEvent> events =
          workload.generate(options.traceEvents(), ACCOUNT, "t-").events();
      long start = System.nanoTime();
      int chunk = Math.max(1, options.rate() / 100); // a chunk every 10 ms
      for (int i = 0; i < events.size(); i += chunk) {
        long due = start + (long) (i * 1e9 / options.rate());
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        s.engine.submit(ACCOUNT, events.subList(i, Math.min(events.size(), i + chunk)));
      }
      s.awaitQuiet(Duration.ofMinutes(5));
      return new long[] {s.acknowledged.get() - acksBefore, s.calls() - callsBefore};
    }
  }

  // ------------------------------------------------------------------ set-up

  private static List<String> skus(String prefix, int n) {
    List<String> skus = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      skus.add(String.format("%s%06d", prefix, i));
    }
    return skus;
  }

  private static String shopifyItem(int i) {
    return "gid://shopify/InventoryItem/" + (i + 1);
  }

  /** An engine on a temporary SQLite file, the dispatcher, and both emulators without limits. */
  private static final class Setup implements AutoCloseable {
    final Path dir;
    final EmulatorServer emulators;
    final ShopifyEmulator shopify;
    final WebhookEmulator webhook;
    final LedgerRepository repository;
    final Engine engine;
    final Dispatchers.Running dispatch;
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong shopAcks = new AtomicLong();
    final AtomicLong hookAcks = new AtomicLong();
    final AtomicLong shopLast = new AtomicLong();
    final AtomicLong hookLast = new AtomicLong();
    final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private int eventIds;

    Setup(SyncPolicy policy) {
      try {
        dir = Files.createTempDirectory("stocksync-bench-push");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Clock clock = Clock.systemUTC();
      shopify = new ShopifyEmulator(ShopifyEmulator.Options.defaults(), clock);
      shopify.faults().throttling(Throttling.OFF);
      webhook = new WebhookEmulator(WebhookEmulator.Options.defaults().withSecret(SECRET), clock);
      emulators = EmulatorServer.builder().clock(clock).add(shopify).add(webhook).start();
      repository = LedgerRepositories.open(dir.resolve("bench.db").toString());
      engine = Engine.start(repository, clock, EngineSettings.DEFAULT);
      engine.onCommitted(this::count);
      engine.createAccount(ACCOUNT, "Bench", policy).join();
      dispatch =
          Dispatchers.start(
              engine,
              List.<ChannelKey>of(),
              row ->
                  row.type().equals("shopify")
                      ? Map.of("accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN)
                      : Map.of("secret", SECRET),
              clock,
              DispatcherSettings.DEFAULT,
              1);
      engine
          .execute(
              ACCOUNT,
              (a, c, now) -> {
                a.putLocation(IngestWorkload.LOCATION, "Main", true, now, c);
                a.putChannel(channelRow("shop"), now, c);
                a.putChannel(channelRow("hook"), now, c);
                return null;
              })
          .join();
    }

    ChannelRow channelRow(String id) {
      return id.equals("shop")
          ? new ChannelRow(
              ACCOUNT,
              "shop",
              "shopify",
              emulators.baseUrl("shopify"),
              "{\"locationId\":\"" + LOCATION_GID + "\"}",
              "sealed",
              List.of(),
              true,
              ChannelRules.DEFAULT)
          : new ChannelRow(
              ACCOUNT,
              "hook",
              "webhook",
              emulators.baseUrl("webhook") + "/stock",
              "{}",
              "sealed",
              List.of(),
              true,
              ChannelRules.DEFAULT);
    }

    private void count(WriteSet writes) {
      long now = System.nanoTime();
      for (PushAttemptRow a : writes.attempts()) {
        lastActivity.set(now);
        if (a.status().equals(AttemptStatus.ACKNOWLEDGED.name())) {
          acknowledged.incrementAndGet();
          if (a.channelId().equals("shop")) {
            shopAcks.incrementAndGet();
            shopLast.set(now);
          } else {
            hookAcks.incrementAndGet();
            hookLast.set(now);
          }
        }
      }
      if (!writes.pushes().isEmpty()) {
        lastActivity.set(now);
      }
    }

    long calls() {
      return shopify.requests().list().size() + webhook.requests().list().size();
    }

    void list(List<String> skus, long onHand) {
      for (int from = 0; from < skus.size(); from += 1_000) {
        List<String> part = skus.subList(from, Math.min(skus.size(), from + 1_000));
        int offset = from;
        engine
            .execute(
                ACCOUNT,
                (a, c, now) -> {
                  for (int i = 0; i < part.size(); i++) {
                    String sku = part.get(i);
                    a.putSku(sku, sku, List.of(), now, c);
                    a.putListing("shop", sku, shopifyItem(offset + i), "{}", now, c);
                    a.putListing("hook", sku, "W-" + sku, "{}", now, c);
                  }
                  return null;
                })
            .join();
      }
      List<InventoryEvent> putaways = new ArrayList<>();
      for (String sku : skus) {
        putaways.add(event(EventType.PUTAWAY, sku, onHand));
      }
      submitAll(putaways);
    }

    InventoryEvent event(EventType type, String sku, long quantity) {
      return new InventoryEvent(
          "b-" + ++eventIds, type, sku, IngestWorkload.LOCATION, quantity, null);
    }

    void submitAll(List<InventoryEvent> events) {
      for (int from = 0; from < events.size(); from += 1_000) {
        engine.submit(ACCOUNT, events.subList(from, Math.min(events.size(), from + 1_000))).join();
      }
    }

    void awaitAcknowledged(long count, Duration atMost) {
      await(() -> acknowledged.get() >= count, atMost, "acknowledgements");
    }

    /** Waits until nothing is queued and nothing happened for a second. */
    void awaitQuiet(Duration atMost) {
      await(
          () ->
              System.nanoTime() - lastActivity.get() > 1_000_000_000L
                  && engine
                      .execute(
                          ACCOUNT,
                          (a, c, now) ->
                              io.stocksync.core.inventory.PushPlanner.pending(
                                          a, "shop", null, s -> false, 1, s -> {})
                                      .isEmpty()
                                  && io.stocksync.core.inventory.PushPlanner.pending(
                                          a, "hook", null, s -> false, 1, s -> {})
                                      .isEmpty())
                      .join(),
          atMost,
          "an empty push queue");
    }

    private static void await(BooleanSupplier condition, Duration atMost, String what) {
      long deadline = System.nanoTime() + atMost.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("gave up waiting for " + what + " after " + atMost);
        }
        LockSupport.parkNanos(5_000_000);
      }
    }

    @Override
    public void close() {
      dispatch.close();
      engine.close();
      repository.close();
      emulators.close();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind is no reason to fail the benchmark
      }
    }
  }
}
