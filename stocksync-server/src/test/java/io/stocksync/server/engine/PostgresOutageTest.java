package io.stocksync.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL outage mid-traffic (SPEC §6): the engine's role is refused every new connection
 * and its sessions are cut, for longer than every timeout the engine has (the reader pool waits 30
 * s for a connection), while a client keeps sending batches and sends again the ones that failed.
 * The engine says it cannot write, goes on by itself once logins are allowed again, and in the end
 * every event the client sent is in the ledger exactly once.
 */
class PostgresOutageTest {

  /** Longer than the reader pool's 30 s connection timeout, the longest the engine has. */
  static final Duration OUTAGE = Duration.ofSeconds(40);

  static final String ACCOUNT = "acme";

  @Test
  void refusedConnectionsForLongerThanEveryTimeoutMidTrafficLoseNothingAndDoubleNothing()
      throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create();
        EngineRole role = EngineRole.create(db)) {
      LedgerRepository repository = LedgerRepositories.open(role.url());
      Engine engine = Engine.start(repository, Clock.systemUTC(), EngineSettings.DEFAULT);
      try {
        assertThat(engine.createAccount(ACCOUNT, "Acme", SyncPolicy.DEFAULT).join()).isTrue();
        engine
            .execute(
                ACCOUNT,
                (a, c, now) -> {
                  a.putLocation("WH1", "Main", true, now, c);
                  a.putSku("MUG", "Blue mug", null, now, c);
                  return null;
                })
            .join();

        Client client = new Client(engine);
        Thread traffic = new Thread(client::run, "outage-test-client");
        traffic.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.applied.get() >= 50);

        role.refuseLogins();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(engine.health().canWrite()).isFalse());
        assertThat(engine.health().reason()).isNotBlank();
        int failedDuring = client.failures.get();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        // The outage lasts OUTAGE (the scenario), with the client's batches refused meanwhile.
        await()
            .atMost(OUTAGE.plusSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> System.nanoTime() >= outageEnds && client.failures.get() > failedDuring);
        assertThat(engine.health().canWrite()).as("still down at the outage's end").isFalse();
        role.allowLogins();

        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> assertThat(engine.health().canWrite()).isTrue());
        int appliedAfter = client.applied.get();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> client.applied.get() > appliedAfter + 50);
        client.stop.set(true);
        traffic.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(traffic.isAlive()).isFalse();
        client.sendAgainUntilAnswered();

        long onHand = engine.execute(ACCOUNT, (a, c, now) -> a.view("MUG").onHand()).join();
        assertThat(onHand).as("each event applied once").isEqualTo(client.sent.size());
        assertThat(role.ledgerIds()).as("the ledger, read back").isEqualTo(client.sent);
      } finally {
        engine.close();
        repository.close();
      }
    }
  }

  /** Sends batches of put-aways of one unit; a batch that fails is sent again, as it was. */
  static final class Client {
    final Engine engine;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger applied = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final Set<String> sent = new HashSet<>();
    final Deque<List<InventoryEvent>> toSendAgain = new ArrayDeque<>();
    int next;

    Client(Engine engine) {
      this.engine = engine;
    }

    void run() {
      while (!stop.get()) {
        List<InventoryEvent> batch = toSendAgain.isEmpty() ? newBatch() : toSendAgain.poll();
        if (!send(batch)) {
          toSendAgain.add(batch);
          pause();
        }
      }
    }

    private List<InventoryEvent> newBatch() {
      List<InventoryEvent> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = "e-" + (next++);
        synchronized (sent) {
          sent.add(id);
        }
        batch.add(new InventoryEvent(id, EventType.PUTAWAY, "MUG", "WH1", 1, null));
      }
      return batch;
    }

    /** Whether the batch was answered; every event of an answered batch is applied or known. */
    private boolean send(List<InventoryEvent> batch) {
      try {
        List<EventResult> results = engine.submit(ACCOUNT, batch).get(30, TimeUnit.SECONDS);
        for (EventResult r : results) {
          assertThat(r.status()).isIn(Status.APPLIED, Status.DUPLICATE);
        }
        applied.addAndGet(results.size());
        return true;
      } catch (Exception e) {
        failures.incrementAndGet();
        return false;
      }
    }

    void sendAgainUntilAnswered() {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!toSendAgain.isEmpty() && System.nanoTime() < deadline) {
        if (send(toSendAgain.peek())) {
          toSendAgain.poll();
        } else {
          pause();
        }
      }
      assertThat(toSendAgain).as("batches still refused after the outage").isEmpty();
    }

    /** A client's back-off before it sends a refused batch again. */
    private static void pause() {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /**
   * A login role of its own that owns the test's schema, so that the test can refuse it new
   * connections ({@code NOLOGIN}) and cut its sessions, as an outage does, without touching any
   * other session on the server.
   */
  static final class EngineRole implements AutoCloseable {
    final PostgresTestDatabase db;
    final String name;

    private EngineRole(PostgresTestDatabase db, String name) {
      this.db = db;
      this.name = name;
    }

    static EngineRole create(PostgresTestDatabase db) throws SQLException {
      String name =
          "stocksync_outage_"
              + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
      EngineRole role = new EngineRole(db, name);
      role.admin("CREATE ROLE " + name + " LOGIN");
      role.admin("ALTER SCHEMA " + db.schema() + " OWNER TO " + name);
      return role;
    }

    /** The test schema's URL, connecting as this role. */
    String url() {
      String url = db.url();
      int query = url.indexOf('?');
      List<String> kept = new ArrayList<>();
      for (String parameter : url.substring(query + 1).split("&")) {
        if (!parameter.startsWith("user=") && !parameter.startsWith("password=")) {
          kept.add(parameter);
        }
      }
      kept.add("user=" + name);
      return url.substring(0, query + 1) + String.join("&", kept);
    }

    void refuseLogins() throws SQLException {
      admin("ALTER ROLE " + name + " NOLOGIN");
      admin(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name + "'");
    }

    void allowLogins() throws SQLException {
      admin("ALTER ROLE " + name + " LOGIN");
    }

    Set<String> ledgerIds() throws SQLException {
      Set<String> ids = new HashSet<>();
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery("SELECT event_id FROM ledger WHERE account_id = '" + ACCOUNT + "'")) {
        while (r.next()) {
          assertThat(ids.add(r.getString(1))).as("one line per event").isTrue();
        }
      }
      return ids;
    }

    private void admin(String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(PostgresTestDatabase.serverUrl());
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    @Override
    public void close() throws SQLException {
      admin("ALTER ROLE " + name + " LOGIN");
      admin(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name + "'");
      admin("ALTER SCHEMA " + db.schema() + " OWNER TO CURRENT_USER");
      admin("REASSIGN OWNED BY " + name + " TO CURRENT_USER");
      admin("DROP OWNED BY " + name);
      admin("DROP ROLE " + name);
    }
  }
}
