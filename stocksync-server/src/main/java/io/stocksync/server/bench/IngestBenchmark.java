package io.stocksync.server.bench;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.store.LedgerBaseline;
import io.stocksync.store.LedgerRepositories;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code ./stocksync bench ingest}: the engine's durable ingest rate on a Zipf-skewed mix and on
 * one hot SKU, its submit-to-durable latency at peak and at half the peak rate, and, in the same
 * run, the baseline of plain batched JDBC inserts of the same ledger rows into the same kind of
 * database.
 */
public final class IngestBenchmark {
  static final String ACCOUNT = "bench";
  static final String CHANNEL = "hook";

  /** What to run. */
  public record Options(
      String db, int events, int skus, int chunk, int window, EngineSettings engine, long seed) {}

  /** One measured run. */
  public record Run(String name, long events, double seconds, Histogram latencyMicros) {
    double rate() {
      return events / seconds;
    }
  }

  private final Options options;
  private final PrintStream out;

  public IngestBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs everything and prints the report; returns the runs (for tests of the bench itself). */
  public List<Run> run() {
    List<Run> runs = new ArrayList<>();
    try (BenchDatabase dbs = new BenchDatabase(options.db())) {
      out.printf(
          "StockSync ingest benchmark on %s: %,d events over %,d SKUs, chunks of %d, window %d,"
              + " batch B=%d, %d partition(s), %d cores, Java %s%n",
          dbs.kind(),
          options.events(),
          options.skus(),
          options.chunk(),
          options.window(),
          options.engine().batchEvents(),
          options.engine().partitions(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));

      IngestWorkload uniform = new IngestWorkload(options.skus(), false, 1.0, options.seed());
      IngestWorkload.Generated gen = uniform.generate(options.events(), ACCOUNT, "e-");

      Run baseline = baseline(dbs.fresh("baseline"), gen.ledgerRows());
      runs.add(baseline);
      report(baseline, null);

      Run peak;
      Run halfPeak;
      try (LedgerRepository repo = LedgerRepositories.open(dbs.fresh("engine"));
          Engine engine = Engine.start(repo, Clock.systemUTC(), options.engine())) {
        setUp(engine, options.skus());
        peak = drive("engine, Zipf mix (peak)", engine, gen.events(), 0);
        runs.add(peak);
        report(peak, baseline);
        int halfCount = Math.max(options.events() / 5, options.chunk());
        List<InventoryEvent> more =
            new IngestWorkload(options.skus(), false, 1.0, options.seed() + 1)
                .generate(halfCount, ACCOUNT, "h-")
                .events();
        halfPeak = drive("engine, Zipf mix at half the peak rate", engine, more, peak.rate() / 2);
        runs.add(halfPeak);
        report(halfPeak, baseline);
      }

      IngestWorkload hot = new IngestWorkload(1, true, 1.0, options.seed());
      List<InventoryEvent> hotEvents = hot.generate(options.events(), ACCOUNT, "x-").events();
      Run hotRun;
      try (LedgerRepository repo = LedgerRepositories.open(dbs.fresh("hot"));
          Engine engine = Engine.start(repo, Clock.systemUTC(), options.engine())) {
        setUp(engine, 1);
        hotRun = drive("engine, one hot SKU", engine, hotEvents, 0);
        runs.add(hotRun);
        report(hotRun, baseline);
      }

      out.println();
      out.printf(
          "engine / baseline       %.2f   (target >= 0.50)%n", peak.rate() / baseline.rate());
      out.printf("hot SKU / Zipf mix      %.2f   (target >= 0.80)%n", hotRun.rate() / peak.rate());
      out.printf(
          "p99 at half peak        %.1f ms (target <= 25 ms)%n",
          halfPeak.latencyMicros().getValueAtPercentile(99) / 1000.0);
    }
    return runs;
  }

  private void report(Run r, Run baseline) {
    String ratio =
        baseline == null || r == baseline
            ? ""
            : String.format("  (%.2f x baseline)", r.rate() / baseline.rate());
    if (r.latencyMicros() == null) {
      out.printf("%-44s %,12.0f events/s%s%n", r.name(), r.rate(), ratio);
    } else {
      out.printf(
          "%-44s %,12.0f events/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms%s%n",
          r.name(),
          r.rate(),
          r.latencyMicros().getValueAtPercentile(50) / 1000.0,
          r.latencyMicros().getValueAtPercentile(99) / 1000.0,
          r.latencyMicros().getMaxValue() / 1000.0,
          ratio);
    }
  }

