package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The repository contract on the PostgreSQL server named by {@code STOCKSYNC_TEST_POSTGRES_URL},
 * each test in a schema of its own; skipped, saying so, when the variable is not set.
 */
class PostgresLedgerRepositoryTest extends LedgerRepositoryContract {

  private PostgresTestDatabase database;

  @BeforeEach
  void createSchema() throws SQLException {
    database = PostgresTestDatabase.create();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    closeRepository();
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected String database() {
    return database.url();
  }

  @Override
  protected Connection connectDirectly() throws SQLException {
    return database.connect();
  }

  @Test
  void keepsItsTablesInTheSchemaTheUrlNames() throws SQLException {
    repository();

    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                    + database.schema()
                    + "' AND table_name = 'ledger'")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getInt(1)).isEqualTo(1);
    }
  }
}
