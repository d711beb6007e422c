package io.stocksync.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh schema in the PostgreSQL server the environment names, for one test or test class.
 *
 * <p>The server's JDBC URL comes from {@value #ENVIRONMENT_VARIABLE} (say {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); without it {@link #create()} aborts the
 * calling test as skipped, saying so. Each instance creates a uniquely named schema and {@link
 * #close()} drops it, so that runs never collide.
 */
public final class PostgresTestDatabase implements AutoCloseable {

  public static final String ENVIRONMENT_VARIABLE = "STOCKSYNC_TEST_POSTGRES_URL";

  private final String serverUrl;
  private final String schema;

  private PostgresTestDatabase(String serverUrl, String schema) {
    this.serverUrl = serverUrl;
    this.schema = schema;
  }

  /** The server's URL from the environment, or null when it is not set. */
  public static String serverUrl() {
    String url = System.getenv(ENVIRONMENT_VARIABLE);
    return url == null || url.isBlank() ? null : url.trim();
  }

  /** Skips the calling test (or class) when no server is configured. */
  public static void assumeConfigured() {
    assumeTrue(
        serverUrl() != null, ENVIRONMENT_VARIABLE + " is not set: PostgreSQL tests are skipped");
  }

  /** Creates a new empty schema; skips the calling test when no server is configured. */
  public static PostgresTestDatabase create() throws SQLException {
    assumeConfigured();
    String schema =
        "stocksync_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    PostgresTestDatabase database = new PostgresTestDatabase(serverUrl(), schema);
    database.execute("CREATE SCHEMA " + schema);
    return database;
  }

  /** The schema's name. */
  public String schema() {
    return schema;
  }

  /** The server's URL with {@code currentSchema} set to this schema. */
  public String url() {
    return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A plain connection into this schema. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }
}
