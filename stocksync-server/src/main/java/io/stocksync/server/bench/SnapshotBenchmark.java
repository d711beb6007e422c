package io.stocksync.server.bench;

import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.report.ReportRepository;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./stocksync bench snapshot}: fills a store with many SKUs and many more ledger lines, then
 * streams the snapshot (SPEC §11) as of an instant in the middle of the ledger, to the last row,
 * measuring the time and the heap the run needed. The baseline, in the same run, is a plain SELECT
 * of the ledger lines the snapshot covers, read to the last row and dropped: what the store costs
 * before any summing. The ratio says what the snapshot adds.
 *
 * <p>Heap is sampled every few milliseconds by a thread of its own while each read runs, and given
 * as the peak above the heap in use (after a collection) before it: an upper bound of what the read
 * holds, garbage not yet collected included.
 */
public final class SnapshotBenchmark {
  static final String ACCOUNT = "bench";
  static final String LOCATION = "WH1";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int FILL_BATCH = 10_000;

  private final String db;
  private final int skus;
  private final long lines;
  private final PrintStream out;

  public SnapshotBenchmark(String db, int skus, long lines, PrintStream out) {
    if (skus < 1 || lines < skus) {
      throw new IllegalArgumentException("--skus must be 1 or more and --lines at least --skus");
    }
    this.db = db;
    this.skus = skus;
    this.lines = lines;
    this.out = out;
  }

  /** Runs and prints; returns {snapshot millis, baseline millis, snapshot heap, baseline heap}. */
  public long[] run() {
    try (BenchDatabase dbs = new BenchDatabase(db)) {
      String url = dbs.fresh("snapshot");
      out.printf(
          "StockSync snapshot benchmark on %s: %,d SKUs, %,d ledger lines%n",
          dbs.kind(), skus, lines);
      long fillStarted = System.nanoTime();
      String jdbc = fill(url, dbs.isPostgres());
      out.printf("filled in %.1f s%n", (System.nanoTime() - fillStarted) / 1e9);
      // Every SKU has lines on both sides of the middle: the snapshot has a row for each.
      Instant middle = T0.plusMillis(lines / 2);

      AtomicLong rows = new AtomicLong();
      long[] snapshot;
      try (ReportRepository reports = ReportRepository.open(url)) {
        snapshot = measure(() -> reports.snapshot(ACCOUNT, middle, row -> rows.incrementAndGet()));
      }
      AtomicLong baselineRows = new AtomicLong();
      long[] baseline = measure(() -> plainSelect(jdbc, middle, baselineRows));

      out.printf(
          "snapshot at the middle     %,8d ms  %,6d MiB heap  %,d SKU rows%n",
          snapshot[0], snapshot[1] >> 20, rows.get());
      out.printf(
          "baseline: plain SELECT     %,8d ms  %,6d MiB heap  %,d ledger lines%n",
          baseline[0], baseline[1] >> 20, baselineRows.get());
      out.printf(
          "ratio snapshot / baseline  %8.2f x time%n",
          baseline[0] == 0 ? Double.NaN : (double) snapshot[0] / baseline[0]);
      return new long[] {snapshot[0], baseline[0], snapshot[1], baseline[1]};
    }
  }

  /** Creates the schema, the account and its location through the store, the rest by JDBC. */
  private String fill(String url, boolean postgres) {
    try (LedgerRepository repo = LedgerRepositories.open(url)) {
      Instant now = T0;
      repo.commit(
          new WriteSet(
              List.of(new AccountRow(ACCOUNT, "Benchmark", SyncPolicy.DEFAULT, now)),
              List.of(new LocationRow(ACCOUNT, LOCATION, "Main", true)),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of()));
    }
    String jdbc = postgres ? url : "jdbc:sqlite:" + url;
    String filling =
        postgres ? jdbc + (jdbc.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : jdbc;
    try (Connection c = DriverManager.getConnection(filling)) {
      c.setAutoCommit(false);
      try (PreparedStatement sku =
          c.prepareStatement("INSERT INTO skus (account_id, sku, name) VALUES (?, ?, ?)")) {
        for (int i = 0; i < skus; i++) {
          sku.setString(1, ACCOUNT);
          sku.setString(2, IngestWorkload.skuCode(i));
          sku.setString(3, IngestWorkload.skuCode(i));
          sku.addBatch();
          if ((i + 1) % FILL_BATCH == 0) {
            sku.executeBatch();
          }
        }
        sku.executeBatch();
      }
      c.commit();
      // Line n is of SKU n % skus, recorded n ms after T0: every SKU's lines spread over the run.
      try (PreparedStatement line =
          c.prepareStatement(
              "INSERT INTO ledger (account_id, event_id, line, type, sku, location, quantity,"
                  + " on_hand_delta, reserved_delta, occurred_at, recorded_at)"
                  + " VALUES (?, ?, 0, 'PUTAWAY', ?, ?, 1, 1, 0, NULL, ?)")) {
        for (long n = 0; n < lines; n++) {
          line.setString(1, ACCOUNT);
          line.setString(2, "e-" + n);
          line.setString(3, IngestWorkload.skuCode((int) (n % skus)));
          line.setString(4, LOCATION);
          line.setLong(5, T0.toEpochMilli() + n);
          line.addBatch();
          if ((n + 1) % FILL_BATCH == 0) {
            line.executeBatch();
            if ((n + 1) % (FILL_BATCH * 100L) == 0) {
              c.commit();
              out.printf("  %,d / %,d ledger lines stored%n", n + 1, lines);
            }
          }
        }
        line.executeBatch();
      }
      c.commit();
      if (postgres) {
        c.setAutoCommit(true);
        try (var s = c.createStatement()) {
          s.execute("ANALYZE");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("filling the benchmark store failed: " + e.getMessage(), e);
    }
    return jdbc;
  }

  /** The baseline: the ledger lines up to {@code at}, read to the last row and dropped. */
  private static void plainSelect(String jdbc, Instant at, AtomicLong rows) {
    try (Connection c = DriverManager.getConnection(jdbc)) {
      c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT sku, location, on_hand_delta, reserved_delta, recorded_at FROM ledger"
                  + " WHERE account_id = ? AND recorded_at <= ?",
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY)) {
        s.setFetchSize(1_000);
        s.setString(1, ACCOUNT);
        s.setLong(2, at.toEpochMilli());
        try (ResultSet r = s.executeQuery()) {
          long sum = 0;
          while (r.next()) {
            sum += r.getString(1).length() + r.getLong(3) + r.getLong(4) + r.getLong(5);
            rows.incrementAndGet();
          }
          if (sum == 42) {
            System.out.print(""); // keeps the reads from being optimised away
          }
        }
      }
      c.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException("the baseline SELECT failed: " + e.getMessage(), e);
    }
  }

  /** {elapsed millis, peak heap above the collected baseline} of {@code read}. */
  private static long[] measure(Runnable read) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long before = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(before);
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long started = System.nanoTime();
    read.run();
    long millis = (System.nanoTime() - started) / 1_000_000;
    sampler.interrupt();
    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    return new long[] {millis, Math.max(0, peak.get() - before)};
  }
}
