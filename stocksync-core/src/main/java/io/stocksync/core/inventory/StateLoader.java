package io.stocksync.core.inventory;

import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.StoredStateVisitor;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Rebuilds account states from the rows a repository streams at start-up. Event ids go to the given
 * sink (the engine's duplicate index). Not thread-safe; used once.
 */
public final class StateLoader implements StoredStateVisitor {
  private final Map<String, AccountState> accounts = new HashMap<>();
  private final BiConsumer<String, String> eventIds;

  public StateLoader(BiConsumer<String, String> eventIds) {
    this.eventIds = eventIds;
  }

  /** The accounts loaded, each finished (bundles linked, deadlines scheduled). */
  public Map<String, AccountState> finish() {
    accounts.values().forEach(AccountState::finishRestore);
    return accounts;
  }

  private AccountState account(String id) {
    AccountState a = accounts.get(id);
    if (a == null) {
      throw new IllegalStateException("row of unknown account '" + id + "'");
    }
    return a;
  }

  @Override
  public void account(AccountRow row) {
    accounts.put(row.id(), AccountState.restore(row));
  }

  @Override
  public void location(LocationRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void sku(SkuRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void syncState(SkuSyncRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void balance(BalanceRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void bundleOrders(io.stocksync.core.port.Rows.BundleOrdersRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void channel(ChannelRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void listing(ListingRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void push(PushRow row) {
    account(row.accountId()).restore(row);
  }

  @Override
  public void alertThreshold(io.stocksync.core.port.Rows.AlertThresholdRow row) {
    account(row.accountId()).alerts().thresholds.apply(row);
  }

  @Override
  public void openAlert(io.stocksync.core.port.Rows.AlertRow row) {
    account(row.accountId()).alerts().book.restore(row);
  }

  @Override
  public void lastAlertId(String accountId, long id) {
    account(accountId).alerts().book.restoreLastId(id);
  }

  @Override
  public void orderLine(io.stocksync.core.port.OrderRows.OrderLineRow row) {
    account(row.accountId()).orders().restore(row);
  }

  @Override
  public void orderFeed(io.stocksync.core.port.OrderRows.OrderFeedRow row) {
    account(row.accountId()).orders().restore(row);
  }

  @Override
  public void eventId(String accountId, String eventId) {
    eventIds.accept(accountId, eventId);
  }
}
