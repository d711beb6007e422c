package io.stocksync.store;

import com.zaxxer.hikari.HikariDataSource;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * The ledger in a PostgreSQL database, for deployments that want a database server.
 *
 * <p>The JDBC URL is the driver's ({@code jdbc:postgresql://host:port/db?user=…}); with a {@code
 * currentSchema} parameter the store lives in that schema, which the migrations create when it is
 * missing. Opening the store applies the migrations of {@code db/migration/postgresql}.
 *
 * <p><b>Durability.</b> Every {@link #commit} is one PostgreSQL transaction, and it returns once
 * the server has committed it. With the server's default {@code synchronous_commit = on} the
 * commit's WAL is flushed to disk first: a committed write set survives a crash of this process, of
 * the server and a power loss. The store does not change the setting; a server, role or URL ({@code
 * options=-c synchronous_commit=off}) that turns it off trades the last commits before a server
 * crash for latency, which SPEC §6 does not allow.
 *
 * <p><b>Thread-safety.</b> Safe for use from any number of threads. Each committing thread takes a
 * write connection of its own (up to four at once, kept open with their statements prepared once,
 * batches rewritten into multi-row inserts); {@link #containsEvent} and {@link #load} use a
 * HikariCP pool of read connections. {@link #load} reads one consistent snapshot (REPEATABLE READ)
 * through streaming cursors.
 */
public final class PostgresLedgerRepository implements LedgerRepository {

  /** Write connections kept; partitions beyond this many committing at once wait their turn. */
  private static final int WRITERS = 4;

  /** Read connections kept, for lookups and loads. */
  private static final int READERS = 4;

  /** Rows per round trip while loading: large enough to stream fast, small enough to stay lean. */
  private static final int FETCH_SIZE = 10_000;

  private final HikariDataSource readers;
  private final SessionPool<WriteSetWriter> writers;

  /**
   * Connects to {@code jdbcUrl} and brings its schema up to date.
   *
   * @throws StoreException when the server cannot be reached or the schema cannot be migrated
   */
  public PostgresLedgerRepository(String jdbcUrl) {
    if (!jdbcUrl.startsWith(PostgresConnections.URL_PREFIX)) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
    }
    try {
      readers = PostgresConnections.readers(jdbcUrl, READERS);
    } catch (RuntimeException e) {
      throw new StoreException("could not connect to PostgreSQL: " + e.getMessage(), e);
    }
    writers =
        new SessionPool<>(
            () -> new WriteSetWriter(PostgresConnections.writer(jdbcUrl), true), WRITERS);
    try {
      Migrations.apply(readers, Migrations.POSTGRESQL, PostgresConnections.currentSchema(jdbcUrl));
      writers.release(writers.acquire());
    } catch (SQLException e) {
      close();
      throw new StoreException("could not open a write connection: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void load(Predicate<String> accounts, StoredStateVisitor visitor) {
    try (Connection connection = readers.getConnection()) {
      connection.setReadOnly(true);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      Transactions.load(connection, FETCH_SIZE, accounts, visitor);
    } catch (SQLException e) {
      throw new StoreException("could not load the stored state: " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(WriteSet writes) {
    Transactions.commit(writers, writes);
  }

  /** Asks for a transaction id on a write connection (which a read-only server refuses). */
  @Override
  public void checkWritable() {
    Transactions.checkWritable(writers, "SELECT pg_current_xact_id()");
  }

  @Override
  public boolean containsEvent(String accountId, String eventId) {
    try (Connection connection = readers.getConnection();
        PreparedStatement statement = connection.prepareStatement(LedgerSql.CONTAINS_EVENT)) {
      statement.setString(1, accountId);
      statement.setString(2, eventId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw new StoreException("could not look the event up: " + e.getMessage(), e);
    }
  }

  /** Closes every connection; commits and reads after this fail with {@link StoreException}. */
  @Override
  public void close() {
    writers.close();
    readers.close();
  }
}
