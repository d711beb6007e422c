package io.stocksync.store;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.BundleOrdersRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.StoredStateVisitor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Streams the stored state to a {@link StoredStateVisitor}, table by table in the visitor's order,
 * row by row: nothing is collected beyond one SKU's components or one channel's locations.
 *
 * <p>SKUs and channels are read beside their child rows with two cursors in the same key order,
 * merged as they go, rather than with a join that the database would have to sort. The merge relies
 * on the foreign keys: every child row has its parent, so the child cursor is never behind.
 *
 * <p>The caller owns the connection and its transaction (one snapshot for the whole read). Not
 * thread-safe; used once.
 */
final class StoredStateReader {

  private final Connection connection;
  private final int fetchSize;
  private final AccountFilter accounts;

  /**
   * @param fetchSize rows per round trip where the driver streams (PostgreSQL, with auto-commit
   *     off); SQLite steps row by row whatever it is
   */
  StoredStateReader(Connection connection, int fetchSize, Predicate<String> accounts) {
    this.connection = connection;
    this.fetchSize = fetchSize;
    this.accounts = new AccountFilter(accounts);
  }

  void read(StoredStateVisitor visitor) throws SQLException {
    readAccounts(visitor);
    readLocations(visitor);
    readSkus(visitor);
    readSyncStates(visitor);
    readBalances(visitor);
    readBundleOrders(visitor);
    alerts().readThresholds(visitor);
    readChannels(visitor);
    readListings(visitor);
    readPushes(visitor);
    alerts().readAlerts(visitor);
    OrderFeedRows.read(connection, fetchSize, accounts::accepts, visitor);
    readEventIds(visitor);
  }

  private AlertStateReader alerts() {
    return new AlertStateReader(this::statement, accounts::accepts);
  }

  private Statement statement() throws SQLException {
    Statement statement =
        connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setFetchSize(fetchSize);
    return statement;
  }

