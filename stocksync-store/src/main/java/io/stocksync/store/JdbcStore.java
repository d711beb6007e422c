package io.stocksync.store;

import com.zaxxer.hikari.HikariDataSource;
import io.stocksync.core.port.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC access to a store's side tables (API keys, push attempts), opened from the same {@code
 * --db} string as the ledger, with the same connection settings. Opening it brings the schema up to
 * date, so that it works whether or not a ledger repository opened the database first.
 *
 * <p>Thread-safe. SQLite: reads on a small pool of read-only connections, writes on one write
 * connection, one at a time (a writer of another process, the engine's, waits up to the busy
 * timeout). PostgreSQL: a small HikariCP pool for both.
 */
public final class JdbcStore implements AutoCloseable {

  /** Work on a connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** A pooled SQLite connection. */
  private record Pooled(Connection connection) implements SessionPool.Session {
    @Override
    public void close() {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing a connection we no longer use: nothing to do about it
      }
    }
  }

  private static final int SQLITE_READERS = 2;
  private static final int POSTGRES_CONNECTIONS = 3;

  private final SessionPool<Pooled> sqliteReaders;
  private final SessionPool<Pooled> sqliteWriter;
  private final HikariDataSource postgres;

  private JdbcStore(
      SessionPool<Pooled> sqliteReaders,
      SessionPool<Pooled> sqliteWriter,
      HikariDataSource postgres) {
    this.sqliteReaders = sqliteReaders;
    this.sqliteWriter = sqliteWriter;
    this.postgres = postgres;
  }

  /**
   * Opens the store {@code db} names (see {@link LedgerRepositories#open}) and migrates it.
   *
   * @throws IllegalArgumentException when {@code db} is neither a path nor a supported URL
   * @throws StoreException when it cannot be opened or migrated
   */
  public static JdbcStore open(String db) {
    StoreLocation location = StoreLocation.parse(db);
    if (location instanceof StoreLocation.Postgres pg) {
      HikariDataSource pool;
      try {
        pool = PostgresConnections.readers(pg.url(), POSTGRES_CONNECTIONS);
      } catch (RuntimeException e) {
        throw new StoreException("could not connect to PostgreSQL: " + e.getMessage(), e);
      }
      try {
        Migrations.apply(pool, Migrations.POSTGRESQL, PostgresConnections.currentSchema(pg.url()));
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
      return new JdbcStore(null, null, pool);
    }
    StoreLocation.Sqlite sqlite = (StoreLocation.Sqlite) location;
    Path file = sqlite.file().toAbsolutePath();
    if (file.getParent() != null) {
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        throw new StoreException("could not create the directory " + file.getParent(), e);
      }
    }
    Migrations.apply(
        SqliteConnections.migrationDataSource(file, sqlite.synchronous()), Migrations.SQLITE, null);
    return new JdbcStore(
        new SessionPool<>(() -> new Pooled(SqliteConnections.reader(file)), SQLITE_READERS),
        new SessionPool<>(
            () -> new Pooled(SqliteConnections.writer(file, sqlite.synchronous())), 1),
        null);
  }

  /** Runs {@code work} on a read connection. */
  public <T> T read(String what, Work<T> work) {
    if (postgres != null) {
      try (Connection c = postgres.getConnection()) {
        return work.run(c);
      } catch (SQLException e) {
        throw new StoreException("could not " + what + ": " + e.getMessage(), e);
      }
    }
    return pooled(sqliteReaders, what, work, false);
  }

  /** Runs {@code work} in one transaction and commits it; nothing of it is written on failure. */
  <T> T write(String what, Work<T> work) {
    if (postgres != null) {
      try (Connection c = postgres.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new StoreException("could not " + what + ": " + e.getMessage(), e);
      }
    }
    return pooled(sqliteWriter, what, work, true);
  }

  private static <T> T pooled(SessionPool<Pooled> pool, String what, Work<T> work, boolean commit) {
    Pooled session;
    try {
      session = pool.acquire();
    } catch (SQLException e) {
      throw new StoreException("could not " + what + ": " + e.getMessage(), e);
    }
    try {
      T result = work.run(session.connection());
      if (commit) {
        session.connection().commit();
      }
      pool.release(session);
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        if (commit) {
          session.connection().rollback();
        }
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      pool.discard(session);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (postgres != null) {
      postgres.close();
    } else {
      sqliteReaders.close();
      sqliteWriter.close();
    }
  }
}
