package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * {@link ConfigurationApiTest} on PostgreSQL (skipped, saying so, without
 * STOCKSYNC_TEST_POSTGRES_URL).
 */
class PostgresConfigurationApiTest extends ConfigurationApiTest {
  @Override
  TestApi newApi(Path dir) {
    return TestApi.onPostgres(16L << 20);
  }
}
