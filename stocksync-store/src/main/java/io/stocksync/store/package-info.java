/**
 * Persistence behind the core's {@link io.stocksync.core.port.LedgerRepository} port: an embedded
 * SQLite file ({@link io.stocksync.store.SqliteLedgerRepository}, the default) or a PostgreSQL
 * database ({@link io.stocksync.store.PostgresLedgerRepository}), opened from one {@code --db}
 * string by {@link io.stocksync.store.LedgerRepositories#open}. Schemas are Flyway migrations under
 * {@code db/migration/sqlite} and {@code db/migration/postgresql}: the same tables, each in its
 * database's types. Timestamps are stored as epoch milliseconds in both, so instants come back at
 * millisecond precision.
 */
package io.stocksync.store;
