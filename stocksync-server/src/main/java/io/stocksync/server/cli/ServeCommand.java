package io.stocksync.server.cli;

import io.stocksync.channels.ChannelKey;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.account.Authenticator;
import io.stocksync.server.config.ByteSize;
import io.stocksync.server.config.ServerConfig;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.server.http.ApiMetrics;
import io.stocksync.server.http.ApiServer;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.PushAttemptRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
              + " flags show in ps; default: DATA_DIR/secret.key, created when missing).")
  String secretKey;

  @Option(
      names = "--partitions",
      description = "Engine writers (env STOCKSYNC_PARTITIONS; default 1).")
  String partitions;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new HashMap<>();
    flags.put("--port", port);
    flags.put("--bind", bind);
    flags.put("--max-body", maxBody);
    flags.put("--secret-key", secretKey);
    flags.put("--partitions", partitions);
    ServerConfig config = store.resolve(flags);
    log.info("starting with {}", config);
    CredentialCipher cipher = CredentialCipher.load(config);
    ApiMetrics metrics = new ApiMetrics();
    LedgerRepository ledger = metrics.meter(LedgerRepositories.open(config.db()));
    ApiKeyRepository keys = ApiKeyRepository.open(config.db());
    PushAttemptRepository attempts = PushAttemptRepository.open(config.db());
    Engine engine =
        Engine.start(
            ledger, Clock.systemUTC(), EngineSettings.DEFAULT.withPartitions(config.partitions()));
    metrics.bind(engine.stats(), attempts);
    // Pushes to the marketplaces: every channel with pushes queued in the store, then every
    // channel the engine queues a push for.
    List<ChannelKey> queued = new ArrayList<>();
    attempts.queueDepths().forEach(d -> queued.add(new ChannelKey(d.accountId(), d.channelId())));
    Dispatchers.Running dispatch =
        Dispatchers.start(engine, queued, Dispatchers.credentials(cipher), Clock.systemUTC());
    ApiServer server =
        ApiServer.start(
            engine,
            new Authenticator(keys),
            attempts,
            cipher,
            metrics,
            new ApiServer.Options(config.bind(), config.port(), config.maxBody()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: no new requests; finishing those in progress");
                  server.drain(DRAIN);
                  server.close();
                  dispatch.close(); // calls in flight are abandoned; their pushes stay queued
                  engine.close(); // commits everything accepted
                  attempts.close();
                  keys.close();
                  ledger.close();
                  log.info("stopped: everything accepted is committed");
                  stopped.countDown();
                },
                "stocksync-shutdown"));
    log.info(
        "listening on http://{}:{} (body limit {})",
        config.bind(),
        server.port(),
        ByteSize.format(config.maxBody()));
    stopped.await();
    return 0;
  }
}
