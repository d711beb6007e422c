package io.stocksync.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The API key and push attempt tables on a real SQLite file. */
class SqliteAccessTablesTest extends AccessTablesContract {

  @TempDir Path directory;

  @Override
  protected String database() {
    return directory.resolve("stocksync.db").toString();
  }
}
