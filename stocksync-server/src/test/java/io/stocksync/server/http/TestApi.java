package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.account.Authenticator;
import io.stocksync.server.alert.AlertDelivery;
import io.stocksync.server.alert.AlertService;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.server.readback.FeedPoll;
import io.stocksync.server.readback.LevelReaders;
import io.stocksync.server.readback.ReadBack;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.ListingLevelRepository;
import io.stocksync.store.PushAttemptRepository;
import io.stocksync.store.report.ReportRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A real API server for tests: a SQLite file in {@code dir}, the engine, the server on a random
 * loopback port, and a small HTTP client. Close it after use.
 */
final class TestApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code --db} would be: a SQLite file path or a PostgreSQL URL. */
  final String db;

  /** A JDBC URL to read the same database with. */
  final String jdbcUrl;

  private final Runnable dropDatabase;
  private final long maxBody;
  final LedgerRepository ledger;
  final ApiKeyRepository keys;
  final PushAttemptRepository attempts;
  final ReportRepository reports;
  final Engine engine;
  final AlertService alerts;
  final ListingLevelRepository levels;
  final ReadBack readBack;

  /**
   * Where the read-back gets a channel's reader: the production capabilities unless a test sets a
   * scripted one.
   */
  volatile LevelReaders readers =
      (row, credentials) ->
          io.stocksync.channels.readback.ReadBackCapabilities.reader(
              row, credentials, READ_CONTEXT);

  private static final io.stocksync.channels.ConnectorContext READ_CONTEXT =
      new io.stocksync.channels.ConnectorContext(
          HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofSeconds(10), Math::random);

  /** How the read-back polls a channel's order feed at once: nothing unless a test sets it. */
  volatile FeedPoll feedPoll = FeedPoll.NONE;

  /** Alert deliveries retried fast, so that a test sees a retry within a second or so. */
  static final AlertDelivery.Settings FAST_ALERTS =
      new AlertDelivery.Settings(
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(2));

  final ApiMetrics metrics = new ApiMetrics();
  final CredentialCipher cipher = new CredentialCipher(new byte[32]);
  final ApiServer server;
  final Accounts accounts;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  TestApi(Path dir) {
    this(dir, 16L << 20);
  }

  TestApi(Path dir, long maxBody) {
    this(
        dir.resolve("api.db").toString(),
        "jdbc:sqlite:" + dir.resolve("api.db"),
        () -> {},
        maxBody);
  }

  /**
   * A server on a fresh schema of the PostgreSQL database {@code STOCKSYNC_TEST_POSTGRES_URL}
   * names, dropped on {@link #close()}. Skips the calling test, saying so, when it is not set.
   */
  static TestApi onPostgres(long maxBody) {
    String base = System.getenv("STOCKSYNC_TEST_POSTGRES_URL");
    Assumptions.assumeTrue(
        base != null, "STOCKSYNC_TEST_POSTGRES_URL is not set: skipping the PostgreSQL API tests");
    String schema = "api_" + Long.toHexString(System.nanoTime());
    sql(base, "CREATE SCHEMA " + schema);
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestApi(url, url, () -> sql(base, "DROP SCHEMA " + schema + " CASCADE"), maxBody);
  }

  private static void sql(String url, String statement) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  private TestApi(String db, String jdbcUrl, Runnable dropDatabase, long maxBody) {
    this.db = db;
    this.jdbcUrl = jdbcUrl;
    this.dropDatabase = dropDatabase;
    this.maxBody = maxBody;
    ledger = metrics.meter(LedgerRepositories.open(db));
    keys = ApiKeyRepository.open(db);
    attempts = PushAttemptRepository.open(db);
    reports = ReportRepository.open(db);
    engine = Engine.start(ledger, Clock.systemUTC(), EngineSettings.DEFAULT);
    metrics.bind(engine.stats(), attempts);
    accounts = new Accounts(ledger, keys, Clock.systemUTC());
    alerts =
        AlertService.start(db, engine, cipher, metrics.registry(), Clock.systemUTC(), FAST_ALERTS);
    levels = ListingLevelRepository.open(db);
    readBack =
        new ReadBack(
            engine,
            levels,
            (row, credentials) -> readers.reader(row, credentials),
            io.stocksync.server.engine.Dispatchers.credentials(cipher),
            (account, channel) -> feedPoll.pollNow(account, channel),
            Clock.systemUTC());
    server =
        ApiServer.start(
            engine,
            new Authenticator(keys),
            attempts,
            reports,
            cipher,
            metrics,
            new ApiServer.Options("127.0.0.1", 0, maxBody),
            new ApiServer.AlertWiring(alerts.repository(), alerts.clock(), alerts::wake),
            null,
            new ApiServer.ReadBackWiring(readBack, levels));
  }

  /** An account and its key. */
  record Account(String id, String key) {}

  Account account(String name) {
    Accounts.Created c = accounts.create(name);
    return new Account(c.accountId(), c.key().key());
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** An answer: status, content type and body. */
  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    boolean isProblem() {
      if (!ApiServer.PROBLEM_JSON.equals(contentType)) {
        return false;
      }
      JsonNode p = json();
      return p.path("type").isTextual()
          && p.path("title").isTextual()
          && p.path("status").asInt() == status
          && p.path("detail").isTextual();
    }
  }

  Answer send(String method, String path, String key, String contentType, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      String type = r.headers().firstValue("Content-Type").orElse("");
      int semicolon = type.indexOf(';');
      return new Answer(
          r.statusCode(), semicolon < 0 ? type : type.substring(0, semicolon).trim(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String path, String key) {
    return send("GET", path, key, null, null);
  }

  Answer put(String path, String key, String json) {
    return send("PUT", path, key, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Answer patch(String path, String key, String json) {
    return send(
        "PATCH", path, key, "application/merge-patch+json", json.getBytes(StandardCharsets.UTF_8));
  }

  Answer delete(String path, String key) {
    return send("DELETE", path, key, null, null);
  }

  Answer post(String path, String key, String json) {
    return send("POST", path, key, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Answer postCsv(String key, String csv) {
    return send("POST", "/v1/events", key, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One event as JSON. */
  static Map<String, Object> event(String id, String type, String sku, long quantity) {
    return Map.of("id", id, "type", type, "sku", sku, "location", "WH1", "quantity", quantity);
  }

  Answer events(String key, List<Map<String, Object>> events) {
    return post("/v1/events", key, json(Map.of("events", events)));
  }

  /**
   * A digest of every row of every table, in key order: equal digests mean the stored state is
   * byte-for-byte the same.
   */
  String digest() {
    return digest(null);
  }

  /** {@link #digest()} of one account's rows only (null: every row). */
  String digest(String account) {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              jdbcUrl.startsWith("jdbc:sqlite:")
                  ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                      + " AND name NOT LIKE 'flyway%' ORDER BY name"
                  : "SELECT table_name FROM information_schema.tables"
                      + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                      + " AND table_name NOT LIKE 'flyway%' ORDER BY table_name")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      if (!tables.contains("ledger") || !tables.contains("balances")) {
        throw new IllegalStateException("the digest found none of the store's tables: " + tables);
      }
      for (String table : tables) {
        if (account != null && !table.equals("accounts") && !hasAccountColumn(s, table)) {
          // A store-wide table (the credential key, the store's owner) holds no account's rows.
          continue;
        }
        sha.update(table.getBytes(StandardCharsets.UTF_8));
        String where =
            account == null
                ? ""
                : table.equals("accounts")
                    ? " WHERE id = '" + account + "'"
                    : " WHERE account_id = '" + account + "'";
        try (ResultSet r = s.executeQuery("SELECT * FROM " + table + where + " ORDER BY 1, 2, 3")) {
          ResultSetMetaData m = r.getMetaData();
          while (r.next()) {
            for (int i = 1; i <= m.getColumnCount(); i++) {
              Object v = r.getObject(i);
              sha.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
              sha.update((byte) 0);
            }
            sha.update((byte) '\n');
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (SQLException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean hasAccountColumn(Statement s, String table) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData m = r.getMetaData();
      for (int i = 1; i <= m.getColumnCount(); i++) {
        if (m.getColumnName(i).equalsIgnoreCase("account_id")) {
          return true;
        }
      }
      return false;
    }
  }

  /** Location WH1, SKU MUG and a webhook channel "hook" listing it, for account {@code a}. */
  void standardSetUp(Account a) {
    check(put("/v1/locations/WH1", a.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(put("/v1/skus/MUG", a.key(), "{\"name\":\"Blue mug\"}"));
    check(
        put(
            "/v1/channels/hook",
            a.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/webhook\","
                + "\"credentials\":{\"secret\":\"hmac-secret\"}}"));
    check(put("/v1/channels/hook/listings/MUG", a.key(), "{\"externalId\":\"mug-1\"}"));
  }

  static Answer check(Answer a) {
    if (a.status() != 200) {
      throw new AssertionError("expected 200, got " + a.status() + ": " + a.body());
    }
    return a;
  }

  /**
   * Stops this server and its engine and starts new ones on the same store, as a restart of the
   * process does (keys and data survive). Use the answer from then on, and close it after use.
   */
  TestApi restart() {
    stop();
    return new TestApi(db, jdbcUrl, dropDatabase, maxBody);
  }

  private void stop() {
    server.close();
    readBack.close();
    levels.close();
    alerts.close();
    engine.close();
    attempts.close();
    reports.close();
    keys.close();
    ledger.close();
  }

  @Override
  public void close() {
    stop();
    dropDatabase.run();
  }
}
