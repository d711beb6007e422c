package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * The hostile-input test, on PostgreSQL (skipped, saying so, without {@code
 * STOCKSYNC_TEST_POSTGRES_URL}).
 */
class PostgresHostileInputTest extends HostileInputTest {
  @Override
  TestApi newApi(Path dir) {
    return TestApi.onPostgres(MAX_BODY);
  }
}
