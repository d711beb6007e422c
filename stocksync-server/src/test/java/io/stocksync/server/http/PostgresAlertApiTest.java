package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * {@link AlertApiTest} on PostgreSQL; skipped, saying so, when STOCKSYNC_TEST_POSTGRES_URL is
 * unset.
 */
class PostgresAlertApiTest extends AlertApiTest {
  @Override
  TestApi newApi(Path dir) {
    return TestApi.onPostgres(16L << 20);
  }
}