  private void readAccounts(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT id, name, threshold, batch_size, significant_quantity,"
                    + " max_staleness_seconds, created_at FROM accounts ORDER BY id")) {
      while (rows.next()) {
        String id = rows.getString(1);
        if (accounts.accepts(id)) {
          visitor.account(
              new AccountRow(
                  id,
                  rows.getString(2),
                  new SyncPolicy(
                      rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)),
                  LedgerSql.getInstant(rows, 7)));
        }
      }
    }
  }

  private void readLocations(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT account_id, code, name, sellable FROM locations"
                    + " ORDER BY account_id, code")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.accepts(accountId)) {
          visitor.location(
              new LocationRow(accountId, rows.getString(2), rows.getString(3), rows.getBoolean(4)));
        }
      }
    }
  }

  private void readSkus(StoredStateVisitor visitor) throws SQLException {
    try (Statement skuStatement = statement();
        Statement componentStatement = statement();
        ResultSet skus =
            skuStatement.executeQuery(
                "SELECT account_id, sku, name, threshold, batch_size, significant_quantity,"
                    + " max_staleness_seconds, coalesce(threshold, batch_size,"
                    + " significant_quantity, max_staleness_seconds) IS NULL"
                    + " FROM skus ORDER BY account_id, sku");
        ResultSet components =
            componentStatement.executeQuery(
                "SELECT account_id, bundle, component, quantity FROM sku_components"
                    + " ORDER BY account_id, bundle, position")) {
      ChildCursor children = new ChildCursor(components);
      while (skus.next()) {
        String accountId = skus.getString(1);
        String sku = skus.getString(2);
        List<Component> parts = List.of();
        if (children.isAt(accountId, sku)) {
          List<Component> found = new ArrayList<>();
          do {
            found.add(new Component(components.getString(3), components.getLong(4)));
          } while (children.advance() && children.isAt(accountId, sku));
          parts = List.copyOf(found);
        }
        if (accounts.accepts(accountId)) {
          // Most SKUs override nothing: one column says so, sparing four reads of nulls.
          PolicyOverride policy =
              skus.getBoolean(8)
                  ? PolicyOverride.NONE
                  : new PolicyOverride(
                      LedgerSql.getLong(skus, 4),
                      LedgerSql.getLong(skus, 5),
                      LedgerSql.getLong(skus, 6),
                      LedgerSql.getLong(skus, 7));
          visitor.sku(new SkuRow(accountId, sku, skus.getString(3), parts, policy));
        }
      }
    }
  }

  /**
   * The sync state of every SKU: from its first balance row when it has one (the writer keeps it
   * there for SKUs that hold a balance), from its own row otherwise.
   */
  private void readSyncStates(StoredStateVisitor visitor) throws SQLException {
    // Every balance row of a SKU carries the same state: either row picks it. SQLite seeks the
    // first balance row of each SKU in key order (a join on a grouped subquery costs it seconds a
    // million SKUs); PostgreSQL hashes the grouped balances, which its planner does well.
    boolean postgres =
        connection
            .getMetaData()
            .getDatabaseProductName()
            .toLowerCase(Locale.ROOT)
            .contains("postgres");
    String balanceState =
        postgres
            ? " FROM skus s LEFT JOIN (SELECT account_id, sku, MAX(pending) AS pending,"
                + " MAX(oldest_pending_at) AS oldest_pending_at,"
                + " MAX(last_synced_at) AS last_synced_at FROM balances"
                + " GROUP BY account_id, sku) b ON b.account_id = s.account_id AND b.sku = s.sku"
            : " FROM skus s LEFT JOIN balances b ON b.account_id = s.account_id AND b.sku = s.sku"
                + " AND b.location = (SELECT MIN(m.location) FROM balances m"
                + " WHERE m.account_id = s.account_id AND m.sku = s.sku)";
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT s.account_id, s.sku,"
                    + " CASE WHEN b.sku IS NULL THEN s.pending ELSE b.pending END,"
                    + " CASE WHEN b.sku IS NULL THEN s.oldest_pending_at"
                    + " ELSE b.oldest_pending_at END,"
                    + " CASE WHEN b.sku IS NULL THEN s.last_synced_at ELSE b.last_synced_at END"
                    + balanceState)) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.accepts(accountId)) {
          visitor.syncState(
              new SkuSyncRow(
                  accountId,
                  rows.getString(2),
                  rows.getLong(3),
                  LedgerSql.getInstant(rows, 4),
                  LedgerSql.getInstant(rows, 5)));
        }
      }
    }
  }

  private void readBalances(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT account_id, sku, location, on_hand, reserved FROM balances")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.accepts(accountId)) {
          visitor.balance(
              new BalanceRow(
                  accountId,
                  rows.getString(2),
                  rows.getString(3),
                  rows.getLong(4),
                  rows.getLong(5)));
        }
      }
    }
  }

  private void readBundleOrders(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT account_id, bundle, location, bundles FROM bundle_orders"
                    + " WHERE bundles > 0")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.accepts(accountId)) {
          visitor.bundleOrders(
              new BundleOrdersRow(
                  accountId, rows.getString(2), rows.getString(3), rows.getLong(4)));
        }
      }
    }
  }

  private void readChannels(StoredStateVisitor visitor) throws SQLException {
    try (Statement channelStatement = statement();
        Statement locationStatement = statement();
        ResultSet channels =
            channelStatement.executeQuery(
                "SELECT account_id, id, type, base_url, settings_json, credentials, enabled,"
                    + " rules_buffer, rules_percent, rules_max, rules_zero_at_or_below"
                    + " FROM channels ORDER BY account_id, id");
        ResultSet locations =
            locationStatement.executeQuery(
                "SELECT account_id, channel_id, location FROM channel_locations"
                    + " ORDER BY account_id, channel_id, position")) {
      ChildCursor children = new ChildCursor(locations);
      while (channels.next()) {
        String accountId = channels.getString(1);
        String id = channels.getString(2);
        List<String> codes = List.of();
        if (children.isAt(accountId, id)) {
          List<String> found = new ArrayList<>();
          do {
            found.add(locations.getString(3));
          } while (children.advance() && children.isAt(accountId, id));
          codes = List.copyOf(found);
        }
        if (accounts.accepts(accountId)) {
          visitor.channel(
              new ChannelRow(
                  accountId,
                  id,
                  channels.getString(3),
                  channels.getString(4),
                  channels.getString(5),
                  channels.getString(6),
                  codes,
                  channels.getBoolean(7),
                  new ChannelRules(
                      channels.getLong(8),
                      channels.getInt(9),
                      LedgerSql.getLong(channels, 10),
                      channels.getLong(11))));
        }
      }
    }
  }

  private void readListings(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT account_id, channel_id, sku, external_id, fields_json, acknowledged,"
                    + " acknowledged_at, state, version FROM listings")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.accepts(accountId)) {
          visitor.listing(
              new ListingRow(
                  accountId,
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  LedgerSql.getLong(rows, 6),
                  LedgerSql.getInstant(rows, 7),
                  ListingState.valueOf(rows.getString(8)),
                  rows.getLong(9)));
        }
      }
    }
  }

  private void readPushes(StoredStateVisitor visitor) throws SQLException {
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT account_id, channel_id, sku, target, version, urgency, queued_at,"
                    + " failures FROM push_queue")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.accepts(accountId)) {
          visitor.push(
              new PushRow(
                  accountId,
                  rows.getString(2),
                  rows.getString(3),
                  rows.getLong(4),
                  rows.getLong(5),
                  Urgency.valueOf(rows.getString(6)),
                  LedgerSql.getInstant(rows, 7),
                  rows.getInt(8)));
        }
      }
    }
  }

  private void readEventIds(StoredStateVisitor visitor) throws SQLException {
    // Line 0 exists for every event, so it names each event exactly once.
    try (Statement statement = statement();
        ResultSet rows =
            statement.executeQuery("SELECT account_id, event_id FROM ledger WHERE line = 0")) {
      while (rows.next()) {
        String accountId = rows.getString(1);
        if (accounts.accepts(accountId)) {
          visitor.eventId(accountId, rows.getString(2));
        }
      }
    }
  }

  /** A child result set ordered by (account, parent key), read alongside its parents. */
  private static final class ChildCursor {
    private final ResultSet rows;
    private String accountId;
    private String parent;

    ChildCursor(ResultSet rows) throws SQLException {
      this.rows = rows;
      advance();
    }

    /** Moves to the next child row; false (and no current row) at the end. */
    boolean advance() throws SQLException {
      if (rows.next()) {
        accountId = rows.getString(1);
        parent = rows.getString(2);
        return true;
      }
      accountId = null;
      parent = null;
      return false;
    }

    boolean isAt(String accountId, String parent) {
      return parent.equals(this.parent) && accountId.equals(this.accountId);
    }
  }

  /**
   * The caller's predicate, asked once per account: rows arrive grouped by account more often than
   * not, so the last answer is kept at hand too.
   */
  private static final class AccountFilter {
    private final Predicate<String> predicate;
    private final Map<String, Boolean> answers = new HashMap<>();
    private String lastId;
    private boolean lastAnswer;

    AccountFilter(Predicate<String> predicate) {
      this.predicate = predicate;
    }

    boolean accepts(String accountId) {
      if (accountId.equals(lastId)) {
        return lastAnswer;
      }
      Boolean answer = answers.get(accountId);
      if (answer == null) {
        answer = predicate.test(accountId);
        answers.put(accountId, answer);
      }
      lastId = accountId;
      lastAnswer = answer;
      return answer;
    }
  }
}
