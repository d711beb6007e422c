package io.stocksync.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.store.LedgerRepositories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §6 under {@code kill -9}: a child JVM ingests while this test records every acknowledged
 * result, kills it at random moments, restarts it a little before where it stopped (so it retries),
 * and finally checks the store: every acknowledged event present exactly once, no event
 * half-applied, every balance equal to the sum of its ledger deltas.
 */
class EngineCrashTest {
  static final int KILLS = 20;

  @TempDir Path dir;

  @Test
  void acknowledgedEventsSurviveKillNineOnSqlite() throws Exception {
    String db = dir.resolve("crash.db").toString();
    crashAndVerify(db, "jdbc:sqlite:" + db);
  }

  @Test
  void acknowledgedEventsSurviveKillNineOnPostgres() throws Exception {
    String base = System.getenv("STOCKSYNC_TEST_POSTGRES_URL");
    Assumptions.assumeTrue(
        base != null, "STOCKSYNC_TEST_POSTGRES_URL is not set: skipping the PostgreSQL crash test");
    String schema = "crash_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try {
      crashAndVerify(url, url);
    } finally {
      try (Connection c = DriverManager.getConnection(base);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private void crashAndVerify(String db, String jdbcUrl) throws Exception {
    setUp(db);
    Map<String, String> acked = new ConcurrentHashMap<>();
    AtomicInteger appliedTwice = new AtomicInteger();
    Random random = new Random(7);
    int next = 0;
    int kills = 0;
    while (kills < KILLS) {
      int from = Math.max(0, next - 40); // retry a little of what may or may not have landed
      Process child = startChild(db, from, from + 1_000_000);
      AtomicInteger highest = new AtomicInteger(next - 1);
      CountDownLatch ready = new CountDownLatch(1);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    if (line.equals("READY")) {
                      ready.countDown();
                    } else if (line.startsWith("ACK ")) {
                      String[] p = line.split(" ");
                      int index = Integer.parseInt(p[1]);
                      String previous = acked.put(p[2], p[3]);
                      if ("APPLIED".equals(previous) && "APPLIED".equals(p[3])) {
                        appliedTwice.incrementAndGet();
                      }
                      if ("APPLIED".equals(previous)) {
                        acked.put(p[2], previous); // a later DUPLICATE does not undo it
                      }
                      highest.accumulateAndGet(index, Math::max);
                    }
                  }
                } catch (Exception e) {
                  // the child was killed mid-line: what was read is what counts
                }
              });
      reader.start();
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("child started").isTrue();
      // Let it ingest for a random moment, then kill -9 (destroyForcibly is SIGKILL on Linux).
      child.waitFor(100 + random.nextInt(500), TimeUnit.MILLISECONDS);
      child.destroyForcibly();
      child.waitFor();
      reader.join();
      kills++;
      next = highest.get() + 1;
    }

    assertThat(appliedTwice.get()).as("events acknowledged as applied twice").isZero();
    long appliedAcks = acked.values().stream().filter("APPLIED"::equals).count();
    assertThat(appliedAcks).as("acknowledged applied events").isGreaterThan(100);

    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      Map<String, Integer> lines = new HashMap<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT event_id, COUNT(*) FROM ledger WHERE account_id = 'crash' GROUP BY event_id")) {
        while (rs.next()) {
          lines.put(rs.getString(1), rs.getInt(2));
        }
      }
      for (Map.Entry<String, String> a : acked.entrySet()) {
        if (a.getValue().equals("APPLIED") || a.getValue().equals("DUPLICATE")) {
          assertThat(lines).as("acknowledged event %s", a.getKey()).containsKey(a.getKey());
        }
      }
      for (Map.Entry<String, Integer> l : lines.entrySet()) {
        if (l.getKey().startsWith("c-")) {
          InventoryEvent e = CrashChild.event(Integer.parseInt(l.getKey().substring(2)));
          assertThat(l.getValue())
              .as("ledger lines of %s", l.getKey())
              .isEqualTo(CrashChild.lines(e));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT b.sku, b.location, b.on_hand, b.reserved,"
                  + " (SELECT COALESCE(SUM(l.on_hand_delta), 0) FROM ledger l"
                  + "   WHERE l.account_id = b.account_id AND l.sku = b.sku AND l.location = b.location),"
                  + " (SELECT COALESCE(SUM(l.reserved_delta), 0) FROM ledger l"
                  + "   WHERE l.account_id = b.account_id AND l.sku = b.sku AND l.location = b.location)"
                  + " FROM balances b WHERE b.account_id = 'crash'")) {
        int balances = 0;
        while (rs.next()) {
          balances++;
          assertThat(rs.getLong(3))
              .as("onHand of %s@%s", rs.getString(1), rs.getString(2))
              .isEqualTo(rs.getLong(5));
          assertThat(rs.getLong(4))
              .as("reserved of %s@%s", rs.getString(1), rs.getString(2))
              .isEqualTo(rs.getLong(6));
        }
        assertThat(balances).isGreaterThanOrEqualTo(6);
      }
    }
    System.out.printf(
        "crash test on %s: %d kills, %d acknowledged results, %d applied%n",
        jdbcUrl.startsWith("jdbc:sqlite") ? "SQLite" : "PostgreSQL",
        kills,
        acked.size(),
        appliedAcks);
  }

  private static void setUp(String db) {
    try (LedgerRepository repository = LedgerRepositories.open(db);
        Engine engine = Engine.start(repository, Clock.systemUTC(), EngineSettings.DEFAULT)) {
      engine.createAccount(CrashChild.ACCOUNT, "Crash", SyncPolicy.DEFAULT).join();
      engine
          .execute(
              CrashChild.ACCOUNT,
              (a, c, now) -> {
                a.putLocation("WH1", "Main", true, now, c);
                a.putLocation("WH2", "Quarantine", false, now, c);
                a.putChannel(
                    new ChannelRow(
                        CrashChild.ACCOUNT,
                        "shop",
                        "webhook",
                        "http://127.0.0.1:9/",
                        "{}",
                        null,
                        List.of(),
                        true,
                        ChannelRules.DEFAULT),
                    now,
                    c);
                for (String sku : CrashChild.PLAIN) {
                  a.putSku(sku, sku, null, now, c);
                  a.putListing("shop", sku, sku, null, now, c);
                }
                a.putSku(
                    CrashChild.BUNDLE,
                    "A with two B",
                    List.of(new Component("A", 1), new Component("B", 2)),
                    now,
                    c);
                a.putListing("shop", CrashChild.BUNDLE, CrashChild.BUNDLE, null, now, c);
                return null;
              })
          .join();
    }
  }

  private static Process startChild(String db, int from, int to) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            CrashChild.class.getName(),
            db,
            String.valueOf(from),
            String.valueOf(to))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
