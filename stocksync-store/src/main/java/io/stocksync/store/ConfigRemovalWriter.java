package io.stocksync.store;

import io.stocksync.core.port.ConfigRemoval;
import io.stocksync.core.port.ConfigRemoval.ChannelRemoval;
import io.stocksync.core.port.ConfigRemoval.ListingRemoval;
import io.stocksync.core.port.ConfigRemoval.LocationRemoval;
import io.stocksync.core.port.ConfigRemoval.SkuRemoval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a {@link io.stocksync.core.port.WriteSet}'s removals: the object's rows and the rows that
 * only exist for it, dependants first so that no foreign key is left dangling. The ledger and the
 * attempt log are history and keep their rows. Deletions are rare (an operator's request), so the
 * statements are prepared per removal rather than kept. Runs inside the caller's transaction.
 */
final class ConfigRemovalWriter {

  private static final List<String> LOCATION =
      List.of(
          "DELETE FROM balances WHERE account_id = ? AND location = ?",
          "DELETE FROM bundle_orders WHERE account_id = ? AND location = ?",
          "DELETE FROM locations WHERE account_id = ? AND code = ?");

  private static final List<String> SKU =
      List.of(
          "DELETE FROM push_queue WHERE account_id = ? AND sku = ?",
          "DELETE FROM listings WHERE account_id = ? AND sku = ?",
          "DELETE FROM balances WHERE account_id = ? AND sku = ?",
          "DELETE FROM bundle_orders WHERE account_id = ? AND bundle = ?",
          "DELETE FROM sku_components WHERE account_id = ? AND bundle = ?",
          "DELETE FROM skus WHERE account_id = ? AND sku = ?");

  private static final List<String> CHANNEL =
      List.of(
          "DELETE FROM push_queue WHERE account_id = ? AND channel_id = ?",
          "DELETE FROM listings WHERE account_id = ? AND channel_id = ?",
          "DELETE FROM channel_locations WHERE account_id = ? AND channel_id = ?",
          "DELETE FROM channels WHERE account_id = ? AND id = ?");

  private static final List<String> LISTING =
      List.of(
          "DELETE FROM push_queue WHERE account_id = ? AND channel_id = ? AND sku = ?",
          "DELETE FROM listings WHERE account_id = ? AND channel_id = ? AND sku = ?");

  private ConfigRemovalWriter() {}

  static void write(Connection connection, List<ConfigRemoval> removals) throws SQLException {
    for (ConfigRemoval removal : removals) {
      if (removal instanceof LocationRemoval r) {
        run(connection, LOCATION, r.accountId(), r.code());
      } else if (removal instanceof SkuRemoval r) {
        run(connection, SKU, r.accountId(), r.sku());
      } else if (removal instanceof ChannelRemoval r) {
        run(connection, CHANNEL, r.accountId(), r.channelId());
      } else if (removal instanceof ListingRemoval r) {
        run(connection, LISTING, r.accountId(), r.channelId(), r.sku());
      }
    }
  }

  private static void run(Connection connection, List<String> statements, String... keys)
      throws SQLException {
    for (String sql : statements) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < keys.length; i++) {
          statement.setString(i + 1, keys[i]);
        }
        statement.executeUpdate();
      }
    }
  }
}
