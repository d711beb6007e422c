package io.stocksync.store;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.port.Rows.AlertRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The columns of an alert row and how to read them back, shared by its readers. */
final class AlertSql {

  static final String COLUMNS =
      "account_id, id, kind, state, sku, channel_id, location, opened_at, resolved_at, details";

  private AlertSql() {}

  /** The row at the cursor, selected with {@link #COLUMNS} first. */
  static AlertRow row(ResultSet rows) throws SQLException {
    return new AlertRow(
        rows.getString(1),
        rows.getLong(2),
        AlertKind.valueOf(rows.getString(3)),
        AlertState.valueOf(rows.getString(4)),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        Instant.ofEpochMilli(rows.getLong(8)),
        LedgerSql.getInstant(rows, 9),
        rows.getString(10));
  }
}
