package io.stocksync.store;

import io.stocksync.core.inventory.Component;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.SkuRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Writes the configuration rows of a write set: accounts, locations, SKUs with their components,
 * channels with the locations they draw from. Each list is one JDBC batch a statement, inside the
 * caller's transaction. Not thread-safe: part of one {@link WriteSetWriter}.
 */
final class ConfigRowWriter {
  private final PreparedStatement upsertAccount;
  private final PreparedStatement upsertLocation;
  private final PreparedStatement upsertSku;
  private final PreparedStatement deleteComponents;
  private final PreparedStatement insertComponent;
  private final PreparedStatement upsertChannel;
  private final PreparedStatement deleteChannelLocations;
  private final PreparedStatement insertChannelLocation;

  /** Prepares the statements through {@code prepare}, which owns (and closes) them. */
  ConfigRowWriter(StatementPreparer prepare) throws SQLException {
    upsertAccount = prepare.prepare(LedgerSql.UPSERT_ACCOUNT);
    upsertLocation = prepare.prepare(LedgerSql.UPSERT_LOCATION);
    upsertSku = prepare.prepare(LedgerSql.UPSERT_SKU);
    deleteComponents = prepare.prepare(LedgerSql.DELETE_COMPONENTS);
    insertComponent = prepare.prepare(LedgerSql.INSERT_COMPONENT);
    upsertChannel = prepare.prepare(LedgerSql.UPSERT_CHANNEL);
    deleteChannelLocations = prepare.prepare(LedgerSql.DELETE_CHANNEL_LOCATIONS);
    insertChannelLocation = prepare.prepare(LedgerSql.INSERT_CHANNEL_LOCATION);
  }

  void writeAccounts(Collection<AccountRow> rows) throws SQLException {
    RowBatch.execute(
        upsertAccount,
        rows,
        (st, row) -> {
          SyncPolicy policy = row.policy();
          st.setString(1, row.id());
          st.setString(2, row.name());
          st.setLong(3, policy.threshold());
          st.setLong(4, policy.batchSize());
          st.setLong(5, policy.significantQuantity());
          st.setLong(6, policy.maxStalenessSeconds());
          st.setLong(7, row.createdAt().toEpochMilli());
        });
  }

  void writeLocations(Collection<LocationRow> rows) throws SQLException {
    RowBatch.execute(
        upsertLocation,
        rows,
        (st, row) -> {
          st.setString(1, row.accountId());
          st.setString(2, row.code());
          st.setString(3, row.name());
          st.setBoolean(4, row.sellable());
        });
  }

  void writeSkus(Collection<SkuRow> rows) throws SQLException {
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

  void writeChannels(Collection<ChannelRow> rows) throws SQLException {
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
}
