package io.stocksync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A read connection with the duplicate-event lookup prepared on it. Not thread-safe. */
final class EventLookup implements SessionPool.Session {

  private final Connection connection;
  private final PreparedStatement containsEvent;

  /** Takes ownership of {@code connection}. */
  EventLookup(Connection connection) throws SQLException {
    this.connection = connection;
    try {
      containsEvent = connection.prepareStatement(LedgerSql.CONTAINS_EVENT);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  boolean containsEvent(String accountId, String eventId) throws SQLException {
    containsEvent.setString(1, accountId);
    containsEvent.setString(2, eventId);
    try (ResultSet rows = containsEvent.executeQuery()) {
      return rows.next();
    }
  }

  @Override
  public void close() {
    try {
      containsEvent.close();
    } catch (SQLException ignored) {
      // Closing anyway.
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing anyway.
    }
  }
}
