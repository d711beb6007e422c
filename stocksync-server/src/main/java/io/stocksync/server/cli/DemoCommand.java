package io.stocksync.server.cli;

import io.stocksync.core.port.LedgerRepository;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.server.demo.Demo;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stocksync demo}: the whole loop on one command (SPEC §13). The server on an embedded
 * SQLite store of its own, the marketplace emulators, a demo account whose shop is set up through
 * the API, and simulated customers and warehouse; prints the dashboard's address and the key, and
 * stops everything on Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run a demo shop end to end: server, dashboard, marketplace emulators, customers and a"
            + " warehouse, on a fresh store. Ctrl-C stops it.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port of the server and its dashboard (default ${DEFAULT-VALUE}; 0: any free).")
  int port;

  @Option(
      names = "--emulator-port",
      defaultValue = "0",
      description = "Port of the marketplace emulators (default: any free).")
  int emulatorPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep the demo's store in DIR (a new, empty one) instead of a temporary directory that"
              + " is removed on exit.")
  Path dataDir;

  @Option(
      names = "--step-millis",
      defaultValue = "400",
      description = "Time between two simulated steps (default ${DEFAULT-VALUE} ms).")
  long stepMillis;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated traffic.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (stepMillis < 10) {
      throw new UserMistake("--step-millis must be at least 10, not " + stepMillis);
    }
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("stocksync-demo-") : dataDir;
    if (!temporary && Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new UserMistake(
              "--data-dir " + dir + " is not empty: the demo starts on a new store");
        }
      }
    }
    ServeCommand serve = new ServeCommand();
    serve.store = new ConfigOptions();
    serve.store.dataDir = dir.toString();
    serve.store.db = dir.resolve("stocksync.db").toString();
    serve.port = Integer.toString(port);
    serve.bind = "127.0.0.1";
    serve.loopbackPublicUrl = true; // the emulators reach the webhooks on this machine
    String key = createAccount(serve.store);

    EmulatorServer emulators = EmulatorServer.builder().port(emulatorPort).start();
    ServeCommand.Running running;
    try {
      running = serve.start();
    } catch (RuntimeException e) {
      emulators.close();
      throw e;
    }
    if (running == null) {
      emulators.close();
      return 2;
    }
    String base = "http://127.0.0.1:" + running.port();
    Demo demo = Demo.start(base, key, emulators, stepMillis, seed, out);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  try {
                    // The server's own hook drains and commits; wait for it before the emulators
                    // go.
                    running.stopped().await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  emulators.close();
                  if (temporary) {
                    delete(dir);
                  }
                  out.println(
                      "demo stopped: simulated customers and warehouse, server and emulators"
                          + (temporary
                              ? "; its temporary store is removed"
                              : "; its store is kept in " + dir));
                  out.flush();
                  done.countDown();
                },
                "stocksync-demo-shutdown"));
    out.println();
    out.println("Dashboard: " + base + "/");
    out.println("API key: " + key);
    out.println(
        "Emulators: "
            + emulators.baseUrl()
            + " (quantities at /emulator/{marketplace}/quantities)");
    out.println("Sign in to the dashboard with the key. Ctrl-C stops everything.");
    out.flush();
    done.await();
    return 0;
  }

  /** The demo account, made on the store before the server opens it; answers its key. */
  private static String createAccount(ConfigOptions store) {
    ServerConfig config = store.resolve(Map.of());
    LedgerRepository ledger = LedgerRepositories.open(config.db());
    try (ApiKeyRepository keys = ApiKeyRepository.open(config.db())) {
      return new Accounts(ledger, keys, Clock.systemUTC()).create("Demo shop").key().key();
    } finally {
      ledger.close();
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
