package io.stocksync.store;

import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.AlertThresholdRow;
import io.stocksync.core.port.StoredStateVisitor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Predicate;

/**
 * Reads what the engine keeps of alerts at start-up (SPEC §10): the {@code alertAt} settings, the
 * open alerts and each account's highest alert id. Resolved alerts stay in the store for {@code GET
 * /v1/alerts}; the engine needs only their ids' high-water mark. Not thread-safe; used once, inside
 * the caller's snapshot.
 */
final class AlertStateReader {

  /** Opens a forward-only statement of the caller's settings. */
  @FunctionalInterface
  interface Statements {
    Statement open() throws SQLException;
  }

  private final Statements statements;
  private final Predicate<String> accounts;

  AlertStateReader(Statements statements, Predicate<String> accounts) {
    this.statements = statements;
    this.accounts = accounts;
  }

  void readThresholds(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statements.open();
        ResultSet rows =
            statement.executeQuery(
                "SELECT account_id, sku, location, alert_at FROM alert_thresholds")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.test(accountId)) {
          visitor.alertThreshold(
              new AlertThresholdRow(
                  accountId,
                  AlertWriter.unkey(rows.getString(2)),
                  AlertWriter.unkey(rows.getString(3)),
                  rows.getLong(4)));
        }
      }
    }
  }

  void readAlerts(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statements.open();
        ResultSet rows =
            statement.executeQuery("SELECT account_id, MAX(id) FROM alerts GROUP BY account_id")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.test(accountId)) {
          visitor.lastAlertId(accountId, rows.getLong(2));
        }
      }
    }
    try (Statement statement = statements.open();
        ResultSet rows =
            statement.executeQuery(
                "SELECT " + AlertSql.COLUMNS + " FROM alerts WHERE state = 'OPEN'")) {
      while (rows.next()) {
        AlertRow row = AlertSql.row(rows);
        if (accounts.test(row.accountId())) {
          visitor.openAlert(row);
        }
      }
    }
  }
}
