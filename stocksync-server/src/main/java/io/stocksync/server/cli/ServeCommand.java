package io.stocksync.server.cli;

import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.readback.ReadBackCapabilities;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.account.Authenticator;
import io.stocksync.server.alert.AlertDelivery;
import io.stocksync.server.alert.AlertService;
import io.stocksync.server.config.ByteSize;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.engine.ElapsedClock;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.server.feed.OrderFeedSchedule;
import io.stocksync.server.feed.OrderFeeds;
import io.stocksync.server.http.ApiMetrics;
import io.stocksync.server.http.ApiServer;
import io.stocksync.server.readback.ReadBack;
import io.stocksync.server.readback.ReadBackSchedule;
import io.stocksync.server.schedule.ChannelSchedule;
import io.stocksync.server.secret.CredentialCheck;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.ListingLevelRepository;
import io.stocksync.store.PushAttemptRepository;
import io.stocksync.store.SecretKeyRepository;
import io.stocksync.store.StoreInUseException;
import io.stocksync.store.StoreOwner;
import io.stocksync.store.report.ReportRepository;
import java.net.BindException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stocksync serve}: the HTTP API on the engine. Stops gracefully on SIGTERM or Ctrl-C: it
 * stops accepting requests, answers those in progress, commits everything accepted, then exits.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the HTTP API (default 127.0.0.1:8080, SQLite under ./stocksync-data).")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  /** How long a shutdown waits for requests in progress before it goes on without them. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  @Mixin ConfigOptions store;

  @Option(
      names = "--port",
      description = "HTTP port; 0 picks a free one (env STOCKSYNC_PORT; default 8080).")
  String port;

  @Option(
      names = "--bind",
      description = "Address to listen on (env STOCKSYNC_BIND; default 127.0.0.1).")
  String bind;

  @Option(
      names = "--max-body",
      description = "Largest request body, e.g. 16MiB (env STOCKSYNC_MAX_BODY; default 16MiB).")
  String maxBody;

  @Option(
      names = "--secret-key",
      description =
          "Base64 AES-256 key sealing channel credentials (env STOCKSYNC_SECRET_KEY, preferred:"
              + " flags show in ps; default: secret.key beside a SQLite database file, created when"
              + " missing; in the database itself for PostgreSQL).")
  String secretKey;

  @Option(
      names = "--partitions",
      description = "Engine writers (env STOCKSYNC_PARTITIONS; default 1).")
  String partitions;

  @Option(
      names = "--public-url",
      description =
          "Address at which the marketplaces reach this server, e.g. https://stock.example.com:"
              + " channels' webhooks are registered at it + /hooks/{channelId} (env"
              + " STOCKSYNC_PUBLIC_URL; default none: order feeds poll only).")
  String publicUrl;

  /**
   * Set by {@code demo}: with no public address configured, the webhooks go to the loopback address
   * this server listens on (the emulators run on the same machine).
   */
  boolean loopbackPublicUrl;

  /**
   * The clock of the engine, the dispatcher, the order feeds and the webhook intake; null (the
   * command line's) for the monotonic system clock. Tests of the whole loop run it faster than real
   * time, with the emulators on the same clock, so that the order feeds' overlap windows pass in
   * seconds.
   */
  Clock clock;

  @Override
  public Integer call() throws Exception {
    Running running = start();
    if (running == null) {
      return 2;
    }
    running.stopped().await();
    return 0;
  }

  /**
   * A started server: the port it listens on, and a latch that opens once the shutdown hook
   * (SIGTERM, Ctrl-C) has stopped it and committed everything accepted.
   */
  record Running(int port, CountDownLatch stopped, Thread hook) {
    /**
     * Stops the server now as the shutdown hook would (for a caller in the same process, a test):
     * the hook is run here and removed.
     */
    void stop() {
      if (Runtime.getRuntime().removeShutdownHook(hook)) {
        hook.run();
      }
    }
  }

  /**
   * Starts the server as {@link #call} does and answers at once; null when the store is held by
   * another server (said so on the error stream).
   */
  Running start() {
    Map<String, String> flags = new HashMap<>();
    flags.put("--port", port);
    flags.put("--bind", bind);
    flags.put("--max-body", maxBody);
    flags.put("--secret-key", secretKey);
    flags.put("--partitions", partitions);
    flags.put("--public-url", publicUrl);
    ServerConfig config = store.resolve(flags);
    log.info("starting with {}", config);
    // One server per store (SPEC §6): taken before anything is opened, held until the process ends.
    StoreOwner owner;
    try {
      owner = StoreOwner.acquire(config.db(), Clock.systemUTC());
    } catch (StoreInUseException e) {
      log.error("not starting: {}", e.getMessage());
      System.err.println("stocksync serve: " + e.getMessage());
      return null;
    }
    log.info("this server holds the store: {}", owner.holder());
    ApiMetrics metrics = new ApiMetrics();
    // What is open so far, closed in reverse order when a later step fails (a port in use, say).
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    LedgerRepository ledger;
    ApiKeyRepository keys;
    PushAttemptRepository attempts;
    ReportRepository reports;
    Engine engine;
    Dispatchers.Running dispatch;
    AlertService alerts;
    OrderFeeds feeds;
    ListingLevelRepository levels;
    ReadBack readBack;
    ReadBackSchedule readBacks;
    ApiServer server;
    CredentialCipher cipher;
    SecretKeyRepository secrets;
    try {
      ledger = metrics.meter(LedgerRepositories.open(config.db()));
      opened.push(ledger);
      keys = ApiKeyRepository.open(config.db());
      opened.push(keys);
      attempts = PushAttemptRepository.open(config.db());
      opened.push(attempts);
      reports = ReportRepository.open(config.db());
      opened.push(reports);
      secrets = SecretKeyRepository.open(config.db());
      opened.push(secrets);
      cipher = CredentialCipher.load(config, secrets);
      log.info("channel credentials are sealed with {}", cipher.source());
      CredentialCheck credentialCheck =
          new CredentialCheck(cipher, secrets::sealedCredentials, Clock.systemUTC());
      credentialCheck
          .problem()
          .ifPresent(p -> log.error("{} (GET /health answers 503 until this is fixed)", p));
      // Monotonic from here on: a system clock stepped back neither delays nor fires the deadlines
      // (staleness, backoffs, pauses) of the engine and the dispatcher.
      Clock clock = this.clock != null ? this.clock : ElapsedClock.systemUTC();
      Clock feedClock = this.clock != null ? this.clock : Clock.systemUTC();
      engine =
          Engine.start(ledger, clock, EngineSettings.DEFAULT.withPartitions(config.partitions()));
      opened.push(engine);
      metrics.bind(engine.stats(), attempts);
      // Pushes to the marketplaces: every channel with pushes queued in the store, then every
      // channel the engine queues a push for.
      List<ChannelKey> queued = new ArrayList<>();
      attempts.queueDepths().forEach(d -> queued.add(new ChannelKey(d.accountId(), d.channelId())));
      dispatch = Dispatchers.start(engine, queued, Dispatchers.credentials(cipher), clock);
      opened.push(dispatch);
      alerts =
          AlertService.start(
              config.db(),
              engine,
              cipher,
              metrics.registry(),
              Clock.systemUTC(),
              AlertDelivery.Settings.DEFAULT);
      opened.push(alerts);
      // Order feeds (SPEC §9): every polled channel on its schedule, webhooks registered at the
      // public address (the demo's: this server's loopback address, known once it listens).
      AtomicReference<String> listening = new AtomicReference<>();
      String configuredUrl = config.publicUrl();
      feeds =
          OrderFeeds.start(
              engine,
              Dispatchers.credentials(cipher),
              feedClock,
              () -> configuredUrl != null ? configuredUrl : listening.get(),
              OrderFeedSchedule.Settings.DEFAULT);
      opened.push(feeds);
      // Read-back (SPEC §12): every channel whose type can read its held figures, on its own
      // schedule; a figure that differs polls the channel's order feed before it counts as drift.
      levels = ListingLevelRepository.open(config.db());
      opened.push(levels);
      ConnectorContext readContext =
          new ConnectorContext(
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
              Clock.systemUTC(),
              Duration.ofSeconds(20),
              Math::random);
      readBack =
          new ReadBack(
              engine,
              levels,
              (row, creds) -> ReadBackCapabilities.reader(row, creds, readContext),
              Dispatchers.credentials(cipher),
              feeds.schedule()::pollNow,
              Clock.systemUTC());
      opened.push(readBack);
      readBacks =
          new ReadBackSchedule(
                  engine, readBack, Clock.systemUTC(), ChannelSchedule.Settings.DEFAULT)
              .start();
      opened.push(readBacks);
      if (configuredUrl == null && !loopbackPublicUrl) {
        log.info(
            "no public address (--public-url): marketplace webhooks are not registered; the order"
                + " feeds poll only");
      }
      server =
          listen(
              engine,
              keys,
              attempts,
              reports,
              cipher,
              metrics,
              config,
              new ApiServer.AlertWiring(alerts.repository(), alerts.clock(), alerts::wake),
              new ApiServer.FeedWiring(feeds.intake(), feeds.schedule()::pollSoon, feedClock),
              new ApiServer.ReadBackWiring(readBack, levels));
      if (loopbackPublicUrl && configuredUrl == null) {
        listening.set("http://127.0.0.1:" + server.port());
      }
      feeds.registerStored();
      server.addHealthCheck("credentialKey", credentialCheck::problem);
    } catch (RuntimeException e) {
      closeAll(opened, e);
      owner.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              log.info("shutting down: no new requests; finishing those in progress");
              server.drain(DRAIN);
              server.close();
              readBacks.close(); // a read in flight is abandoned; nothing of it is half-applied
              readBack.close();
              feeds.close(); // a pass in flight is abandoned; its cursor stays where it was
              dispatch.close(); // calls in flight are abandoned; their pushes stay queued
              alerts.close(); // undelivered alert changes stay queued in the store
              engine.close(); // commits everything accepted
              attempts.close();
              reports.close();
              levels.close();
              keys.close();
              ledger.close();
              secrets.close();
              owner.close();
              log.info("stopped: everything accepted is committed");
              stopped.countDown();
            },
            "stocksync-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    log.info(
        "listening on http://{}:{} (body limit {})",
        config.bind(),
        server.port(),
        ByteSize.format(config.maxBody()));
    return new Running(server.port(), stopped, hook);
  }

  private static ApiServer listen(
      Engine engine,
      ApiKeyRepository keys,
      PushAttemptRepository attempts,
      ReportRepository reports,
      CredentialCipher cipher,
      ApiMetrics metrics,
      ServerConfig config,
      ApiServer.AlertWiring alerts,
      ApiServer.FeedWiring feeds,
      ApiServer.ReadBackWiring readBack) {
    try {
      return ApiServer.start(
          engine,
          new Authenticator(keys),
          attempts,
          reports,
          cipher,
          metrics,
          new ApiServer.Options(config.bind(), config.port(), config.maxBody()),
          alerts,
          feeds,
          readBack);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new UserMistake(
              "cannot listen on "
                  + config.bind()
                  + ":"
                  + config.port()
                  + ": "
                  + t.getMessage()
                  + " (another process holds it, or the address is not this machine's; choose"
                  + " another with --port or --bind)",
              e);
        }
      }
      throw e;
    }
  }

  private static void closeAll(Deque<AutoCloseable> opened, RuntimeException failure) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
