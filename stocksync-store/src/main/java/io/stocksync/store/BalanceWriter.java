package io.stocksync.store;

import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the balances of a write set and the SKUs' sync states, which the store keeps on the
 * balance rows (a SKU without any balance row keeps its state on its own row). A JDBC batch of
 * one-row statements a list, or on PostgreSQL one statement a list with its columns bound as arrays
 * ({@code unnest}); see {@link WriteSetWriter} for why. Inside the caller's transaction. Not
 * thread-safe: part of one {@link WriteSetWriter}.
 */
final class BalanceWriter {
  private final Connection connection;
  private final PreparedStatement upsertBalance;
  private final PreparedStatement updateSyncState;
  private final PreparedStatement updateBalanceSyncState;
  private final PreparedStatement upsertBalanceWithSyncState;
  private final PreparedStatement upsertBalancesFromArrays;
  private final PreparedStatement upsertBalancesWithSyncStatesFromArrays;
  private final PreparedStatement updateSyncStatesFromArrays;

  /**
   * Prepares the statements through {@code prepare}, which owns (and closes) them.
   *
   * @param connection the connection they are prepared on, for binding arrays
   * @param arrays whether to bind every column as an array, one statement a list (PostgreSQL)
   */
  BalanceWriter(Connection connection, StatementPreparer prepare, boolean arrays)
      throws SQLException {
    this.connection = connection;
    upsertBalance = prepare.prepare(LedgerSql.UPSERT_BALANCE);
    updateSyncState = prepare.prepare(LedgerSql.UPDATE_SYNC_STATE);
    updateBalanceSyncState = prepare.prepare(LedgerSql.UPDATE_BALANCE_SYNC_STATE);
    upsertBalanceWithSyncState = prepare.prepare(LedgerSql.UPSERT_BALANCE_WITH_SYNC_STATE);
    upsertBalancesFromArrays =
        arrays ? prepare.prepare(LedgerSql.UPSERT_BALANCES_FROM_ARRAYS) : null;
    upsertBalancesWithSyncStatesFromArrays =
        arrays ? prepare.prepare(LedgerSql.UPSERT_BALANCES_WITH_SYNC_STATES_FROM_ARRAYS) : null;
    updateSyncStatesFromArrays =
        arrays ? prepare.prepare(LedgerSql.WRITE_SYNC_STATES_FROM_ARRAYS) : null;
  }

