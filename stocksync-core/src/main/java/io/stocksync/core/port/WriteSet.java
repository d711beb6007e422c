package io.stocksync.core.port;

import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.AlertThresholdRow;
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
import java.util.List;

/**
 * Everything one batch changed, to be written in one transaction: all of it or none of it.
 * Configuration rows are upserts by key; ledger rows are inserts; balances, sync states, listings
 * and pushes are upserts of their latest value; removals delete queued pushes; push attempts are
 * inserts (the append-only attempt log); alerts are upserts of each alert's latest state (an
 * alert's change is also what the store queues for delivery), alert thresholds upserts by key.
 *
 * <p>A SKU's balance rows come all together: a batch that writes one balance row of a SKU writes
 * the rows of all its locations. A batch that writes the first balance row of a SKU at a location
 * also carries that SKU's sync state. (The store may keep the sync state beside the balances.)
 *
 * <p>Order lines and feed states (SPEC §9) come last: they are written in the same transaction as
 * the ledger rows of the events they booked, so a line is never durable without its bookings nor
 * the reverse.
 *
 * <p>A repository writes the lists in the order they are declared here, so that a row never refers
 * to one written after it; except {@link #removals()}, written first: a batch that deletes an
 * object and then puts one of the same key again leaves the new one (the core drops, from the
 * batch, the rows of an object put before it was deleted).
 */
public record WriteSet(
    List<AccountRow> accounts,
    List<LocationRow> locations,
    List<SkuRow> skus,
    List<ChannelRow> channels,
    List<ListingRow> listings,
    List<LedgerRow> ledger,
    List<BalanceRow> balances,
    List<SkuSyncRow> syncStates,
    List<PushRow> pushes,
    List<PushRemoval> pushRemovals,
    List<AlertRow> alerts,
    List<PushAttemptRow> attempts,
    List<BundleOrdersRow> bundleOrders,
    List<AlertThresholdRow> alertThresholds,
    List<OrderLineRow> orderLines,
    List<OrderFeedRow> orderFeeds,
    List<ConfigRemoval> removals) {

  public static final WriteSet EMPTY =
      new WriteSet(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  /** A write set without removals. */
  public WriteSet(
      List<AccountRow> accounts,
      List<LocationRow> locations,
      List<SkuRow> skus,
      List<ChannelRow> channels,
      List<ListingRow> listings,
      List<LedgerRow> ledger,
      List<BalanceRow> balances,
      List<SkuSyncRow> syncStates,
      List<PushRow> pushes,
      List<PushRemoval> pushRemovals,
      List<AlertRow> alerts,
      List<PushAttemptRow> attempts,
      List<BundleOrdersRow> bundleOrders,
      List<AlertThresholdRow> alertThresholds,
      List<OrderLineRow> orderLines,
      List<OrderFeedRow> orderFeeds) {
    this(
        accounts,
        locations,
        skus,
        channels,
        listings,
        ledger,
        balances,
        syncStates,
        pushes,
        pushRemovals,
        alerts,
        attempts,
        bundleOrders,
        alertThresholds,
        orderLines,
        orderFeeds,
        List.of());
  }

  /** A write set without alert thresholds, order lines or feed states. */
  public WriteSet(
      List<AccountRow> accounts,
      List<LocationRow> locations,
      List<SkuRow> skus,
      List<ChannelRow> channels,
      List<ListingRow> listings,
      List<LedgerRow> ledger,
      List<BalanceRow> balances,
      List<SkuSyncRow> syncStates,
      List<PushRow> pushes,
      List<PushRemoval> pushRemovals,
      List<AlertRow> alerts,
      List<PushAttemptRow> attempts,
      List<BundleOrdersRow> bundleOrders) {
    this(
        accounts,
        locations,
        skus,
        channels,
        listings,
        ledger,
        balances,
        syncStates,
        pushes,
        pushRemovals,
        alerts,
        attempts,
        bundleOrders,
        List.of(),
        List.of(),
        List.of());
  }

  /** A write set without bundle order counts (nor what came after them). */
  public WriteSet(
      List<AccountRow> accounts,
      List<LocationRow> locations,
      List<SkuRow> skus,
      List<ChannelRow> channels,
      List<ListingRow> listings,
      List<LedgerRow> ledger,
      List<BalanceRow> balances,
      List<SkuSyncRow> syncStates,
      List<PushRow> pushes,
      List<PushRemoval> pushRemovals,
      List<AlertRow> alerts,
      List<PushAttemptRow> attempts) {
    this(
        accounts,
        locations,
        skus,
        channels,
        listings,
        ledger,
        balances,
        syncStates,
        pushes,
        pushRemovals,
        alerts,
        attempts,
        List.of());
  }

  /** A write set without push attempts (every list but the attempt log and what came after). */
  public WriteSet(
      List<AccountRow> accounts,
      List<LocationRow> locations,
      List<SkuRow> skus,
      List<ChannelRow> channels,
      List<ListingRow> listings,
      List<LedgerRow> ledger,
      List<BalanceRow> balances,
      List<SkuSyncRow> syncStates,
      List<PushRow> pushes,
      List<PushRemoval> pushRemovals,
      List<AlertRow> alerts) {
    this(
        accounts,
        locations,
        skus,
        channels,
        listings,
        ledger,
        balances,
        syncStates,
        pushes,
        pushRemovals,
        alerts,
        List.of());
  }

  /** Whether there is nothing to write. */
  public boolean isEmpty() {
    return accounts.isEmpty()
        && locations.isEmpty()
        && skus.isEmpty()
        && channels.isEmpty()
        && listings.isEmpty()
        && ledger.isEmpty()
        && balances.isEmpty()
        && syncStates.isEmpty()
        && pushes.isEmpty()
        && pushRemovals.isEmpty()
        && alerts.isEmpty()
        && attempts.isEmpty()
        && bundleOrders.isEmpty()
        && alertThresholds.isEmpty()
        && orderLines.isEmpty()
        && orderFeeds.isEmpty()
        && removals.isEmpty();
  }
}
