package io.stocksync.server.cli;

import io.stocksync.core.port.LedgerRepository;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.bench.loop.LoopApi;
import io.stocksync.server.bench.loop.LoopBaseline;
import io.stocksync.server.bench.loop.LoopBenchmark;
import io.stocksync.server.bench.loop.LoopEvidence;
import io.stocksync.server.bench.loop.LoopShop;
import io.stocksync.server.bench.loop.LoopTraffic;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stocksync bench loop}: the order loop of {@code OrderLoopIT} as a benchmark. The engine
 * ({@code serve} on a temporary SQLite store, in this process) and two baselines run the same
 * traffic on fresh emulators, one after the other; {@link LoopBenchmark} prints the figures.
 */
@Command(
    name = "loop",
    mixinStandardHelpOptions = true,
    description =
        "The order loop on the five emulated marketplaces: oversold units, order -> ledger and"
            + " order -> every channel latencies, inflations; against a 15-minute timer and a"
            + " push-every-transaction tool run the same way.")
final class BenchLoopCommand implements Callable<Integer> {
  @Option(names = "--seconds", defaultValue = "60", description = "Traffic per run (s).")
  int seconds;

  @Option(names = "--skus", defaultValue = "6", description = "SKUs.")
  int skus;

  @Option(names = "--stock", defaultValue = "15", description = "Units of each SKU at the start.")
  int stock;

  @Option(
      names = "--scale",
      defaultValue = "30",
      description = "Time scale factor of the timer baseline's 15 minutes (default 30: 30 s).")
  int scale;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the traffic.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (seconds < 10 || skus < 1 || stock < 1 || scale < 1) {
      throw new UserMistake("--seconds must be >= 10 and --skus, --stock, --scale >= 1");
    }
    // Polled as fast as each marketplace's published limits allow: Amazon's getOrders plan is one
    // call a minute (its burst of 20 would not last a long run); the others every 2 s.
    LoopShop shop = LoopShop.of(skus, stock, 2, 60);
    LoopTraffic.Pace pace =
        new LoopTraffic.Pace(Duration.ofMillis(400), Duration.ofMillis(500), 4, seed);
    LoopBenchmark.Options options =
        new LoopBenchmark.Options(shop, pace, Duration.ofSeconds(seconds), scale);
    System.out.println("bench loop: the engine's run…");
    LoopBenchmark.Outcome engine = engine(options);
    System.out.println("bench loop: the timer baseline's run…");
    LoopBenchmark.Outcome timer = LoopBenchmark.baseline(LoopBaseline.Mode.TIMER, options);
    System.out.println("bench loop: the push-every-transaction baseline's run…");
    LoopBenchmark.Outcome every =
        LoopBenchmark.baseline(LoopBaseline.Mode.EVERY_TRANSACTION, options);
    LoopBenchmark.print(System.out, options, engine, timer, every);
    return 0;
  }

  private LoopBenchmark.Outcome engine(LoopBenchmark.Options options) throws Exception {
    Path dir = Files.createTempDirectory("stocksync-bench-loop-");
    ServeCommand serve = new ServeCommand();
    serve.store = new ConfigOptions();
    serve.store.dataDir = dir.toString();
    serve.store.db = dir.resolve("stocksync.db").toString();
    serve.port = "0";
    serve.bind = "127.0.0.1";
    serve.loopbackPublicUrl = true;
    String key = account(serve.store);
    LoopShop shop = options.shop();
    try (EmulatorServer emulators = LoopShop.emulators(Clock.systemUTC())) {
      ServeCommand.Running running = serve.start();
      try {
        String base = "http://127.0.0.1:" + running.port();
        LoopApi api = new LoopApi(base, key);
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
                options.pace(),
                Clock.systemUTC(),
                "engine");
        // The stock first, the channels next: a channel whose feed has not been polled yet has no
        // watermark to hold its first figures for (docs/orders.md), so they go out at once.
        shop.createCatalogue(api);
        traffic.stockUp();
        shop.createChannels(api, emulators);
        LoopShop.hookOwnSite(api, emulators, base);
        waitFor(Duration.ofSeconds(60), () -> allHold(shop, emulators));
        LoopShop.faults(api, emulators, 5);
        traffic.start();
        LoopBenchmark.pause(options.traffic());
        traffic.close();
        // The quiet period: until every line the marketplaces sold is in the ledger (Amazon's
        // feed, polled once a minute, takes longest).
        waitFor(Duration.ofSeconds(150), () -> caughtUp(shop, emulators, api));
        LoopEvidence evidence =
            new LoopEvidence(
                shop,
                LoopEvidence.sales(shop, emulators),
                LoopEvidence.held(emulators),
                traffic.putAways(),
                LoopEvidence.ledger(shop, api));
        return LoopBenchmark.measure("engine", evidence, traffic);
      } finally {
        running.stop();
      }
    }
  }

  private static boolean allHold(LoopShop shop, EmulatorServer emulators) {
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      Map<String, Long> held = emulators.emulator(c.marketplace()).quantities();
      for (String sku : shop.skus()) {
        if (held.getOrDefault(shop.key(c, sku), -1L) != shop.stock()) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean caughtUp(LoopShop shop, EmulatorServer emulators, LoopApi api) {
    Set<String> booked = new HashSet<>();
    for (LoopEvidence.LedgerLine l : LoopEvidence.ledger(shop, api)) {
      booked.add(l.id());
    }
    return LoopEvidence.sales(shop, emulators).stream()
        .allMatch(s -> booked.contains(s.eventId("placed")));
  }

  private static void waitFor(Duration most, java.util.function.BooleanSupplier done) {
    Instant end = Instant.now().plus(most);
    while (!done.getAsBoolean() && Instant.now().isBefore(end)) {
      LoopBenchmark.pause(Duration.ofMillis(250));
    }
  }

  private static String account(ConfigOptions store) {
    ServerConfig config = store.resolve(Map.of());
    LedgerRepository ledger = LedgerRepositories.open(config.db());
    try (ApiKeyRepository keys = ApiKeyRepository.open(config.db())) {
      return new Accounts(ledger, keys, Clock.systemUTC()).create("Bench loop").key().key();
    } finally {
      ledger.close();
    }
  }
}
