package io.stocksync.server.bench;

import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.simulation.ChannelModel;
import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.SimulationResult;
import io.stocksync.core.simulation.Simulator;
import io.stocksync.core.simulation.Strategy;
import io.stocksync.core.simulation.Sweep;
import io.stocksync.core.simulation.Trace;
import io.stocksync.server.simulate.ParallelComparison;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code stocksync bench simulate}: how fast the policy simulator replays a trace, and how long a
 * sweep of the grid takes, each beside a baseline measured in the same run: a plain pass over the
 * same events ({@link Trace#plainPass}), which reads every column and applies no rule.
 *
 * <p>The trace is generated: SKUs drawn with a strong skew (a few sell most), a put-away of 3,000
 * each at the start, then orders (75 %), shipments of reserved units (10 %), put-aways (7 %),
 * adjustments (5 %) and returns (3 %), a quarter of a second apart on average; five channels as
 * {@code simulate} models them by default.
 */
public final class SimulateBenchmark {

  /**
   * What to run.
   *
   * @param events events in the replay run
   * @param sweepEvents events in the sweep run
   * @param skus SKUs the traces draw from
   * @param seed the generator's seed
   */
  public record Options(int events, int sweepEvents, int skus, long seed) {}

  private final Options options;
  private final PrintStream out;

  public SimulateBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Generates the traces, runs both parts and prints their figures. */
  public void run() {
    out.printf(
        "simulate benchmark: %,d SKUs, 5 channels (%s)%n",
        options.skus(),
        String.join(", ", ChannelModel.STANDARD.stream().map(ChannelModel::name).toList()));
    replay();
    sweep();
  }

  private void replay() {
    long g = System.nanoTime();
    Trace trace = generate(options.events(), options.skus(), options.seed());
    out.printf(
        "%nreplay: %,d events generated in %.1f s%n", trace.size(), (System.nanoTime() - g) / 1e9);
    Simulator simulator = new Simulator(trace, ChannelModel.STANDARD);
    simulator.run(Strategy.Policy.of(SyncPolicy.DEFAULT), false); // warm-up
    long start = System.nanoTime();
    SimulationResult r = simulator.run(Strategy.Policy.of(SyncPolicy.DEFAULT), false);
    double seconds = (System.nanoTime() - start) / 1e9;
    double baselineSeconds = plain(trace, 3);
    double rate = trace.size() / seconds;
    double baseRate = trace.size() / baselineSeconds;
    out.printf(
        "  simulator, seed policy X=2000 N=10 Y=100 T=900   %,14.0f events/s  (%.2f s; %,d syncs,"
            + " %,d pushes, %,d calls)%n",
        rate, seconds, r.syncs(), r.pushes(), r.calls());
    out.printf(
        "  baseline, a plain pass over the same events      %,14.0f events/s  (%.3f s)%n",
        baseRate, baselineSeconds);
    out.printf("  simulator / baseline: %.3f of the plain pass's rate%n", rate / baseRate);
  }

  private void sweep() {
    Trace trace = generate(options.sweepEvents(), options.skus(), options.seed() + 1);
    List<SyncPolicy> grid = Sweep.grid(SyncPolicy.DEFAULT);
    int threads = ParallelComparison.defaultThreads();
    ParallelComparison.run(trace, ChannelModel.STANDARD, grid.subList(0, 5), false, threads);
    long start = System.nanoTime();
    Comparison c = ParallelComparison.run(trace, ChannelModel.STANDARD, grid, false, threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    double baselineSeconds = plainOn(trace, grid.size() + Strategy.BASELINES.size(), threads);
    out.printf(
        "%nsweep: %d policies and %d baselines over %,d events, on %d threads (simulator and"
            + " baseline alike)%n",
        grid.size(), Strategy.BASELINES.size(), trace.size(), threads);
    out.printf(
        "  simulator   %8.2f s  (%,.0f events/s; frontier of %d policies)%n",
        seconds,
        (double) trace.size() * (grid.size() + Strategy.BASELINES.size()) / seconds,
        c.frontier().size());
    out.printf(
        "  baseline    %8.2f s  (%d plain passes over the same events)%n",
        baselineSeconds, grid.size() + Strategy.BASELINES.size());
    out.printf("  simulator / baseline: %.1fx the time%n", seconds / baselineSeconds);
  }

  /** Seconds for {@code passes} plain passes (after one warm-up pass). */
  private static double plain(Trace trace, int passes) {
    long sink = trace.plainPass()[0];
    long start = System.nanoTime();
    for (int p = 0; p < passes; p++) {
      sink += trace.plainPass()[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink == 42) {
      System.out.print(""); // keeps the passes from being optimised away
    }
    return seconds;
  }

  /** Seconds for {@code passes} plain passes spread over {@code threads} threads. */
  private static double plainOn(Trace trace, int passes, int threads) {
    trace.plainPass(); // warm-up
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicLong sink = new java.util.concurrent.atomic.AtomicLong();
    Thread[] workers = new Thread[threads];
    long start = System.nanoTime();
    for (int w = 0; w < threads; w++) {
      workers[w] =
          new Thread(
              () -> {
                long mine = 0;
                while (next.getAndIncrement() < passes) {
                  mine += trace.plainPass()[0];
                }
                sink.addAndGet(mine);
              },
              "stocksync-bench-plain-" + w);
      workers[w].start();
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink.get() == 42) {
      System.out.print(""); // keeps the passes from being optimised away
    }
    return seconds;
  }

  /** The generated trace described above, reproducible from {@code seed}. */
  static Trace generate(int events, int skus, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Trace.Builder b = Trace.builder(events);
    String[] codes = new String[skus];
    long[] reserved = new long[skus];
    long[] onHand = new long[skus];
    long at = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    for (int s = 0; s < skus && s < events; s++) {
      codes[s] = String.format("SKU-%06d", s);
      b.add(EventType.PUTAWAY, codes[s], "WH1", 3000, at);
      onHand[s] = 3000;
    }
    for (int i = Math.min(skus, events); i < events; i++) {
      at += random.nextInt(500);
      double u = random.nextDouble();
      int s = (int) (skus * u * u * u);
      int kind = random.nextInt(100);
      if (kind < 75) {
        long q = 1 + random.nextInt(3);
        b.add(EventType.ORDER_PLACED, codes[s], "WH1", q, at);
        reserved[s] += q;
      } else if (kind < 85 && reserved[s] > 0 && onHand[s] > 0) {
        long q = Math.min(Math.min(reserved[s], onHand[s]), 1 + random.nextInt(3));
        b.add(EventType.ORDER_SHIPPED, codes[s], "WH1", q, at);
        reserved[s] -= q;
        onHand[s] -= q;
      } else if (kind < 92) {
        long q = random.nextInt(4) == 0 ? 150 : 1 + random.nextInt(40);
        b.add(EventType.PUTAWAY, codes[s], "WH1", q, at);
        onHand[s] += q;
      } else if (kind < 97) {
        long q = onHand[s] > 2 ? -1 - random.nextInt(2) : 1;
        b.add(EventType.ADJUSTMENT, codes[s], "WH1", q, at);
        onHand[s] += q;
      } else {
        b.add(EventType.RETURN_RECEIVED, codes[s], "WH1", 1, at);
        onHand[s] += 1;
      }
    }
    return b.build();
  }
}
