package io.stocksync.store;

import com.zaxxer.hikari.HikariDataSource;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The benchmarks' baseline: plain batched JDBC inserts of ledger rows into the same ledger table of
 * the same database, with nothing else around them (no balances, no sync states, no pushes).
 *
 * <p>It uses the repository's own ledger statement text and the same connection settings as its
 * write connection (SQLite: WAL, the same {@code synchronous}; PostgreSQL: batched inserts
 * rewritten), prepares the statement once, and writes each {@link #insert} call in one transaction,
 * so that the ratio between the two measures only what the engine adds.
 *
 * <p>Not thread-safe: one thread inserts at a time.
 */
public final class LedgerBaseline implements AutoCloseable {

  private final Connection connection;
  private final PreparedStatement insertLedger;

  private LedgerBaseline(Connection connection) throws SQLException {
    this.connection = connection;
    try {
      insertLedger = connection.prepareStatement(LedgerSql.INSERT_LEDGER);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Opens a baseline on the store {@code db} names (the strings {@link LedgerRepositories#open}
   * takes), bringing its schema up to date first.
   *
   * @throws StoreException when the store cannot be opened or migrated
   */
  public static LedgerBaseline open(String db) {
    StoreLocation location = StoreLocation.parse(db);
    try {
      if (location instanceof StoreLocation.Postgres postgres) {
        try (HikariDataSource dataSource =
            PostgresConnections.readers(postgres.url(), Migrations.CONNECTIONS)) {
          Migrations.apply(
              dataSource, Migrations.POSTGRESQL, PostgresConnections.currentSchema(postgres.url()));
        }
        return new LedgerBaseline(PostgresConnections.writer(postgres.url()));
      }
      StoreLocation.Sqlite sqlite = (StoreLocation.Sqlite) location;
      Path file = sqlite.file().toAbsolutePath();
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Migrations.apply(
          SqliteConnections.migrationDataSource(file, sqlite.synchronous()),
          Migrations.SQLITE,
          null);
      return new LedgerBaseline(SqliteConnections.writer(file, sqlite.synchronous()));
    } catch (SQLException | IOException e) {
      throw new StoreException("could not open the baseline on " + db + ": " + e.getMessage(), e);
    }
  }

  /**
   * Inserts {@code rows} in one transaction with one batch; on failure nothing is written.
   *
   * @throws StoreException when the insert fails (a duplicate key, say)
   */
  public void insert(List<LedgerRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try {
      for (LedgerRow row : rows) {
        LedgerSql.bindLedger(insertLedger, row);
        insertLedger.addBatch();
      }
      insertLedger.executeBatch();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        insertLedger.clearBatch();
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StoreException("could not insert the ledger rows: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      insertLedger.close();
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("could not close the baseline: " + e.getMessage(), e);
    }
  }
}
