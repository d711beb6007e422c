package io.stocksync.store.report;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The report contract on a real SQLite file. */
class SqliteReportRepositoryTest extends ReportRepositoryContract {

  @TempDir Path directory;

  @Override
  protected String database() {
    return directory.resolve("reports.db").toString();
  }
}
