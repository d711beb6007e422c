package io.stocksync.server.http;

import java.nio.file.Path;

/**
 * Every API test, on PostgreSQL (skipped, saying so, without {@code STOCKSYNC_TEST_POSTGRES_URL}).
 */
class PostgresApiTest extends ApiTest {
  @Override
  TestApi newApi(Path dir, long maxBody) {
    return TestApi.onPostgres(maxBody);
  }
}