  private Run baseline(String db, List<LedgerRow> rows) {
    try (LedgerBaseline baseline = LedgerBaseline.open(db)) {
      int b = options.engine().batchEvents();
      long started = System.nanoTime();
      for (int i = 0; i < rows.size(); i += b) {
        baseline.insert(rows.subList(i, Math.min(rows.size(), i + b)));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Run("baseline: batched JDBC inserts of the rows", rows.size(), seconds, null);
    }
  }

  /** Creates the account, a location, the SKUs listed on a webhook channel, and their stock. */
  static void setUp(Engine engine, int skus) {
    engine.createAccount(ACCOUNT, "Benchmark", SyncPolicy.DEFAULT).join();
    engine
        .execute(
            ACCOUNT,
            (a, changes, now) -> {
              a.putLocation(IngestWorkload.LOCATION, "Main warehouse", true, now, changes);
              a.putChannel(
                  new ChannelRow(
                      ACCOUNT,
                      CHANNEL,
                      "webhook",
                      "http://127.0.0.1:9/hook",
                      "{}",
                      null,
                      List.of(),
                      true,
                      ChannelRules.DEFAULT),
                  now,
                  changes);
              for (int i = 0; i < skus; i++) {
                String code = IngestWorkload.skuCode(i);
                a.putSku(code, code, null, now, changes);
                a.putListing(CHANNEL, code, code, null, now, changes);
              }
              return null;
            })
        .join();
    List<InventoryEvent> stock = new ArrayList<>(skus);
    for (int i = 0; i < skus; i++) {
      stock.add(
          new InventoryEvent(
              "stock-" + i,
              EventType.PUTAWAY,
              IngestWorkload.skuCode(i),
              IngestWorkload.LOCATION,
              IngestWorkload.INITIAL_STOCK,
              null));
    }
    for (int i = 0; i < stock.size(); i += 5_000) {
      engine.submit(ACCOUNT, stock.subList(i, Math.min(stock.size(), i + 5_000))).join();
    }
  }

  /**
   * Submits the events in chunks, at most {@code window} chunks awaiting their durable result at
   * once; {@code rate} > 0 paces submissions to that many events per second.
   */
  private Run drive(String name, Engine engine, List<InventoryEvent> events, double rate) {
    Histogram latency = new Histogram(60_000_000L, 3);
    Semaphore window = new Semaphore(options.window());
    int chunk = options.chunk();
    long[] rejected = new long[1];
    List<CompletableFuture<?>> tail = new ArrayList<>();
    long batchesBefore = engine.stats().batches();
    long eventsBefore = engine.stats().events();
    long commitBefore = engine.stats().commitNanos();
    long started = System.nanoTime();
    for (int i = 0; i < events.size(); i += chunk) {
      if (rate > 0) {
        long due = started + (long) (i / rate * 1e9);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      window.acquireUninterruptibly();
      long submitted = System.nanoTime();
      CompletableFuture<List<EventResult>> f =
          engine.submit(ACCOUNT, events.subList(i, Math.min(events.size(), i + chunk)));
      CompletableFuture<?> done =
          f.whenComplete(
              (results, error) -> {
                long micros = (System.nanoTime() - submitted) / 1_000;
                synchronized (latency) {
                  latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                  if (results != null) {
                    for (EventResult r : results) {
                      if (r.status() != EventResult.Status.APPLIED) {
                        rejected[0]++;
                      }
                    }
                  }
                }
                window.release();
              });
      if (i + chunk >= events.size() - chunk * (long) options.window()) {
        tail.add(done);
      }
    }
    CompletableFuture.allOf(tail.toArray(new CompletableFuture<?>[0])).join();
    window.acquireUninterruptibly(options.window());
    double seconds = (System.nanoTime() - started) / 1e9;
    if (rejected[0] > 0) {
      out.printf("  (%s: %,d events not applied)%n", name, rejected[0]);
    }
    long batches = engine.stats().batches() - batchesBefore;
    out.printf(
        "  %s: %,d batches, %.0f events a batch, %.2f ms a commit%n",
        name,
        batches,
        (engine.stats().events() - eventsBefore) / (double) Math.max(1, batches),
        (engine.stats().commitNanos() - commitBefore) / 1e6 / Math.max(1, batches));
    return new Run(name, events.size(), seconds, latency);
  }
}
