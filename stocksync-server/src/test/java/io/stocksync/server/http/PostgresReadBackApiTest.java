package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * {@link ReadBackApiTest} on the PostgreSQL server named by {@code STOCKSYNC_TEST_POSTGRES_URL};
 * skipped, saying so, when it is not set.
 */
class PostgresReadBackApiTest extends ReadBackApiTest {
  @Override
  TestApi newApi(Path dir) {
    return TestApi.onPostgres(16L << 20);
  }
}
