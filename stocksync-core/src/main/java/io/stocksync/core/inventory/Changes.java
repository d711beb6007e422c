package io.stocksync.core.inventory;

import io.stocksync.core.channel.Urgency;
import io.stocksync.core.port.ConfigRemoval;
import io.stocksync.core.port.ConfigRemoval.ChannelRemoval;
import io.stocksync.core.port.ConfigRemoval.LocationRemoval;
import io.stocksync.core.port.ConfigRemoval.SkuRemoval;
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
import io.stocksync.core.port.WriteSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what the account states of one writer changed since the last {@link #drain()}, and turns
 * it into a {@link WriteSet} of immutable rows. A SKU or listing changed many times in one batch
 * yields one row with its latest value.
 *
 * <p>Not thread-safe: owned by one writer, like the account states that fill it.
 */
public final class Changes {
  private final List<AccountRow> accounts = new ArrayList<>();
  private final List<LocationRow> locations = new ArrayList<>();
  private final List<SkuRow> skus = new ArrayList<>();
  private final List<ChannelRow> channels = new ArrayList<>();
  private final List<Listing> listingRows = new ArrayList<>();
  private List<LedgerRow> ledger = new ArrayList<>();
  private final List<SkuState> dirtySkus = new ArrayList<>();
  private final List<Listing> dirtyPushes = new ArrayList<>();
  private final List<AlertRow> alerts = new ArrayList<>();
  private final List<PushAttemptRow> attempts = new ArrayList<>();
  private final List<BundleOrdersRow> bundleOrders = new ArrayList<>();
  private final List<AlertThresholdRow> alertThresholds = new ArrayList<>();
  private final List<OrderLineRow> orderLines = new ArrayList<>();
  private final List<OrderFeedRow> orderFeeds = new ArrayList<>();
  private final List<ConfigRemoval> configRemovals = new ArrayList<>();

  /** An order line kept or changed (SPEC §9), stored with the events it booked. */
  public void orderLine(OrderLineRow row) {
    orderLines.add(row);
  }

  /** A channel's order feed state changed (its cursor, watermark, last poll). */
  public void orderFeed(OrderFeedRow row) {
    orderFeeds.add(row);
  }

  /**
   * An object deleted. The rows of it this batch put before are dropped, since removals are written
   * first (see {@link WriteSet}); its listings and SKU states are dropped by {@link #forget}.
   */
  void removed(ConfigRemoval removal) {
    configRemovals.add(removal);
    String account = removal.accountId();
    if (removal instanceof LocationRemoval r) {
      locations.removeIf(row -> row.accountId().equals(account) && row.code().equals(r.code()));
      bundleOrders.removeIf(
          row -> row.accountId().equals(account) && row.location().equals(r.code()));
    } else if (removal instanceof SkuRemoval r) {
      skus.removeIf(row -> row.accountId().equals(account) && row.sku().equals(r.sku()));
      bundleOrders.removeIf(row -> row.accountId().equals(account) && row.bundle().equals(r.sku()));
    } else if (removal instanceof ChannelRemoval r) {
      channels.removeIf(row -> row.accountId().equals(account) && row.id().equals(r.channelId()));
    }
  }

  /** Drops a deleted listing's row and push from this batch. */
  void forget(Listing listing) {
    if (listing.rowDirty) {
      listing.rowDirty = false;
      listingRows.remove(listing);
    }
    if (listing.pushDirty) {
      listing.pushDirty = false;
      dirtyPushes.remove(listing);
    }
  }

  /** Drops a deleted SKU's balances and sync state from this batch. */
  void forget(SkuState sku) {
    if (sku.dirty != 0) {
      sku.dirty = 0;
      dirtySkus.remove(sku);
    }
  }

  void account(AccountRow row) {
    accounts.add(row);
  }

  void location(LocationRow row) {
    locations.add(row);
  }

  void sku(SkuRow row) {
    skus.add(row);
  }

  void channel(ChannelRow row) {
    channels.add(row);
  }

  void ledger(LedgerRow row) {
    ledger.add(row);
  }

  void bundleOrders(BundleOrdersRow row) {
    bundleOrders.add(row);
  }

  void alert(AlertRow row) {
    alerts.add(row);
  }

  void alertThreshold(AlertThresholdRow row) {
    alertThresholds.add(row);
  }

  void attempt(PushAttemptRow row) {
    attempts.add(row);
  }

  /** The SKU's balances changed (its ledger moved). */
  void balancesChanged(SkuState sku) {
    mark(sku, SkuState.BALANCES);
  }

  /** The SKU's sync state changed (pending, its oldest time, or a sync). */
  void syncChanged(SkuState sku) {
    mark(sku, SkuState.SYNC);
  }

  private void mark(SkuState sku, byte what) {
    if (sku.dirty == 0) {
      dirtySkus.add(sku);
    }
    sku.dirty |= what;
  }

  void listingChanged(Listing listing) {
    if (!listing.rowDirty) {
      listing.rowDirty = true;
      listingRows.add(listing);
    }
  }

  void pushChanged(Listing listing) {
    if (!listing.pushDirty) {
      listing.pushDirty = true;
      dirtyPushes.add(listing);
    }
  }

  /** How many ledger rows wait in this batch. */
  public int ledgerRows() {
    return ledger.size();
  }

  /** Whether nothing changed since the last drain. */
  public boolean isEmpty() {
    return accounts.isEmpty()
        && locations.isEmpty()
        && skus.isEmpty()
        && channels.isEmpty()
        && listingRows.isEmpty()
        && ledger.isEmpty()
        && dirtySkus.isEmpty()
        && dirtyPushes.isEmpty()
        && alerts.isEmpty()
        && attempts.isEmpty()
        && alertThresholds.isEmpty()
        && orderLines.isEmpty()
        && orderFeeds.isEmpty()
        && configRemovals.isEmpty();
  }

  /** The rows for everything changed since the last drain; starts a new, empty collection. */
  public WriteSet drain() {
    List<BalanceRow> balances = new ArrayList<>(dirtySkus.size());
    List<SkuSyncRow> syncStates = new ArrayList<>(dirtySkus.size());
    for (SkuState s : dirtySkus) {
      if ((s.dirty & SkuState.BALANCES) != 0) {
        for (int i = 0; i < s.locations.length; i++) {
          balances.add(
              new BalanceRow(s.accountId, s.code, s.locations[i].code, s.onHand[i], s.reserved[i]));
        }
      }
      if ((s.dirty & SkuState.SYNC) != 0) {
        syncStates.add(
            new SkuSyncRow(
                s.accountId,
                s.code,
                s.pending,
                instant(s.oldestPendingAt),
                instant(s.lastSyncedAt)));
      }
      s.dirty = 0;
    }
    List<ListingRow> listings = new ArrayList<>(listingRows.size());
    for (Listing l : listingRows) {
      l.rowDirty = false;
      listings.add(l.row());
    }
    List<PushRow> pushes = new ArrayList<>();
    List<PushRemoval> removals = new ArrayList<>();
    for (Listing l : dirtyPushes) {
      l.pushDirty = false;
      String account = l.sku.accountId;
      if (l.queuedTarget == null) {
        removals.add(new PushRemoval(account, l.channel.id, l.sku.code));
      } else {
        pushes.add(
            new PushRow(
                account,
                l.channel.id,
                l.sku.code,
                l.queuedTarget,
                l.version,
                Urgency.of(l.queuedTarget, l.acknowledged),
                instant(l.queuedAt),
                l.failures));
      }
    }
    WriteSet writes =
        new WriteSet(
            List.copyOf(accounts),
            List.copyOf(locations),
            List.copyOf(skus),
            List.copyOf(channels),
            listings,
            ledger,
            balances,
            syncStates,
            pushes,
            removals,
            List.copyOf(alerts),
            List.copyOf(attempts),
            List.copyOf(bundleOrders),
            List.copyOf(alertThresholds),
            List.copyOf(orderLines),
            List.copyOf(orderFeeds),
            List.copyOf(configRemovals));
    accounts.clear();
    locations.clear();
    skus.clear();
    channels.clear();
    listingRows.clear();
    ledger = new ArrayList<>();
    dirtySkus.clear();
    dirtyPushes.clear();
    alerts.clear();
    attempts.clear();
    bundleOrders.clear();
    alertThresholds.clear();
    orderLines.clear();
    orderFeeds.clear();
    configRemovals.clear();
    return writes;
  }

  static Instant instant(long epochMillis) {
    return epochMillis == SkuState.NO_TIME ? null : Instant.ofEpochMilli(epochMillis);
  }
}
