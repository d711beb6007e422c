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

  void channel(ChannelRow row);

  void listing(ListingRow row);

  void push(PushRow row);

  /** One id of an applied event, for duplicate detection across restarts. */
  void eventId(String accountId, String eventId);
}
