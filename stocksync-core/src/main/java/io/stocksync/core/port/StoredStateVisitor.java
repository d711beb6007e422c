package io.stocksync.core.port;

import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;

/**
 * Receives the stored state at start-up. A repository calls the methods in the order declared:
 * every account, then every location, every SKU, and so on, so that each row's references are
 * already known when it arrives. Called from one thread.
 */
public interface StoredStateVisitor {

  void account(AccountRow row);

  void location(LocationRow row);

  void sku(SkuRow row);

  void syncState(SkuSyncRow row);

  void balance(BalanceRow row);

  /** A bundle's units on open orders at a location (read after SKUs and locations). */
  default void bundleOrders(Rows.BundleOrdersRow row) {}

  void channel(ChannelRow row);

  void listing(ListingRow row);

  void push(PushRow row);

  /** An {@code alertAt} setting (read after SKUs, locations and bundle orders). */
  default void alertThreshold(Rows.AlertThresholdRow row) {}

  /** An alert still open (read after pushes, after {@link #lastAlertId}). */
  default void openAlert(Rows.AlertRow row) {}

  /** The highest alert id the account has used, open or resolved. */
  default void lastAlertId(String accountId, long id) {}

  /** A kept order line (SPEC §9), read after the channels and listings. */
  default void orderLine(OrderRows.OrderLineRow row) {}

  /** A channel's order feed state, read after the channels. */
  default void orderFeed(OrderRows.OrderFeedRow row) {}

  /** One id of an applied event, for duplicate detection across restarts. */
  void eventId(String accountId, String eventId);
}
