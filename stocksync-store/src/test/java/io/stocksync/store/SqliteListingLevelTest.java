package io.stocksync.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The read-back's table on a real SQLite file. */
class SqliteListingLevelTest extends ListingLevelContract {
  @TempDir Path directory;

  @Override
  protected String database() {
    return directory.resolve("stocksync.db").toString();
  }
}
