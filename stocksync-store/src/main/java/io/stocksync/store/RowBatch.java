package io.stocksync.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * One JDBC batch of one statement over a list of rows: each row bound and added, the batch executed
 * once; nothing at all for no rows. Runs inside the caller's transaction.
 */
final class RowBatch {
  private RowBatch() {}

  /** Binds one row's values to the statement's parameters. */
  @FunctionalInterface
  interface Binder<R> {
    void bind(PreparedStatement statement, R row) throws SQLException;
  }

  static <R> void execute(PreparedStatement statement, Collection<R> rows, Binder<R> binder)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (R row : rows) {
      binder.bind(statement, row);
      statement.addBatch();
    }
    statement.executeBatch();
  }
}
