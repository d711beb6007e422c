package io.stocksync.store;

import io.stocksync.core.port.Rows.LedgerRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The statement texts both databases share (their SQL is the same; only the migrations differ) and
 * the small conversions between rows and columns: instants as epoch milliseconds, enums by name.
 */
final class LedgerSql {

  static final String INSERT_LEDGER =
      "INSERT INTO ledger (account_id, event_id, line, type, sku, location, quantity,"
          + " on_hand_delta, reserved_delta, occurred_at, recorded_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String UPSERT_ACCOUNT =
      "INSERT INTO accounts (id, name, threshold, batch_size, significant_quantity,"
          + " max_staleness_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
          + " threshold = excluded.threshold, batch_size = excluded.batch_size,"
          + " significant_quantity = excluded.significant_quantity,"
          + " max_staleness_seconds = excluded.max_staleness_seconds,"
          + " created_at = excluded.created_at";

  static final String UPSERT_LOCATION =
      "INSERT INTO locations (account_id, code, name, sellable) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (account_id, code) DO UPDATE SET name = excluded.name,"
          + " sellable = excluded.sellable";

  /** Writes a SKU's configuration; its sync-state columns keep their values (or defaults). */
  static final String UPSERT_SKU =
      "INSERT INTO skus (account_id, sku, name, threshold, batch_size, significant_quantity,"
          + " max_staleness_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, sku) DO UPDATE SET name = excluded.name,"
          + " threshold = excluded.threshold, batch_size = excluded.batch_size,"
          + " significant_quantity = excluded.significant_quantity,"
          + " max_staleness_seconds = excluded.max_staleness_seconds";

  static final String DELETE_COMPONENTS =
      "DELETE FROM sku_components WHERE account_id = ? AND bundle = ?";

  static final String INSERT_COMPONENT =
      "INSERT INTO sku_components (account_id, bundle, position, component, quantity)"
          + " VALUES (?, ?, ?, ?, ?)";

  static final String UPSERT_CHANNEL =
      "INSERT INTO channels (account_id, id, type, base_url, settings_json, credentials, enabled,"
          + " rules_buffer, rules_percent, rules_max, rules_zero_at_or_below)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, id) DO UPDATE SET type = excluded.type,"
          + " base_url = excluded.base_url, settings_json = excluded.settings_json,"
          + " credentials = excluded.credentials, enabled = excluded.enabled,"
          + " rules_buffer = excluded.rules_buffer, rules_percent = excluded.rules_percent,"
          + " rules_max = excluded.rules_max,"
          + " rules_zero_at_or_below = excluded.rules_zero_at_or_below";

  static final String DELETE_CHANNEL_LOCATIONS =
      "DELETE FROM channel_locations WHERE account_id = ? AND channel_id = ?";

  static final String INSERT_CHANNEL_LOCATION =
      "INSERT INTO channel_locations (account_id, channel_id, position, location)"
          + " VALUES (?, ?, ?, ?)";

  static final String UPSERT_LISTING =
      "INSERT INTO listings (account_id, channel_id, sku, external_id, fields_json, acknowledged,"
          + " acknowledged_at, state, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, channel_id, sku) DO UPDATE SET"
          + " external_id = excluded.external_id, fields_json = excluded.fields_json,"
          + " acknowledged = excluded.acknowledged, acknowledged_at = excluded.acknowledged_at,"
          + " state = excluded.state, version = excluded.version";

  static final String UPSERT_BALANCE =
      "INSERT INTO balances (account_id, sku, location, on_hand, reserved) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, sku, location) DO UPDATE SET on_hand = excluded.on_hand,"
          + " reserved = excluded.reserved";

  static final String UPDATE_SYNC_STATE =
      "UPDATE skus SET pending = ?, oldest_pending_at = ?, last_synced_at = ?"
          + " WHERE account_id = ? AND sku = ?";

