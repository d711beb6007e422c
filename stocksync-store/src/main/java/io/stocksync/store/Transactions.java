package io.stocksync.store;

import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Predicate;

/** The transaction handling both repositories share around a {@link WriteSetWriter}. */
final class Transactions {

  private Transactions() {}

  /**
   * Writes {@code writes} with a writer of {@code writers} in one transaction and commits it; on
   * any failure rolls back, so that nothing of it is written, and throws {@link StoreException}. A
   * writer whose connection may be broken is discarded rather than reused.
   */
  static void commit(SessionPool<WriteSetWriter> writers, WriteSet writes) {
    if (writes.isEmpty()) {
      return;
    }
    WriteSetWriter writer;
    try {
      writer = writers.acquire();
    } catch (SQLException e) {
      throw new StoreException("could not open a write connection: " + e.getMessage(), e);
    }
    boolean reusable = true;
    try {
      writer.write(writes);
      writer.connection().commit();
    } catch (SQLException | RuntimeException e) {
      writer.clearBatches();
      reusable = rollback(writer.connection(), e);
      throw new StoreException("could not commit the write set: " + e.getMessage(), e);
    } finally {
      if (reusable) {
        writers.release(writer);
      } else {
        writers.discard(writer);
      }
    }
  }

  /**
   * Runs {@code probe} (a statement that takes the write lock and changes nothing) on a writer of
   * {@code writers} and rolls it back; throws {@link StoreException} when the store would not take
   * a commit now.
   */
  static void checkWritable(SessionPool<WriteSetWriter> writers, String probe) {
    WriteSetWriter writer;
    try {
      writer = writers.acquire();
    } catch (SQLException e) {
      throw new StoreException("could not open a write connection: " + e.getMessage(), e);
    }
    boolean reusable = true;
    try (Statement statement = writer.connection().createStatement()) {
      statement.execute(probe);
      writer.connection().rollback();
    } catch (SQLException | RuntimeException e) {
      reusable = rollback(writer.connection(), e);
      throw new StoreException("the store cannot be written: " + e.getMessage(), e);
    } finally {
      if (reusable) {
        writers.release(writer);
      } else {
        writers.discard(writer);
      }
    }
  }

  /** Rolls back; false when even that failed, and the connection is not to be trusted again. */
  private static boolean rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
      return true;
    } catch (SQLException e) {
      cause.addSuppressed(e);
      return false;
    }
  }

  /**
   * Streams the stored state through {@code connection} inside one read transaction (one snapshot),
   * which it rolls back at the end. The caller closes the connection.
   */
  static void load(
      Connection connection, int fetchSize, Predicate<String> accounts, StoredStateVisitor visitor)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      new StoredStateReader(connection, fetchSize, accounts).read(visitor);
    } catch (SQLException | RuntimeException e) {
      // Whatever failed (the store, or the visitor) is what the caller hears about.
      rollback(connection, e);
      throw e;
    }
    connection.rollback();
  }
}
