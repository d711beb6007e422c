package io.stocksync.server.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.Connectors;
import io.stocksync.channels.DispatcherSettings;
import io.stocksync.channels.ExecutorScheduler;
import io.stocksync.channels.PushDispatcher;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.secret.CredentialCipher;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Starts the push dispatcher on a running engine: its queue ({@link EnginePushQueue}), two worker
 * threads, a timer, one HTTP client, and the connectors of {@link Connectors#standard()}. The one
 * place that wires channels to the engine.
 */
public final class Dispatchers {

  /** Threads that run the dispatcher's (short, non-blocking) steps. */
  static final int THREADS = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Dispatchers() {}

  /** A running dispatcher and what it runs on. {@link #close()} stops all of it. */
  public static final class Running implements AutoCloseable {
    private final EnginePushQueue queue;
    private final PushDispatcher dispatcher;
    private final ExecutorScheduler scheduler;
    private final ExecutorService executor;

    private Running(
        EnginePushQueue queue,
        PushDispatcher dispatcher,
        ExecutorScheduler scheduler,
        ExecutorService executor) {
      this.queue = queue;
      this.dispatcher = dispatcher;
      this.scheduler = scheduler;
      this.executor = executor;
    }

    public PushDispatcher dispatcher() {
      return dispatcher;
    }

    public EnginePushQueue queue() {
      return queue;
    }

    /** Stops the dispatcher; calls in flight are abandoned (their pushes stay queued). */
    @Override
    public void close() {
      dispatcher.close();
      scheduler.close();
      executor.shutdown();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Starts dispatching the engine's push queue.
   *
   * @param initial the channels with pushes queued in the store now (say, from {@code
   *     PushAttemptRepository.queueDepths()})
   * @param credentials opens a channel's stored credentials (see {@link #credentials})
   * @param clock the engine's clock
   * @param speedUp 1 in production; tests may run the dispatcher's waits faster, with a clock sped
   *     up alike
   */
  public static Running start(
      Engine engine,
      Collection<ChannelKey> initial,
      Function<ChannelRow, Map<String, String>> credentials,
      Clock clock,
      DispatcherSettings settings,
      double speedUp) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "stocksync-dispatch-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ExecutorScheduler scheduler = new ExecutorScheduler(executor, speedUp);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    EnginePushQueue queue = new EnginePushQueue(engine, initial);
    PushDispatcher dispatcher =
        PushDispatcher.start(
            queue,
            Connectors.standard(),
            credentials,
            new ConnectorContext(
                http,
                clock,
                settings.requestTimeout(),
                () -> ThreadLocalRandom.current().nextDouble(),
                scheduler),
            scheduler,
            executor,
            settings);
    engine.attachChannelStatus(dispatcher::status);
    return new Running(queue, dispatcher, scheduler, executor);
  }

  /**
   * {@link #start(Engine, Collection, Function, Clock, DispatcherSettings, double)} at real speed.
   */
  public static Running start(
      Engine engine,
      Collection<ChannelKey> initial,
      Function<ChannelRow, Map<String, String>> credentials,
      Clock clock) {
    return start(engine, initial, credentials, clock, DispatcherSettings.DEFAULT, 1);
  }

  /**
   * Opens a channel's credentials as the HTTP API sealed them: AES-GCM with the channel's identity
   * as associated data, over a JSON object of text fields. No credentials: an empty map. The values
   * are never logged; a failure says only that they do not open.
   */
  public static Function<ChannelRow, Map<String, String>> credentials(CredentialCipher cipher) {
    return row -> {
      if (row.credentials() == null || row.credentials().isBlank()) {
        return Map.of();
      }
      String json;
      try {
        json = cipher.open(row.credentials(), CredentialCipher.context(row.accountId(), row.id()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the credentials do not open with this server's key");
      }
      try {
        return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
      } catch (IOException e) {
        throw new IllegalArgumentException("the credentials are not a JSON object of text fields");
      }
    };
  }
}
