package io.stocksync.store;

import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.AlertThresholdRow;
import io.stocksync.core.port.WriteSet;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the alert part of a {@link WriteSet} (SPEC §10) inside the caller's transaction: each
 * alert's latest row, one delivery row per change for an account that has a destination (so an
 * undelivered change is as durable as the change itself), and the {@code alertAt} settings.
 *
 * <p>Not thread-safe: part of one {@link WriteSetWriter}.
 */
final class AlertWriter {

  static final String UPSERT_ALERT =
      "INSERT INTO alerts (account_id, id, kind, state, sku, channel_id, location, opened_at,"
          + " resolved_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, id) DO UPDATE SET state = excluded.state,"
          + " resolved_at = excluded.resolved_at";

  static final String QUEUE_DELIVERY =
      "INSERT INTO alert_deliveries (account_id, alert_id, state, changed_at, attempts,"
          + " next_attempt_at) SELECT account_id, ?, ?, ?, 0, ? FROM alert_destinations"
          + " WHERE account_id = ?";

  static final String UPSERT_THRESHOLD =
      "INSERT INTO alert_thresholds (account_id, sku, location, alert_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (account_id, sku, location) DO UPDATE SET alert_at = excluded.alert_at";

  static final String DELETE_THRESHOLD =
      "DELETE FROM alert_thresholds WHERE account_id = ? AND sku = ? AND location = ?";

  private final PreparedStatement upsertAlert;
  private final PreparedStatement queueDelivery;
  private final PreparedStatement upsertThreshold;
  private final PreparedStatement deleteThreshold;

  /** Prepares the statements through {@code prepare}, which owns (and closes) them. */
  AlertWriter(StatementPreparer prepare) throws SQLException {
    upsertAlert = prepare.prepare(UPSERT_ALERT);
    queueDelivery = prepare.prepare(QUEUE_DELIVERY);
    upsertThreshold = prepare.prepare(UPSERT_THRESHOLD);
    deleteThreshold = prepare.prepare(DELETE_THRESHOLD);
  }

  /** Writes the thresholds (before alerts: the order does not matter, no foreign keys). */
  void write(WriteSet writes) throws SQLException {
    writeThresholds(writes.alertThresholds());
    writeAlerts(writes.alerts());
  }

  private void writeAlerts(List<AlertRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    // An alert opened and resolved in one batch is written once, resolved (PostgreSQL refuses an
    // upsert of the same key twice in one statement); each change is still queued for delivery.
    Map<List<Object>, AlertRow> latest = new LinkedHashMap<>();
    for (AlertRow row : rows) {
      latest.put(List.of(row.accountId(), row.id()), row);
      queueDelivery.setLong(1, row.id());
      queueDelivery.setString(2, row.state().name());
      long changedAt =
          (row.resolvedAt() != null ? row.resolvedAt() : row.openedAt()).toEpochMilli();
      queueDelivery.setLong(3, changedAt);
      queueDelivery.setLong(4, changedAt);
      queueDelivery.setString(5, row.accountId());
      queueDelivery.addBatch();
    }
    for (AlertRow row : latest.values()) {
      upsertAlert.setString(1, row.accountId());
      upsertAlert.setLong(2, row.id());
      upsertAlert.setString(3, row.kind().name());
      upsertAlert.setString(4, row.state().name());
      upsertAlert.setString(5, row.sku());
      upsertAlert.setString(6, row.channel());
      upsertAlert.setString(7, row.location());
      upsertAlert.setLong(8, row.openedAt().toEpochMilli());
      LedgerSql.setInstant(upsertAlert, 9, row.resolvedAt());
      upsertAlert.setString(10, row.details());
      upsertAlert.addBatch();
    }
    upsertAlert.executeBatch();
    queueDelivery.executeBatch();
  }

  private void writeThresholds(List<AlertThresholdRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Map<List<String>, AlertThresholdRow> latest = new LinkedHashMap<>();
    for (AlertThresholdRow row : rows) {
      latest.put(List.of(row.accountId(), key(row.sku()), key(row.location())), row);
    }
    boolean upserts = false;
    boolean deletes = false;
    for (AlertThresholdRow row : latest.values()) {
      if (row.alertAt() == null) {
        deleteThreshold.setString(1, row.accountId());
        deleteThreshold.setString(2, key(row.sku()));
        deleteThreshold.setString(3, key(row.location()));
        deleteThreshold.addBatch();
        deletes = true;
      } else {
        upsertThreshold.setString(1, row.accountId());
        upsertThreshold.setString(2, key(row.sku()));
        upsertThreshold.setString(3, key(row.location()));
        upsertThreshold.setLong(4, row.alertAt());
        upsertThreshold.addBatch();
        upserts = true;
      }
    }
    if (deletes) {
      deleteThreshold.executeBatch();
    }
    if (upserts) {
      upsertThreshold.executeBatch();
    }
  }

  /** A key column: '' stands for "none" (the account's default, a SKU-wide threshold). */
  static String key(String value) {
    return value == null ? "" : value;
  }

  static String unkey(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
