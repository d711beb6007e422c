package io.stocksync.store.report;

import io.stocksync.store.PostgresTestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/**
 * The report contract on the PostgreSQL server named by {@code STOCKSYNC_TEST_POSTGRES_URL}, each
 * test in a schema of its own; skipped, saying so, when the variable is not set.
 */
class PostgresReportRepositoryTest extends ReportRepositoryContract {

  private PostgresTestDatabase database;

  @Override
  protected String database() {
    if (database == null) {
      try {
        database = PostgresTestDatabase.create();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return database.url();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    closeStore();
    if (database != null) {
      database.close();
    }
  }
}
