package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * The isolation test, on PostgreSQL (skipped, saying so, without {@code
 * STOCKSYNC_TEST_POSTGRES_URL}).
 */
class PostgresIsolationTest extends IsolationTest {
  @Override
  TestApi newApi(Path dir) {
    return TestApi.onPostgres(16L << 20);
  }
}
