package io.stocksync.server.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.account.ApiKeys;
import io.stocksync.server.account.Authenticator;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.server.http.ApiMetrics;
import io.stocksync.server.http.ApiServer;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.PushAttemptRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code ./stocksync bench http}: HTTP ingest through {@code POST /v1/events} of the same Zipf
 * workload as {@code bench ingest}, from a load generator in this process ({@code connections}
 * clients, each sending its next batch as soon as the last is answered), beside the in-process
 * engine's rate for the same batches and concurrency, measured in the same run on a fresh store of
 * the same kind. Prints events/s and the p50/p99 of a batch for both, and their ratio.
 */
public final class HttpBenchmark {

  /** What to run. */
  public record Options(String db, int events, int skus, int batch, int connections, long seed) {}

  /** One measured run: events, seconds, latency of a batch, events not applied. */
  public record Run(
      String name, long events, double seconds, Histogram latencyMicros, long notApplied) {
    public double rate() {
      return events / seconds;
    }
  }

  private final Options options;
  private final PrintStream out;

  public HttpBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs both and prints the report; returns {in-process, HTTP}. */
  public List<Run> run() {
    try (BenchDatabase dbs = new BenchDatabase(options.db())) {
      out.printf(
          "StockSync HTTP ingest benchmark on %s: %,d events over %,d SKUs in batches of %,d,"
              + " %d connection(s), %d cores, Java %s%n",
          dbs.kind(),
          options.events(),
          options.skus(),
          options.batch(),
          options.connections(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      List<InventoryEvent> events =
          new IngestWorkload(options.skus(), false, 1.0, options.seed())
              .generate(options.events(), IngestBenchmark.ACCOUNT, "e-")
              .events();

      Run engine;
      try (LedgerRepository repo = LedgerRepositories.open(dbs.fresh("inprocess"));
          Engine e = Engine.start(repo, Clock.systemUTC(), EngineSettings.DEFAULT)) {
        IngestBenchmark.setUp(e, options.skus());
        engine = inProcess(e, events);
      }
      report(engine, null);

      Run http;
      String db = dbs.fresh("http");
      ApiMetrics metrics = new ApiMetrics();
      try (LedgerRepository repo = metrics.meter(LedgerRepositories.open(db));
          ApiKeyRepository keys = ApiKeyRepository.open(db);
          PushAttemptRepository attempts = PushAttemptRepository.open(db);
          Engine e = Engine.start(repo, Clock.systemUTC(), EngineSettings.DEFAULT)) {
        IngestBenchmark.setUp(e, options.skus());
        ApiKeys.NewKey key = ApiKeys.generate();
        keys.add(IngestBenchmark.ACCOUNT, key.keyId(), key.hash(), Instant.now());
        metrics.bind(e.stats(), attempts);
        ApiServer server =
            ApiServer.start(
                e,
                new Authenticator(keys),
                attempts,
                new CredentialCipher(new byte[32]),
                metrics,
                new ApiServer.Options("127.0.0.1", 0, 64L << 20));
        try {
          http = overHttp(server.port(), key.key(), events);
        } finally {
          server.close();
        }
      }
      report(http, engine);
      out.println();
      out.printf("HTTP events/s           %,.0f   (target >= 50,000)%n", http.rate());
      out.printf("HTTP / in-process       %.2f   (target >= 0.50)%n", http.rate() / engine.rate());
      return List.of(engine, http);
    }
  }

  private void report(Run r, Run baseline) {
    out.printf(
        "%-34s %,12.0f events/s   batch p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms%s%s%n",
        r.name(),
        r.rate(),
        r.latencyMicros().getValueAtPercentile(50) / 1000.0,
        r.latencyMicros().getValueAtPercentile(99) / 1000.0,
        r.latencyMicros().getMaxValue() / 1000.0,
        baseline == null ? "" : String.format("  (%.2f x in-process)", r.rate() / baseline.rate()),
        r.notApplied() == 0 ? "" : String.format("  (%,d not applied)", r.notApplied()));
  }

  private Run inProcess(Engine engine, List<InventoryEvent> events) {
    Histogram latency = new Histogram(60_000_000L, 3);
    Semaphore window = new Semaphore(options.connections());
    AtomicLong notApplied = new AtomicLong();
    int batch = options.batch();
    long started = System.nanoTime();
    for (int i = 0; i < events.size(); i += batch) {
      window.acquireUninterruptibly();
      long submitted = System.nanoTime();
      CompletableFuture<List<EventResult>> f =
          engine.submit(
              IngestBenchmark.ACCOUNT, events.subList(i, Math.min(events.size(), i + batch)));
      f.whenComplete(
          (results, error) -> {
            synchronized (latency) {
              latency.recordValue(Math.min((System.nanoTime() - submitted) / 1_000, 60_000_000L));
            }
            if (results != null) {
              results.stream()
                  .filter(r -> r.status() != EventResult.Status.APPLIED)
                  .forEach(r -> notApplied.incrementAndGet());
            }
            window.release();
          });
    }
    window.acquireUninterruptibly(options.connections());
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Run("in-process engine", events.size(), seconds, latency, notApplied.get());
  }

  /** The JSON bodies of every batch, made before the clock starts. */
  private List<byte[]> bodies(List<InventoryEvent> events) {
    JsonFactory json = new JsonFactory();
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < events.size(); i += options.batch()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(options.batch() * 140);
      try (JsonGenerator g = json.createGenerator(bytes)) {
        g.writeStartObject();
        g.writeArrayFieldStart("events");
        for (InventoryEvent e : events.subList(i, Math.min(events.size(), i + options.batch()))) {
          g.writeStartObject();
          g.writeStringField("id", e.id());
          g.writeStringField("type", e.type().name());
          g.writeStringField("sku", e.sku());
          g.writeStringField("location", e.location());
          g.writeNumberField("quantity", e.quantity());
          g.writeStringField("occurredAt", e.occurredAt().toString());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bodies.add(bytes.toByteArray());
    }
    return bodies;
  }

  private Run overHttp(int port, String key, List<InventoryEvent> events) {
    List<byte[]> bodies = bodies(events);
    URI uri = URI.create("http://127.0.0.1:" + port + "/v1/events");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    Histogram latency = new Histogram(60_000_000L, 3);
    AtomicInteger next = new AtomicInteger();
    AtomicLong notApplied = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < options.connections(); c++) {
      Thread t =
          new Thread(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                  HttpRequest request =
                      HttpRequest.newBuilder(uri)
                          .header("Authorization", "Bearer " + key)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                          .build();
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<String> r =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    long micros = (System.nanoTime() - sent) / 1_000;
                    synchronized (latency) {
                      latency.recordValue(Math.min(micros, 60_000_000L));
                    }
                    if (r.statusCode() != 200) {
                      throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                    }
                    notApplied.addAndGet(
                        count(r.body(), "\"status\":\"duplicate\"")
                            + count(r.body(), "\"status\":\"rejected\""));
                  } catch (IOException | RuntimeException e) {
                    failures.add(e);
                    return;
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              },
              "bench-client-" + c);
      clients.add(t);
      t.start();
    }
    for (Thread t : clients) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("the load generator failed", failures.get(0));
    }
    return new Run(
        "HTTP POST /v1/events (JSON)", events.size(), seconds, latency, notApplied.get());
  }

  private static long count(String text, String needle) {
    long n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
