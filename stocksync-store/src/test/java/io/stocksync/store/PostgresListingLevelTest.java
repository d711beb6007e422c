package io.stocksync.store;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The read-back's table on the PostgreSQL server named by {@code STOCKSYNC_TEST_POSTGRES_URL}, in a
 * schema of its own; skipped, saying so, when the variable is not set.
 */
class PostgresListingLevelTest extends ListingLevelContract {
  private PostgresTestDatabase database;

  @BeforeEach
  void createSchema() throws SQLException {
    database = PostgresTestDatabase.create();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    close();
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected String database() {
    return database.url();
  }
}
