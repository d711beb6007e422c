package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * {@link DeletionApiTest} on PostgreSQL (skipped, saying so, without STOCKSYNC_TEST_POSTGRES_URL).
 */
class PostgresDeletionApiTest extends DeletionApiTest {
  @Override
  TestApi newApi(Path dir) {
    return TestApi.onPostgres(16L << 20);
  }
}