  /**
   * {@link #UPSERT_BALANCE} for a whole batch in one statement, the columns bound as arrays
   * (PostgreSQL).
   */
  static final String UPSERT_BALANCES_FROM_ARRAYS =
      "INSERT INTO balances (account_id, sku, location, on_hand, reserved)"
          + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])"
          + " ON CONFLICT (account_id, sku, location) DO UPDATE SET on_hand = excluded.on_hand,"
          + " reserved = excluded.reserved";

  /** {@link #UPSERT_BALANCE} with the SKU's sync state written on the row at the same time. */
  static final String UPSERT_BALANCE_WITH_SYNC_STATE =
      "INSERT INTO balances (account_id, sku, location, on_hand, reserved, pending,"
          + " oldest_pending_at, last_synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, sku, location) DO UPDATE SET on_hand = excluded.on_hand,"
          + " reserved = excluded.reserved, pending = excluded.pending,"
          + " oldest_pending_at = excluded.oldest_pending_at,"
          + " last_synced_at = excluded.last_synced_at";

  /** {@link #UPSERT_BALANCE_WITH_SYNC_STATE} for a whole batch, bound as arrays (PostgreSQL). */
  static final String UPSERT_BALANCES_WITH_SYNC_STATES_FROM_ARRAYS =
      "INSERT INTO balances (account_id, sku, location, on_hand, reserved, pending,"
          + " oldest_pending_at, last_synced_at)"
          + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],"
          + " ?::bigint[], ?::bigint[], ?::bigint[])"
          + " ON CONFLICT (account_id, sku, location) DO UPDATE SET on_hand = excluded.on_hand,"
          + " reserved = excluded.reserved, pending = excluded.pending,"
          + " oldest_pending_at = excluded.oldest_pending_at,"
          + " last_synced_at = excluded.last_synced_at";

  /** Writes a SKU's sync state onto every balance row it has (none: the caller falls back). */
  static final String UPDATE_BALANCE_SYNC_STATE =
      "UPDATE balances SET pending = ?, oldest_pending_at = ?, last_synced_at = ?"
          + " WHERE account_id = ? AND sku = ?";

  /**
   * Sync states for a whole batch in one statement (PostgreSQL), the columns bound as arrays: onto
   * the balance rows of the SKUs that have some, onto the SKU's own row for the others. Answers the
   * number of SKUs written, to compare with the number given.
   */
  static final String WRITE_SYNC_STATES_FROM_ARRAYS =
      "WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])"
          + " AS v (account_id, sku, pending, oldest_pending_at, last_synced_at)),"
          + " b AS (UPDATE balances SET pending = v.pending,"
          + " oldest_pending_at = v.oldest_pending_at, last_synced_at = v.last_synced_at"
          + " FROM v WHERE balances.account_id = v.account_id AND balances.sku = v.sku"
          + " RETURNING v.account_id, v.sku),"
          + " s AS (UPDATE skus SET pending = v.pending,"
          + " oldest_pending_at = v.oldest_pending_at, last_synced_at = v.last_synced_at"
          + " FROM v WHERE skus.account_id = v.account_id AND skus.sku = v.sku"
          + " AND NOT EXISTS (SELECT 1 FROM balances x"
          + " WHERE x.account_id = v.account_id AND x.sku = v.sku)"
          + " RETURNING v.account_id, v.sku)"
          + " SELECT (SELECT count(*) FROM (SELECT DISTINCT account_id, sku FROM b) d)"
          + " + (SELECT count(*) FROM s)";

  /**
   * {@link #UPDATE_SYNC_STATE} for a whole batch in one statement, the columns bound as arrays
   * (PostgreSQL).
   */
  static final String UPDATE_SYNC_STATES_FROM_ARRAYS =
      "UPDATE skus SET pending = v.pending, oldest_pending_at = v.oldest_pending_at,"
          + " last_synced_at = v.last_synced_at"
          + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])"
          + " AS v (account_id, sku, pending, oldest_pending_at, last_synced_at)"
          + " WHERE skus.account_id = v.account_id AND skus.sku = v.sku";

  static final String UPSERT_PUSH =
      "INSERT INTO push_queue (account_id, channel_id, sku, target, version, urgency, queued_at,"
          + " failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, channel_id, sku) DO UPDATE SET target = excluded.target,"
          + " version = excluded.version, urgency = excluded.urgency,"
          + " queued_at = excluded.queued_at, failures = excluded.failures";

  static final String DELETE_PUSH =
      "DELETE FROM push_queue WHERE account_id = ? AND channel_id = ? AND sku = ?";

  static final String UPSERT_BUNDLE_ORDERS =
      "INSERT INTO bundle_orders (account_id, bundle, location, bundles) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (account_id, bundle, location) DO UPDATE SET bundles = excluded.bundles";

  static final String INSERT_ATTEMPT =
      "INSERT INTO push_attempts (account_id, channel_id, sku, quantity, version, attempted_at,"
          + " status, http_status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Every line of an event has the same key prefix, so the primary key answers this alone. */
  static final String CONTAINS_EVENT =
      "SELECT 1 FROM ledger WHERE account_id = ? AND event_id = ? AND line = 0";

  private LedgerSql() {}

  /** Binds {@code row} to a statement prepared from {@link #INSERT_LEDGER}. */
  static void bindLedger(PreparedStatement statement, LedgerRow row) throws SQLException {
    statement.setString(1, row.accountId());
    statement.setString(2, row.eventId());
    statement.setInt(3, row.line());
    statement.setString(4, row.type().name());
    statement.setString(5, row.sku());
    statement.setString(6, row.location());
    statement.setLong(7, row.quantity());
    statement.setLong(8, row.onHandDelta());
    statement.setLong(9, row.reservedDelta());
    setInstant(statement, 10, row.occurredAt());
    statement.setLong(11, row.recordedAt().toEpochMilli());
  }

  static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value.toEpochMilli());
    }
  }

  static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  static Instant getInstant(ResultSet rows, int index) throws SQLException {
    long millis = rows.getLong(index);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  static Long getLong(ResultSet rows, int index) throws SQLException {
    long value = rows.getLong(index);
    return rows.wasNull() ? null : value;
  }
}