  /**
   * Upserts {@code rows}; a row whose SKU is in {@code syncBySku} carries that sync state, and the
   * SKU is removed from the map (what remains has no balance row in this batch).
   */
  void writeBalances(Collection<BalanceRow> rows, Map<List<String>, SkuSyncRow> syncBySku)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<BalanceRow> plain = new ArrayList<>(rows.size());
    List<BalanceRow> withSync = new ArrayList<>(rows.size());
    List<SkuSyncRow> syncOf = new ArrayList<>(rows.size());
    Map<List<String>, SkuSyncRow> taken = new HashMap<>();
    for (BalanceRow row : rows) {
      List<String> sku = List.of(row.accountId(), row.sku());
      SkuSyncRow sync = syncBySku.get(sku);
      if (sync == null) {
        sync = taken.get(sku);
      }
      if (sync == null) {
        plain.add(row);
      } else {
        taken.put(sku, sync);
        withSync.add(row);
        syncOf.add(sync);
      }
    }
    syncBySku.keySet().removeAll(taken.keySet());
    if (upsertBalancesFromArrays != null) {
      if (!plain.isEmpty()) {
        writeBalancesFromArrays(plain, null);
      }
      if (!withSync.isEmpty()) {
        writeBalancesFromArrays(withSync, syncOf);
      }
      return;
    }
    RowBatch.execute(upsertBalance, plain, BalanceWriter::bindBalance);
    if (!withSync.isEmpty()) {
      for (int i = 0; i < withSync.size(); i++) {
        bindBalance(upsertBalanceWithSyncState, withSync.get(i));
        SkuSyncRow sync = syncOf.get(i);
        upsertBalanceWithSyncState.setLong(6, sync.pending());
        LedgerSql.setInstant(upsertBalanceWithSyncState, 7, sync.oldestPendingAt());
        LedgerSql.setInstant(upsertBalanceWithSyncState, 8, sync.lastSyncedAt());
        upsertBalanceWithSyncState.addBatch();
      }
      upsertBalanceWithSyncState.executeBatch();
    }
  }

  private static void bindBalance(PreparedStatement statement, BalanceRow row) throws SQLException {
    statement.setString(1, row.accountId());
    statement.setString(2, row.sku());
    statement.setString(3, row.location());
    statement.setLong(4, row.onHand());
    statement.setLong(5, row.reserved());
  }

  /**
   * Upserts balance rows in one statement, the columns bound as arrays (PostgreSQL); with {@code
   * syncs} (one a row, same order) the SKUs' sync states go in the same statement.
   */
  private void writeBalancesFromArrays(List<BalanceRow> rows, List<SkuSyncRow> syncs)
      throws SQLException {
    int size = rows.size();
    String[] accountIds = new String[size];
    String[] skus = new String[size];
    String[] locations = new String[size];
    Long[] onHand = new Long[size];
    Long[] reserved = new Long[size];
    Long[] pending = new Long[size];
    Long[] oldestPendingAt = new Long[size];
    Long[] lastSyncedAt = new Long[size];
    for (int i = 0; i < size; i++) {
      BalanceRow row = rows.get(i);
      accountIds[i] = row.accountId();
      skus[i] = row.sku();
      locations[i] = row.location();
      onHand[i] = row.onHand();
      reserved[i] = row.reserved();
      if (syncs != null) {
        SkuSyncRow sync = syncs.get(i);
        pending[i] = sync.pending();
        oldestPendingAt[i] = millis(sync.oldestPendingAt());
        lastSyncedAt[i] = millis(sync.lastSyncedAt());
      }
    }
    PreparedStatement st =
        syncs == null ? upsertBalancesFromArrays : upsertBalancesWithSyncStatesFromArrays;
    st.setArray(1, connection.createArrayOf("text", accountIds));
    st.setArray(2, connection.createArrayOf("text", skus));
    st.setArray(3, connection.createArrayOf("text", locations));
    st.setArray(4, connection.createArrayOf("bigint", onHand));
    st.setArray(5, connection.createArrayOf("bigint", reserved));
    if (syncs != null) {
      st.setArray(6, connection.createArrayOf("bigint", pending));
      st.setArray(7, connection.createArrayOf("bigint", oldestPendingAt));
      st.setArray(8, connection.createArrayOf("bigint", lastSyncedAt));
    }
    st.executeUpdate();
  }

  void writeSyncStates(Collection<SkuSyncRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    if (updateSyncStatesFromArrays != null) {
      writeSyncStatesFromArrays(rows);
      return;
    }
    // Onto the SKU's balance rows (pages the balance upserts of this batch mostly dirtied
    // already); a SKU without any balance row keeps its state on its own row instead.
    for (SkuSyncRow row : rows) {
      bindSyncState(updateBalanceSyncState, row);
      updateBalanceSyncState.addBatch();
    }
    int[] onBalances = updateBalanceSyncState.executeBatch();
    List<SkuSyncRow> withoutBalances = new ArrayList<>();
    int index = 0;
    for (SkuSyncRow row : rows) {
      if (index < onBalances.length && onBalances[index] == 0) {
        withoutBalances.add(row);
      }
      index++;
    }
    if (withoutBalances.isEmpty()) {
      return;
    }
    for (SkuSyncRow row : withoutBalances) {
      bindSyncState(updateSyncState, row);
      updateSyncState.addBatch();
    }
    int[] counts = updateSyncState.executeBatch();
    // An update that matched no row would drop the state silently; refuse the batch instead.
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        SkuSyncRow row = withoutBalances.get(i);
        throw new SQLException(
            "sync state of unknown SKU " + row.sku() + " of account " + row.accountId());
      }
    }
  }

  private static void bindSyncState(PreparedStatement statement, SkuSyncRow row)
      throws SQLException {
    statement.setLong(1, row.pending());
    LedgerSql.setInstant(statement, 2, row.oldestPendingAt());
    LedgerSql.setInstant(statement, 3, row.lastSyncedAt());
    statement.setString(4, row.accountId());
    statement.setString(5, row.sku());
  }

  private void writeSyncStatesFromArrays(Collection<SkuSyncRow> rows) throws SQLException {
    int size = rows.size();
    String[] accountIds = new String[size];
    String[] skus = new String[size];
    Long[] pending = new Long[size];
    Long[] oldestPendingAt = new Long[size];
    Long[] lastSyncedAt = new Long[size];
    int index = 0;
    for (SkuSyncRow row : rows) {
      accountIds[index] = row.accountId();
      skus[index] = row.sku();
      pending[index] = row.pending();
      oldestPendingAt[index] = millis(row.oldestPendingAt());
      lastSyncedAt[index] = millis(row.lastSyncedAt());
      index++;
    }
    updateSyncStatesFromArrays.setArray(1, connection.createArrayOf("text", accountIds));
    updateSyncStatesFromArrays.setArray(2, connection.createArrayOf("text", skus));
    updateSyncStatesFromArrays.setArray(3, connection.createArrayOf("bigint", pending));
    updateSyncStatesFromArrays.setArray(4, connection.createArrayOf("bigint", oldestPendingAt));
    updateSyncStatesFromArrays.setArray(5, connection.createArrayOf("bigint", lastSyncedAt));
    long updated;
    try (ResultSet written = updateSyncStatesFromArrays.executeQuery()) {
      written.next();
      updated = written.getLong(1);
    }
    // The rows have distinct keys, so each that names an existing SKU is written exactly once.
    if (updated != size) {
      throw new SQLException(
          (size - updated) + " of " + size + " sync states are of SKUs that do not exist");
    }
  }

  /** The instant's epoch milliseconds, as the array columns hold them; null for none. */
  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }
}
