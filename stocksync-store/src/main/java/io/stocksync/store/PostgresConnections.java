package io.stocksync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** How StockSync opens PostgreSQL connections. */
final class PostgresConnections {

  static final String URL_PREFIX = "jdbc:postgresql:";

  private PostgresConnections() {}

  /**
   * A write connection, auto-commit off, with {@code reWriteBatchedInserts}: the driver folds a
   * batch of single-row INSERTs into multi-row ones, a round trip and a plan execution for many
   * rows instead of one each. A value the URL gives explicitly wins over this default.
   */
  static Connection writer(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("reWriteBatchedInserts", "true");
    Connection connection = DriverManager.getConnection(url, properties);
    connection.setAutoCommit(false);
    return connection;
  }

  /** A pool of read connections (also what the migrations run through). */
  static HikariDataSource readers(String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("stocksync-postgres-readers");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    return new HikariDataSource(config);
  }

  /**
   * The first schema of the URL's {@code currentSchema} parameter, or null when it has none: the
   * schema the migrations create and fill.
   */
  static String currentSchema(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String parameter : url.substring(query + 1).split("&")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).equals("currentSchema")) {
        String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        String first = value.split(",")[0].trim();
        return first.isEmpty() ? null : first;
      }
    }
    return null;
  }
}
