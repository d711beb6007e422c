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
import io.stocksync.server.engine.EngineStats;
import io.stocksync.store.LedgerBaseline;
import io.stocksync.store.LedgerRepositories;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private final GcPauses gc = new GcPauses();

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
      out.printf("load average at the start: %s%n", loadAverage());
      try (PostgresActivity server = dbs.activity()) {
        if (server != null) {
          out.printf("PostgreSQL: %s%n", server.settings());
        }
      }

      IngestWorkload uniform = new IngestWorkload(options.skus(), false, 1.0, options.seed());
      IngestWorkload.Generated gen = uniform.generate(options.events(), ACCOUNT, "e-");

      Run baseline = baseline(dbs.fresh("baseline"), gen.ledgerRows());
      runs.add(baseline);
      report(baseline, null);

      Run peak;
      Run halfPeak;
      try (LedgerRepository repo = LedgerRepositories.open(dbs.fresh("engine"));
          Engine engine = Engine.start(repo, Clock.systemUTC(), options.engine());
          Probe probe = new Probe(dbs.activity(), engine.stats())) {
        setUp(engine, options.skus());
        peak = drive("engine, Zipf mix (peak)", engine, gen.events(), 0, probe);
        runs.add(peak);
        report(peak, baseline);
        int halfCount = Math.max(options.events() / 5, options.chunk());
        List<InventoryEvent> more =
            new IngestWorkload(options.skus(), false, 1.0, options.seed() + 1)
                .generate(halfCount, ACCOUNT, "h-")
                .events();
        halfPeak =
            drive("engine, Zipf mix at half the peak rate", engine, more, peak.rate() / 2, probe);
        runs.add(halfPeak);
        report(halfPeak, baseline);
      }

      IngestWorkload hot = new IngestWorkload(1, true, 1.0, options.seed());
      List<InventoryEvent> hotEvents = hot.generate(options.events(), ACCOUNT, "x-").events();
      Run hotRun;
      try (LedgerRepository repo = LedgerRepositories.open(dbs.fresh("hot"));
          Engine engine = Engine.start(repo, Clock.systemUTC(), options.engine());
          Probe probe = new Probe(dbs.activity(), engine.stats())) {
        setUp(engine, 1);
        hotRun = drive("engine, one hot SKU", engine, hotEvents, 0, probe);
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
      out.printf("load average at the end: %s%n", loadAverage());
    }
    gc.close();
    return runs;
  }

  /** The 1, 5 and 15 minute load averages, where the system says them (Linux). */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
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
   * once. With {@code rate} = 0 it is closed loop: the next chunk goes as soon as the window lets
   * it, and a chunk's latency runs from its submission. With {@code rate} > 0 it is open loop:
   * chunk k is due at {@code k × chunk / rate} seconds after the start, whatever became of the
   * chunks before it, and its latency runs from that due time, so time a late submission spent
   * waiting (for the window, a full inbox, the CPU) is counted rather than hidden (coordinated
   * omission).
   */
  private Run drive(
      String name, Engine engine, List<InventoryEvent> events, double rate, Probe probe) {
    Histogram latency = new Histogram(3);
    Histogram service = new Histogram(3);
    Histogram lateness = new Histogram(3);
    Semaphore window = new Semaphore(options.window());
    int chunk = options.chunk();
    int chunks = (events.size() + chunk - 1) / chunk;
    long[] startedAt = new long[chunks];
    long[] latencies = new long[chunks];
    long[] rejected = new long[1];
    List<CompletableFuture<?>> tail = new ArrayList<>();
    EngineStats stats = engine.stats();
    Distributions before = Distributions.of(stats);
    PostgresActivity.Counters serverBefore = probe.counters();
    Histogram gcBefore = gc.snapshot();
    long started = System.nanoTime();
    for (int k = 0; k < chunks; k++) {
      int i = k * chunk;
      long due = rate > 0 ? started + (long) (i / rate * 1e9) : 0;
      if (rate > 0) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      window.acquireUninterruptibly();
      long submitted = System.nanoTime();
      long from = rate > 0 ? due : submitted;
      if (rate > 0) {
        lateness.recordValue((submitted - due) / 1_000);
      }
      int slot = k;
      startedAt[slot] = from;
      CompletableFuture<List<EventResult>> f =
          engine.submit(ACCOUNT, events.subList(i, Math.min(events.size(), i + chunk)));
      CompletableFuture<?> done =
          f.whenComplete(
              (results, error) -> {
                long now = System.nanoTime();
                synchronized (latency) {
                  latencies[slot] = (now - from) / 1_000;
                  latency.recordValue(latencies[slot]);
                  service.recordValue((now - submitted) / 1_000);
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
    window.release(options.window());
    long ended = System.nanoTime();
    double seconds = (ended - started) / 1e9;
    if (rejected[0] > 0) {
      out.printf("  (%s: %,d events not applied)%n", name, rejected[0]);
    }
    Distributions during = Distributions.of(stats).minus(before);
    long batches = during.batchSizes().getTotalCount();
    out.printf(
        "  %s: %,d batches, %.0f events a batch, %.2f ms a commit%n",
        name, batches, during.batchSizes().getMean(), during.commitMicros().getMean() / 1000.0);
    out.printf(
        "    batch size p50 %,d  p99 %,d  max %,d;  commit %s;  closed batch waiting for the"
            + " store %s;  submission waiting in the inbox %s%n",
        during.batchSizes().getValueAtPercentile(50),
        during.batchSizes().getValueAtPercentile(99),
        during.batchSizes().getMaxValue(),
        millis(during.commitMicros()),
        millis(during.storeWaitMicros()),
        millis(during.inboxWaitMicros()));
    if (rate > 0) {
      out.printf(
          "    paced open loop: a chunk of %d due every %.3f ms (%,.0f events/s), latency from the"
              + " due time; submissions late by %s; from actual submission %s%n",
          chunk, chunk / rate * 1e3, rate, millis(lateness), millis(service));
    } else {
      out.printf(
          "    closed loop: up to %d chunks of %d awaiting their result, latency from submission%n",
          options.window(), chunk);
    }
    Histogram pauses = gc.snapshot();
    pauses.subtract(gcBefore);
    out.printf(
        "    JVM: %d GC pauses, %.0f ms in all, longest %.1f ms%n",
        pauses.getTotalCount(),
        pauses.getMean() * pauses.getTotalCount() / 1000.0,
        pauses.getMaxValue() / 1000.0);
    probe.report(name, serverBefore, started, ended, events.size(), startedAt, latencies);
    return new Run(name, events.size(), seconds, latency);
  }

  private static String millis(Histogram h) {
    return String.format(
        "p50 %.2f / p99 %.2f / max %.2f ms",
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
  }

  /** The engine's distributions, copied at one moment; {@link #minus} gives those in between. */
  private record Distributions(
      Histogram commitMicros,
      Histogram batchSizes,
      Histogram storeWaitMicros,
      Histogram inboxWaitMicros) {
    static Distributions of(EngineStats stats) {
      return new Distributions(
          stats.commitMicros(),
          stats.batchSizes(),
          stats.storeWaitMicros(),
          stats.inboxWaitMicros());
    }

    Distributions minus(Distributions earlier) {
      commitMicros.subtract(earlier.commitMicros);
      batchSizes.subtract(earlier.batchSizes);
      storeWaitMicros.subtract(earlier.storeWaitMicros);
      inboxWaitMicros.subtract(earlier.inboxWaitMicros);
      return this;
    }
  }

  /**
   * On PostgreSQL, samples every {@value #SAMPLE_MILLIS} ms whether the server is checkpointing,
   * with the engine's commit counters, so that a run's report can set the latency of the chunks due
   * during a checkpoint beside that of the others. On SQLite it does nothing.
   */
  private final class Probe implements AutoCloseable {
    static final long SAMPLE_MILLIS = 50;

    private final PostgresActivity server;
    private final EngineStats stats;
    private final Thread sampler;

    /** Each {nanoTime, 1 if checkpointing else 0, batches, commitNanos}. */
    private final List<long[]> samples = new ArrayList<>();

    private volatile boolean stop;

    Probe(PostgresActivity server, EngineStats stats) {
      this.server = server;
      this.stats = stats;
      this.sampler = new Thread(this::sample, "bench-probe");
      sampler.setDaemon(true);
      if (server != null) {
        sampler.start();
      }
    }

    private void sample() {
      while (!stop) {
        boolean checkpointing;
        synchronized (server) {
          checkpointing = server.checkpointing();
        }
        long[] s = {System.nanoTime(), checkpointing ? 1 : 0, stats.batches(), stats.commitNanos()};
        synchronized (samples) {
          samples.add(s);
        }
        LockSupport.parkNanos(SAMPLE_MILLIS * 1_000_000);
      }
    }

    PostgresActivity.Counters counters() {
      if (server == null) {
        return null;
      }
      synchronized (server) {
        return server.counters();
      }
    }

    /** Whether the sample nearest before {@code nanos} saw a checkpoint; null when none. */
    private Boolean checkpointingAt(List<long[]> all, long nanos) {
      long[] last = null;
      for (long[] s : all) {
        if (s[0] > nanos) {
          break;
        }
        last = s;
      }
      return last == null ? null : last[1] == 1;
    }

    void report(
        String name,
        PostgresActivity.Counters before,
        long from,
        long to,
        long events,
        long[] startedAt,
        long[] latencies) {
      if (server == null) {
        return;
      }
      PostgresActivity.Counters after = counters();
      List<long[]> all;
      synchronized (samples) {
        all = new ArrayList<>(samples);
      }
      Histogram during = new Histogram(3);
      Histogram outside = new Histogram(3);
      for (int k = 0; k < startedAt.length; k++) {
        Boolean c = checkpointingAt(all, startedAt[k]);
        if (c != null) {
          (c ? during : outside).recordValue(latencies[k]);
        }
      }
      long inRun = 0;
      long checkpointingSamples = 0;
      long[] commitsDuring = new long[2]; // batches, nanos
      long[] commitsOutside = new long[2];
      long[] previous = null;
      for (long[] s : all) {
        if (s[0] >= from && s[0] <= to) {
          inRun++;
          checkpointingSamples += s[1];
          if (previous != null) {
            long[] into = s[1] == 1 ? commitsDuring : commitsOutside;
            into[0] += s[2] - previous[2];
            into[1] += s[3] - previous[3];
          }
        }
        previous = s;
      }
      out.printf(
          "    PostgreSQL: checkpoints started +%d timed +%d requested, %,d buffers written by"
              + " checkpoints, %,d by backends; checkpointing in %d%% of the run;"
              + " WAL %,d MB (%,d bytes an event), %,d full-page images%n",
          after.checkpointsTimed() - before.checkpointsTimed(),
          after.checkpointsRequested() - before.checkpointsRequested(),
          after.buffersCheckpoint() - before.buffersCheckpoint(),
          after.buffersBackend() - before.buffersBackend(),
          inRun == 0 ? 0 : 100 * checkpointingSamples / inRun,
          (after.walBytes() - before.walBytes()) >> 20,
          (after.walBytes() - before.walBytes()) / Math.max(1, events),
          after.walFullPageImages() - before.walFullPageImages());
      out.printf(
          "    chunks due while checkpointing: %,d, latency %s, %.2f ms a commit;"
              + " otherwise: %,d, latency %s, %.2f ms a commit%n",
          during.getTotalCount(),
          millis(during),
          commitsDuring[1] / 1e6 / Math.max(1, commitsDuring[0]),
          outside.getTotalCount(),
          millis(outside),
          commitsOutside[1] / 1e6 / Math.max(1, commitsOutside[0]));
    }

    @Override
    public void close() {
      stop = true;
      if (server != null) {
        try {
          sampler.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        server.close();
      }
    }
  }
}
