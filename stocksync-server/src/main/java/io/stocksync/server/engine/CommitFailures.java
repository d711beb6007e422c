package io.stocksync.server.engine;

import java.sql.SQLException;

/**
 * Tells a commit that failed because of what one task wrote (a value the database refuses: a data
 * exception, a broken constraint, an over-long text) from one that failed because of the store
 * itself (a lost connection, a lock, a full disk). Only the first kind is worth splitting a batch
 * for: the same write set fails again on a healthy store, and smaller write sets find the task.
 */
final class CommitFailures {

  // SQLite's primary result codes (https://www.sqlite.org/rescode.html); the sqlite-jdbc driver
  // puts the primary code in SQLException.getErrorCode() and leaves the SQLState null.
  private static final int SQLITE_TOOBIG = 18;
  private static final int SQLITE_CONSTRAINT = 19;
  private static final int SQLITE_MISMATCH = 20;
  private static final int SQLITE_RANGE = 25;

  private CommitFailures() {}

  /**
   * Whether {@code failure} (or one of its causes, or a batch's next exception) is a SQL error of
   * the data-dependent kind: SQLState class 22 (data exception), 23 (integrity constraint
   * violation) or 54 (program limit exceeded, e.g. an index row too large) on PostgreSQL; {@code
   * SQLITE_TOOBIG}, {@code SQLITE_CONSTRAINT}, {@code SQLITE_MISMATCH} or {@code SQLITE_RANGE} on
   * SQLite. Anything else, or no SQL error at all, counts as a store failure.
   */
  static boolean mayBeTiedToOneTask(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          if (isDataError(e)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.length() >= 2) {
      String sqlClass = state.substring(0, 2);
      return sqlClass.equals("22") || sqlClass.equals("23") || sqlClass.equals("54");
    }
    int primary = e.getErrorCode() & 0xff;
    return primary == SQLITE_TOOBIG
        || primary == SQLITE_CONSTRAINT
        || primary == SQLITE_MISMATCH
        || primary == SQLITE_RANGE;
  }
}
