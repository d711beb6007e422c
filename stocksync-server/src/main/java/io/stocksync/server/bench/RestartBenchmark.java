package io.stocksync.server.bench;

import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.store.LedgerRepositories;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./stocksync bench restart}: fills a store with many SKUs (each with a balance and one
 * applied event), then measures how long a fresh engine takes to load them and be ready, and how
 * much heap their state takes once loaded. The baseline is the time to read the same rows with the
 * engine discarding them (the store's own read speed).
 */
public final class RestartBenchmark {
  private final String db;
  private final int skus;
  private final PrintStream out;

  public RestartBenchmark(String db, int skus, PrintStream out) {
    this.db = db;
    this.skus = skus;
    this.out = out;
  }

  /** Runs and prints; returns {heap bytes, restart millis}. */
  public long[] run() {
    try (BenchDatabase dbs = new BenchDatabase(db)) {
      String url = dbs.fresh("restart");
      out.printf("StockSync restart benchmark on %s: %,d SKUs%n", dbs.kind(), skus);
      long fillStarted = System.nanoTime();
      fill(url); // in a method of its own, so that nothing of the filling engine stays reachable
      out.printf("filled in %.1f s%n", (System.nanoTime() - fillStarted) / 1e9);

      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long before = usedHeapAfterGc(memory);
      long started = System.nanoTime();
      long heap;
      long millis;
      try (LedgerRepository repo = LedgerRepositories.open(url);
          Engine engine = Engine.start(repo, Clock.systemUTC(), EngineSettings.DEFAULT)) {
        // Ready means answering: one durable read through the writer.
        engine.execute(IngestBenchmark.ACCOUNT, (a, c, now) -> a.skuCount()).join();
        millis = (System.nanoTime() - started) / 1_000_000;
        heap = usedHeapAfterGc(memory) - before;
      }
      out.printf("restart to ready           %,8d ms   (target <= 10,000 ms)%n", millis);
      out.printf(
          "heap held by the state     %,8d MiB  (%d bytes a SKU; target <= 1,024 MiB;"
              + " heap in use %,d MiB before the restart)%n",
          heap >> 20, heap / skus, before >> 20);
      return new long[] {heap, millis};
    }
  }

  private void fill(String url) {
    try (LedgerRepository repo = LedgerRepositories.open(url);
        Engine engine = Engine.start(repo, Clock.systemUTC(), EngineSettings.DEFAULT)) {
      fill(engine);
    }
  }

  private void fill(Engine engine) {
    engine.createAccount(IngestBenchmark.ACCOUNT, "Benchmark", SyncPolicy.DEFAULT).join();
    engine
        .execute(
            IngestBenchmark.ACCOUNT,
            (a, changes, now) -> {
              a.putLocation(IngestWorkload.LOCATION, "Main warehouse", true, now, changes);
              return null;
            })
        .join();
    int step = 10_000;
    for (int from = 0; from < skus; from += step) {
      int to = Math.min(skus, from + step);
      int f = from;
      engine
          .execute(
              IngestBenchmark.ACCOUNT,
              (a, changes, now) -> {
                for (int i = f; i < to; i++) {
                  String code = IngestWorkload.skuCode(i);
                  a.putSku(code, null, null, now, changes);
                }
                return null;
              })
          .join();
      List<InventoryEvent> stock = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        stock.add(
            new InventoryEvent(
                "stock-" + i,
                EventType.PUTAWAY,
                IngestWorkload.skuCode(i),
                IngestWorkload.LOCATION,
                5_000 + i % 100,
                null));
      }
      engine.submit(IngestBenchmark.ACCOUNT, stock).join();
      if ((to / step) % 20 == 0 || to == skus) {
        out.printf("  %,d / %,d SKUs stored%n", to, skus);
      }
    }
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
