package io.stocksync.store;

import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.StoredStateVisitor;
import java.util.ArrayList;
import java.util.List;

/** Keeps every row a load visits, per kind and in the order of the calls. */
public class RecordingVisitor implements StoredStateVisitor {

  /** The visitor's methods, in their declared order. */
  public enum Kind {
    ACCOUNT,
    LOCATION,
    SKU,
    SYNC_STATE,
    BALANCE,
    CHANNEL,
    LISTING,
    PUSH,
    EVENT_ID
  }

  /** An event id as visited. */
  public record EventId(String accountId, String eventId) {}

  public final List<Kind> calls = new ArrayList<>();
  public final List<Object> rows = new ArrayList<>();
  public final List<AccountRow> accounts = new ArrayList<>();
  public final List<LocationRow> locations = new ArrayList<>();
  public final List<SkuRow> skus = new ArrayList<>();
  public final List<SkuSyncRow> syncStates = new ArrayList<>();
  public final List<BalanceRow> balances = new ArrayList<>();
  public final List<ChannelRow> channels = new ArrayList<>();
  public final List<ListingRow> listings = new ArrayList<>();
  public final List<PushRow> pushes = new ArrayList<>();
  public final List<EventId> eventIds = new ArrayList<>();

  // Alert rows are kept apart (not in calls or rows): they came with V7, after the order tests.
  public final List<io.stocksync.core.port.Rows.AlertRow> openAlerts = new ArrayList<>();
  public final java.util.Map<String, Long> lastAlertIds = new java.util.HashMap<>();
  public final List<io.stocksync.core.port.Rows.AlertThresholdRow> thresholds = new ArrayList<>();

  @Override
  public void openAlert(io.stocksync.core.port.Rows.AlertRow row) {
    openAlerts.add(row);
  }

  @Override
  public void lastAlertId(String accountId, long id) {
    lastAlertIds.put(accountId, id);
  }

  @Override
  public void alertThreshold(io.stocksync.core.port.Rows.AlertThresholdRow row) {
    thresholds.add(row);
  }

  private <R> void record(Kind kind, List<R> list, R row) {
    calls.add(kind);
    rows.add(row);
    list.add(row);
  }

  @Override
  public void account(AccountRow row) {
    record(Kind.ACCOUNT, accounts, row);
  }

  @Override
  public void location(LocationRow row) {
    record(Kind.LOCATION, locations, row);
  }

  @Override
  public void sku(SkuRow row) {
    record(Kind.SKU, skus, row);
  }

  @Override
  public void syncState(SkuSyncRow row) {
    record(Kind.SYNC_STATE, syncStates, row);
  }

  @Override
  public void balance(BalanceRow row) {
    record(Kind.BALANCE, balances, row);
  }

  @Override
  public void channel(ChannelRow row) {
    record(Kind.CHANNEL, channels, row);
  }

  @Override
  public void listing(ListingRow row) {
    record(Kind.LISTING, listings, row);
  }

  @Override
  public void push(PushRow row) {
    record(Kind.PUSH, pushes, row);
  }

  @Override
  public void eventId(String accountId, String eventId) {
    record(Kind.EVENT_ID, eventIds, new EventId(accountId, eventId));
  }
}
