package io.stocksync.server.simulate;

import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.simulation.ChannelModel;
import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.SimulationResult;
import io.stocksync.core.simulation.Simulator;
import io.stocksync.core.simulation.Strategy;
import io.stocksync.core.simulation.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Comparison#run} spread over several threads: the core's simulator is single-threaded and
 * keeps its state per run, so each thread replays the trace on a simulator of its own, taking the
 * next strategy to run until none is left. The report is the same as the single-threaded one, in
 * the same order (a test says so).
 */
public final class ParallelComparison {
  private ParallelComparison() {}

  /** The threads a run uses by default: one per core. */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** Runs {@code policies} (duplicates once) and the baselines on {@code threads} threads. */
  public static Comparison run(
      Trace trace,
      List<ChannelModel> channels,
      List<SyncPolicy> policies,
      boolean keepFigures,
      int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or more");
    }
    List<Strategy> strategies = new ArrayList<>();
    List<SyncPolicy> distinct = Comparison.distinct(policies);
    distinct.forEach(p -> strategies.add(Strategy.Policy.of(p)));
    strategies.addAll(Strategy.BASELINES);
    int n = Math.min(threads, strategies.size());
    if (n <= 1) {
      return Comparison.run(trace, channels, policies, keepFigures);
    }
    SimulationResult[] results = new SimulationResult[strategies.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger named = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "stocksync-simulate-" + named.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < n; w++) {
        running.add(
            pool.submit(
                () -> {
                  Simulator simulator = new Simulator(trace, channels);
                  for (int i = next.getAndIncrement();
                      i < results.length;
                      i = next.getAndIncrement()) {
                    results[i] = simulator.run(strategies.get(i), keepFigures);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the simulation was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the simulation failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<SimulationResult> all = List.of(results);
    return Comparison.of(
        trace.size(), all.subList(0, distinct.size()), all.subList(distinct.size(), all.size()));
  }
}
