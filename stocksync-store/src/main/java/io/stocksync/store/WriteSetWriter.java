package io.stocksync.store;

import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.WriteSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
 * <p>The statements of each group of tables are in a writer of their own ({@link ConfigRowWriter},
 * {@link PushQueueWriter}, {@link LedgerLineWriter}, {@link BalanceWriter}, {@link AlertWriter},
 * {@link OrderFeedRows}); this writer owns the connection and every statement, and writes the lists
 * in their order.
 *
 * <p>{@link #write} runs inside the caller's transaction and neither commits nor rolls back. Not
 * thread-safe: a writer belongs to one thread at a time (the repositories hand it out from a {@link
 * SessionPool}).
 */
final class WriteSetWriter implements SessionPool.Session {

  private final Connection connection;
  private final List<PreparedStatement> statements = new ArrayList<>();
  private final ConfigRowWriter config;
  private final PushQueueWriter pushQueue;
  private final LedgerLineWriter ledger;
  private final BalanceWriter balances;
  private final AlertWriter alerts;
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
      config = new ConfigRowWriter(this::prepare);
      pushQueue = new PushQueueWriter(this::prepare);
      ledger = new LedgerLineWriter(this::prepare);
      balances = new BalanceWriter(connection, this::prepare, arrays);
      alerts = new AlertWriter(this::prepare);
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
    config.writeAccounts(latest(writes.accounts(), AccountRow::id));
    config.writeLocations(latest(writes.locations(), row -> List.of(row.accountId(), row.code())));
    config.writeSkus(latest(writes.skus(), row -> List.of(row.accountId(), row.sku())));
    config.writeChannels(latest(writes.channels(), row -> List.of(row.accountId(), row.id())));
    pushQueue.writeListings(
        latest(writes.listings(), row -> List.of(row.accountId(), row.channelId(), row.sku())));
    ledger.writeLedger(writes.ledger());
    Collection<SkuSyncRow> syncStates =
        latest(writes.syncStates(), row -> List.of(row.accountId(), row.sku()));
    Map<List<String>, SkuSyncRow> syncBySku = new HashMap<>(syncStates.size() * 2);
    for (SkuSyncRow row : syncStates) {
      syncBySku.put(List.of(row.accountId(), row.sku()), row);
    }
    // A SKU's balance rows come all together (WriteSet's javadoc): those of a SKU whose sync state
    // changed carry it in the same upsert, and only the SKUs without a balance row in this batch
    // need a sync-state update of their own.
    balances.writeBalances(
        latest(writes.balances(), row -> List.of(row.accountId(), row.sku(), row.location())),
        syncBySku);
    balances.writeSyncStates(syncBySku.isEmpty() ? List.of() : syncBySku.values());
    pushQueue.writePushes(
        latest(writes.pushes(), row -> List.of(row.accountId(), row.channelId(), row.sku())));
    pushQueue.writePushRemovals(writes.pushRemovals());
    alerts.write(writes);
    pushQueue.writeAttempts(writes.attempts());
    ledger.writeBundleOrders(
        latest(
            writes.bundleOrders(), row -> List.of(row.accountId(), row.bundle(), row.location())));
    OrderFeedRows.write(upsertOrderLine, upsertOrderFeed, writes.orderLines(), writes.orderFeeds());
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
