package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * {@link ReportApiTest} on PostgreSQL (skipped, saying so, without STOCKSYNC_TEST_POSTGRES_URL).
 */
class PostgresReportApiTest extends ReportApiTest {
  @Override
  TestApi newApi(Path dir) {
    return TestApi.onPostgres(16L << 20);
  }
}
