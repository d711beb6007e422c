package io.stocksync.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The order feed's tables on a real SQLite file. */
class SqliteOrderFeedStoreTest extends OrderFeedStoreContract {
  @TempDir Path directory;

  @Override
  protected String database() {
    return directory.resolve("stocksync.db").toString();
  }
}
