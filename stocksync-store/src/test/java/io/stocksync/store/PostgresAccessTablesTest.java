package io.stocksync.store;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The API key and push attempt tables on the PostgreSQL server named by {@code
 * STOCKSYNC_TEST_POSTGRES_URL}, each test in a schema of its own; skipped, saying so, when the
 * variable is not set.
 */
class PostgresAccessTablesTest extends AccessTablesContract {

  private PostgresTestDatabase database;

  @BeforeEach
  @Override
  void openStore() {
    try {
      database = PostgresTestDatabase.create();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    super.openStore();
  }

  @AfterEach
  @Override
  void closeStore() {
    super.closeStore();
    if (database != null) {
      try {
        database.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  protected String database() {
    return database.url();
  }
}
