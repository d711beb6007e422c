package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.store.SqliteLedgerRepository.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository contract on a real SQLite file, plus what is SQLite's own. */
class SqliteLedgerRepositoryTest extends LedgerRepositoryContract {

  @TempDir Path directory;

  /** In a directory that does not exist yet: opening the store creates it. */
  private Path file() {
    return directory.resolve("data").resolve("stocksync.db");
  }

  @Override
  protected String database() {
    return file().toString();
  }

  @Override
  protected Connection connectDirectly() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  @Test
  void createsTheFileAndItsDirectoryInWalMode() throws SQLException {
    repository();

    assertThat(file()).exists();
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA journal_mode")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void isFullySynchronousUnlessTheUrlSaysOtherwise() {
    try (SqliteLedgerRepository byPath = (SqliteLedgerRepository) repository()) {
      assertThat(byPath.synchronous()).isEqualTo(Synchronous.FULL);
    }
    try (SqliteLedgerRepository byUrl =
        (SqliteLedgerRepository)
            LedgerRepositories.open("jdbc:sqlite:" + file() + "?synchronous=normal")) {
      assertThat(byUrl.synchronous()).isEqualTo(Synchronous.NORMAL);
      assertThat(byUrl.file()).isEqualTo(file().toAbsolutePath());
    }
  }
}
