package io.stocksync.store;

import io.stocksync.core.inventory.Component;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.BundleOrdersRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.Rows.PushRemoval;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.WriteSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One write connection with its statements, prepared once and reused for every batch.
 *
 * <p>Each list of a {@link WriteSet} is written with one JDBC batch ({@code executeBatch}) of its
 * statement. On PostgreSQL two lists that every event touches, balances and sync states, are
 * instead written with one statement per batch whose columns are bound as arrays ({@code unnest}):
 * the sync-state UPDATE cannot be folded into a multi-row statement by the driver as the INSERTs
 * are, and one statement for a thousand rows measured some 15–20% more events per second than a
 * thousand executions of a one-row statement (informally, on a busy two-core machine).
 *
 * <p>{@link #write} runs inside the caller's transaction and neither commits nor rolls back. Not
 * thread-safe: a writer belongs to one thread at a time (the repositories hand it out from a {@link
 * SessionPool}).
 */
final class WriteSetWriter implements SessionPool.Session {

  private final Connection connection;
  private final List<PreparedStatement> statements = new ArrayList<>();
  private final PreparedStatement upsertAccount;
  private final PreparedStatement upsertLocation;
  private final PreparedStatement upsertSku;
  private final PreparedStatement deleteComponents;
  private final PreparedStatement insertComponent;
  private final PreparedStatement upsertChannel;
  private final PreparedStatement deleteChannelLocations;
  private final PreparedStatement insertChannelLocation;
  private final PreparedStatement upsertListing;
  private final PreparedStatement insertLedger;
  private final PreparedStatement upsertBalance;
  private final PreparedStatement updateSyncState;
  private final PreparedStatement updateBalanceSyncState;
  private final PreparedStatement upsertBalanceWithSyncState;
  private final PreparedStatement upsertBalancesWithSyncStatesFromArrays;
  private final PreparedStatement upsertPush;
  private final PreparedStatement deletePush;
  private final AlertWriter alerts;
  private final PreparedStatement upsertBundleOrders;
  private final PreparedStatement insertAttempt;
  private final PreparedStatement upsertBalancesFromArrays;
  private final PreparedStatement updateSyncStatesFromArrays;
  private final PreparedStatement upsertOrderLine;
  private final PreparedStatement upsertOrderFeed;

  /**
   * Takes ownership of {@code connection}, which must not be in auto-commit mode.
   *
   * @param arrays whether to write balances and sync states with one statement per batch, every
   *     column bound as an array (PostgreSQL), rather than with a JDBC batch of one-row statements
   */
  WriteSetWriter(Connection connection, boolean arrays) throws SQLException {
    this.connection = connection;
    try {
      upsertAccount = prepare(LedgerSql.UPSERT_ACCOUNT);
      upsertLocation = prepare(LedgerSql.UPSERT_LOCATION);
      upsertSku = prepare(LedgerSql.UPSERT_SKU);
      deleteComponents = prepare(LedgerSql.DELETE_COMPONENTS);
      insertComponent = prepare(LedgerSql.INSERT_COMPONENT);
      upsertChannel = prepare(LedgerSql.UPSERT_CHANNEL);
      deleteChannelLocations = prepare(LedgerSql.DELETE_CHANNEL_LOCATIONS);
      insertChannelLocation = prepare(LedgerSql.INSERT_CHANNEL_LOCATION);
      upsertListing = prepare(LedgerSql.UPSERT_LISTING);
      insertLedger = prepare(LedgerSql.INSERT_LEDGER);
      upsertBalance = prepare(LedgerSql.UPSERT_BALANCE);
      updateSyncState = prepare(LedgerSql.UPDATE_SYNC_STATE);
      updateBalanceSyncState = prepare(LedgerSql.UPDATE_BALANCE_SYNC_STATE);
      upsertBalanceWithSyncState = prepare(LedgerSql.UPSERT_BALANCE_WITH_SYNC_STATE);
      upsertPush = prepare(LedgerSql.UPSERT_PUSH);
      deletePush = prepare(LedgerSql.DELETE_PUSH);
      alerts = new AlertWriter(this::prepare);
      upsertBundleOrders = prepare(LedgerSql.UPSERT_BUNDLE_ORDERS);
      insertAttempt = prepare(LedgerSql.INSERT_ATTEMPT);
      upsertBalancesFromArrays = arrays ? prepare(LedgerSql.UPSERT_BALANCES_FROM_ARRAYS) : null;
      upsertBalancesWithSyncStatesFromArrays =
          arrays ? prepare(LedgerSql.UPSERT_BALANCES_WITH_SYNC_STATES_FROM_ARRAYS) : null;
      updateSyncStatesFromArrays = arrays ? prepare(LedgerSql.WRITE_SYNC_STATES_FROM_ARRAYS) : null;
      upsertOrderLine = prepare(OrderFeedRows.UPSERT_LINE);
      upsertOrderFeed = prepare(OrderFeedRows.UPSERT_FEED);
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statements.add(statement);
    return statement;
  }

  Connection connection() {
    return connection;
  }

  /**
   * Writes {@code writes} in the order {@link WriteSet} declares (removals first), one batch per
   * statement.
   */
  void write(WriteSet writes) throws SQLException {
    ConfigRemovalWriter.write(connection, writes.removals());
    writeAccounts(latest(writes.accounts(), AccountRow::id));
    writeLocations(latest(writes.locations(), row -> List.of(row.accountId(), row.code())));
    writeSkus(latest(writes.skus(), row -> List.of(row.accountId(), row.sku())));
    writeChannels(latest(writes.channels(), row -> List.of(row.accountId(), row.id())));
    writeListings(
        latest(writes.listings(), row -> List.of(row.accountId(), row.channelId(), row.sku())));
    writeLedger(writes.ledger());
    Collection<SkuSyncRow> syncStates =
        latest(writes.syncStates(), row -> List.of(row.accountId(), row.sku()));
    Map<List<String>, SkuSyncRow> syncBySku = new HashMap<>(syncStates.size() * 2);
    for (SkuSyncRow row : syncStates) {
      syncBySku.put(List.of(row.accountId(), row.sku()), row);
    }
    // A SKU's balance rows come all together (WriteSet's javadoc): those of a SKU whose sync state
    // changed carry it in the same upsert, and only the SKUs without a balance row in this batch
    // need a sync-state update of their own.
    writeBalances(
        latest(writes.balances(), row -> List.of(row.accountId(), row.sku(), row.location())),
        syncBySku);
    writeSyncStates(syncBySku.isEmpty() ? List.of() : syncBySku.values());
    writePushes(
        latest(writes.pushes(), row -> List.of(row.accountId(), row.channelId(), row.sku())));
    writePushRemovals(writes.pushRemovals());
    alerts.write(writes);
    writeAttempts(writes.attempts());
    writeBundleOrders(
        latest(
            writes.bundleOrders(), row -> List.of(row.accountId(), row.bundle(), row.location())));
    OrderFeedRows.write(upsertOrderLine, upsertOrderFeed, writes.orderLines(), writes.orderFeeds());
  }

  private void writeBundleOrders(Collection<BundleOrdersRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (BundleOrdersRow row : rows) {
      upsertBundleOrders.setString(1, row.accountId());
      upsertBundleOrders.setString(2, row.bundle());
      upsertBundleOrders.setString(3, row.location());
      upsertBundleOrders.setLong(4, row.bundles());
      upsertBundleOrders.addBatch();
    }
    upsertBundleOrders.executeBatch();
  }

  /**
   * The last row of each key, in first-seen order. An upsert of the same key twice in one batch
   * must leave the later value; PostgreSQL rejects that outright once the driver folds the batch
   * into one multi-row INSERT ("cannot affect row a second time"), so the batch never carries it.
   */
  private static <R> Collection<R> latest(List<R> rows, Function<R, Object> key) {
    if (rows.size() < 2) {
      return rows;
    }
    Map<Object, R> byKey = new LinkedHashMap<>(rows.size() * 2);
    for (R row : rows) {
      byKey.put(key.apply(row), row);
    }
    return byKey.size() == rows.size() ? rows : byKey.values();
  }

  private void writeAccounts(Collection<AccountRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (AccountRow row : rows) {
      SyncPolicy policy = row.policy();
      upsertAccount.setString(1, row.id());
      upsertAccount.setString(2, row.name());
      upsertAccount.setLong(3, policy.threshold());
      upsertAccount.setLong(4, policy.batchSize());
      upsertAccount.setLong(5, policy.significantQuantity());
      upsertAccount.setLong(6, policy.maxStalenessSeconds());
      upsertAccount.setLong(7, row.createdAt().toEpochMilli());
      upsertAccount.addBatch();
    }
    upsertAccount.executeBatch();
  }

  private void writeLocations(Collection<LocationRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (LocationRow row : rows) {
      upsertLocation.setString(1, row.accountId());
      upsertLocation.setString(2, row.code());
      upsertLocation.setString(3, row.name());
      upsertLocation.setBoolean(4, row.sellable());
      upsertLocation.addBatch();
    }
    upsertLocation.executeBatch();
  }

  private void writeSkus(Collection<SkuRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    boolean anyComponents = false;
    for (SkuRow row : rows) {
      PolicyOverride policy = row.policy() == null ? PolicyOverride.NONE : row.policy();
      upsertSku.setString(1, row.accountId());
      upsertSku.setString(2, row.sku());
      upsertSku.setString(3, row.name());
      LedgerSql.setLong(upsertSku, 4, policy.threshold());
      LedgerSql.setLong(upsertSku, 5, policy.batchSize());
      LedgerSql.setLong(upsertSku, 6, policy.significantQuantity());
      LedgerSql.setLong(upsertSku, 7, policy.maxStalenessSeconds());
      upsertSku.addBatch();
      deleteComponents.setString(1, row.accountId());
      deleteComponents.setString(2, row.sku());
      deleteComponents.addBatch();
      int position = 0;
      for (Component component : row.components()) {
        insertComponent.setString(1, row.accountId());
        insertComponent.setString(2, row.sku());
        insertComponent.setInt(3, position++);
        insertComponent.setString(4, component.sku());
        insertComponent.setLong(5, component.quantity());
        insertComponent.addBatch();
        anyComponents = true;
      }
    }
    // Every SKU row first: a component may be a SKU of this same batch.
    upsertSku.executeBatch();
    deleteComponents.executeBatch();
    if (anyComponents) {
      insertComponent.executeBatch();
    }
  }

  private void writeChannels(Collection<ChannelRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    boolean anyLocations = false;
    for (ChannelRow row : rows) {
      upsertChannel.setString(1, row.accountId());
      upsertChannel.setString(2, row.id());
      upsertChannel.setString(3, row.type());
      upsertChannel.setString(4, row.baseUrl());
      upsertChannel.setString(5, row.settingsJson());
      upsertChannel.setString(6, row.credentials());
      upsertChannel.setBoolean(7, row.enabled());
      upsertChannel.setLong(8, row.rules().buffer());
      upsertChannel.setInt(9, row.rules().percent());
      LedgerSql.setLong(upsertChannel, 10, row.rules().max());
      upsertChannel.setLong(11, row.rules().zeroAtOrBelow());
      upsertChannel.addBatch();
      deleteChannelLocations.setString(1, row.accountId());
      deleteChannelLocations.setString(2, row.id());
      deleteChannelLocations.addBatch();
      int position = 0;
      for (String location : row.locations()) {
        insertChannelLocation.setString(1, row.accountId());
        insertChannelLocation.setString(2, row.id());
        insertChannelLocation.setInt(3, position++);
        insertChannelLocation.setString(4, location);
        insertChannelLocation.addBatch();
        anyLocations = true;
      }
    }
    upsertChannel.executeBatch();
    deleteChannelLocations.executeBatch();
    if (anyLocations) {
      insertChannelLocation.executeBatch();
    }
  }

  private void writeListings(Collection<ListingRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (ListingRow row : rows) {
      upsertListing.setString(1, row.accountId());
      upsertListing.setString(2, row.channelId());
      upsertListing.setString(3, row.sku());
      upsertListing.setString(4, row.externalId());
      upsertListing.setString(5, row.fieldsJson());
      LedgerSql.setLong(upsertListing, 6, row.acknowledged());
      LedgerSql.setInstant(upsertListing, 7, row.acknowledgedAt());
      upsertListing.setString(8, row.state().name());
      upsertListing.setLong(9, row.version());
      upsertListing.addBatch();
    }
    upsertListing.executeBatch();
  }

  private void writeLedger(List<LedgerRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (LedgerRow row : rows) {
      LedgerSql.bindLedger(insertLedger, row);
      insertLedger.addBatch();
    }
    insertLedger.executeBatch();
  }

  /**
   * Upserts {@code rows}; a row whose SKU is in {@code syncBySku} carries that sync state, and the
   * SKU is removed from the map (what remains has no balance row in this batch).
   */
  private void writeBalances(Collection<BalanceRow> rows, Map<List<String>, SkuSyncRow> syncBySku)
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
    if (!plain.isEmpty()) {
      for (BalanceRow row : plain) {
        bindBalance(upsertBalance, row);
        upsertBalance.addBatch();
      }
      upsertBalance.executeBatch();
    }
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
        oldestPendingAt[i] =
            sync.oldestPendingAt() == null ? null : sync.oldestPendingAt().toEpochMilli();
        lastSyncedAt[i] = sync.lastSyncedAt() == null ? null : sync.lastSyncedAt().toEpochMilli();
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

  private void writeSyncStates(Collection<SkuSyncRow> rows) throws SQLException {
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
      oldestPendingAt[index] =
          row.oldestPendingAt() == null ? null : row.oldestPendingAt().toEpochMilli();
      lastSyncedAt[index] = row.lastSyncedAt() == null ? null : row.lastSyncedAt().toEpochMilli();
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

  private void writePushes(Collection<PushRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (PushRow row : rows) {
      upsertPush.setString(1, row.accountId());
      upsertPush.setString(2, row.channelId());
      upsertPush.setString(3, row.sku());
      upsertPush.setLong(4, row.target());
      upsertPush.setLong(5, row.version());
      upsertPush.setString(6, row.urgency().name());
      upsertPush.setLong(7, row.queuedAt().toEpochMilli());
      upsertPush.setInt(8, row.failures());
      upsertPush.addBatch();
    }
    upsertPush.executeBatch();
  }

  private void writePushRemovals(List<PushRemoval> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (PushRemoval row : rows) {
      deletePush.setString(1, row.accountId());
      deletePush.setString(2, row.channelId());
      deletePush.setString(3, row.sku());
      deletePush.addBatch();
    }
    deletePush.executeBatch();
  }

  private void writeAttempts(List<PushAttemptRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    for (PushAttemptRow row : rows) {
      insertAttempt.setString(1, row.accountId());
      insertAttempt.setString(2, row.channelId());
      insertAttempt.setString(3, row.sku());
      insertAttempt.setLong(4, row.quantity());
      insertAttempt.setLong(5, row.version());
      insertAttempt.setLong(6, row.attemptedAt().toEpochMilli());
      insertAttempt.setString(7, row.status());
      if (row.httpStatus() == null) {
        insertAttempt.setNull(8, Types.INTEGER);
      } else {
        insertAttempt.setInt(8, row.httpStatus());
      }
      insertAttempt.setString(9, row.error());
      insertAttempt.addBatch();
    }
    insertAttempt.executeBatch();
  }

  /** Drops whatever a failed {@link #write} left in the statements' batches. */
  void clearBatches() {
    for (Statement statement : statements) {
      try {
        statement.clearBatch();
      } catch (SQLException ignored) {
        // The connection is discarded when it is broken; nothing more to do here.
      }
    }
  }

  @Override
  public void close() {
    for (Statement statement : statements) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // Closing anyway.
      }
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing anyway.
    }
  }
}
