package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.BundleOrdersRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;

/**
 * Puts an account's stored rows back into its state at start-up, as {@link StateLoader} streams
 * them, and finishes the account once they are all in. Records nothing: the rows are already
 * stored.
 *
 * <p>Stateless; called through {@link AccountState}'s {@code restore} methods, on one thread.
 */
final class AccountRestore {
  private AccountRestore() {}

  static void location(AccountState account, LocationRow row) {
    account
        .locationMap()
        .put(row.code(), new LocationState(row.code(), row.name(), row.sellable()));
  }

  static void sku(AccountState account, SkuRow row) {
    SkuState s =
        account.skuMap().computeIfAbsent(row.sku(), code -> new SkuState(account.id(), code));
    s.name = row.name();
    s.override = row.policy() == null ? PolicyOverride.NONE : row.policy();
    s.components = row.components().isEmpty() ? null : row.components().toArray(new Component[0]);
  }

  static void sync(AccountState account, SkuSyncRow row) {
    SkuState s = account.skuState(row.sku());
    s.pending = row.pending();
    s.oldestPendingAt =
        row.oldestPendingAt() == null ? SkuState.NO_TIME : row.oldestPendingAt().toEpochMilli();
    s.lastSyncedAt =
        row.lastSyncedAt() == null ? SkuState.NO_TIME : row.lastSyncedAt().toEpochMilli();
  }

  static void balance(AccountState account, BalanceRow row) {
    SkuState s = account.skuState(row.sku());
    int slot = s.slotFor(requireLocation(account, row.location()));
    s.onHand[slot] = row.onHand();
    s.reserved[slot] = row.reserved();
  }

  static void bundleOrders(AccountState account, BundleOrdersRow row) {
    SkuState s = account.skuState(row.bundle());
    s.addOpenOrders(requireLocation(account, row.location()), row.bundles());
  }

  static void channel(AccountState account, ChannelRow row) {
    ChannelState c = account.channelMap().computeIfAbsent(row.id(), ChannelState::new);
    c.row = row;
    if (row.locations() != null && !row.locations().isEmpty()) {
      c.draws = row.locations().stream().map(account::locationState).toArray(LocationState[]::new);
    }
  }

  static void listing(AccountState account, ListingRow row) {
    ChannelState c = account.channelState(row.channelId());
    SkuState s = account.skuState(row.sku());
    Listing l = new Listing(c, s);
    l.externalId = row.externalId();
    l.fieldsJson = row.fieldsJson();
    l.acknowledged = row.acknowledged();
    l.acknowledgedAt =
        row.acknowledgedAt() == null ? SkuState.NO_TIME : row.acknowledgedAt().toEpochMilli();
    // A stored QUEUED only means "a push row exists", which restore(PushRow) sets again.
    l.state = row.state() == ListingState.FAILED ? ListingState.FAILED : ListingState.IN_SYNC;
    l.version = row.version();
    c.listings.add(l);
    s.addListing(l);
    // Stored before externalIds were unique per channel, two listings may share one: the first
    // keeps it, and a put of either with it again is judged against that one.
    c.byExternalId.putIfAbsent(l.externalId, l);
  }

  static void push(AccountState account, PushRow row) {
    Listing l = account.listing(row.channelId(), row.sku());
    l.queue(row.target());
    l.version = Math.max(l.version, row.version());
    l.queuedAt = row.queuedAt() == null ? SkuState.NO_TIME : row.queuedAt().toEpochMilli();
    l.failures = row.failures();
    if (l.state != ListingState.FAILED) {
      l.state = ListingState.QUEUED;
    }
  }

  /** See {@link AccountState#forgetAcknowledgedUnderQueuedPushes}. */
  static void forgetAcknowledgedUnderQueuedPushes(AccountState account) {
    for (ChannelState c : account.channelStates()) {
      for (Listing l : c.listings) {
        if (l.queuedTarget != null
            && l.acknowledged != null
            && !l.acknowledged.equals(l.queuedTarget)) {
          l.acknowledged = null;
        }
      }
    }
  }

  /** Links bundles to their components and recomputes the available figures. */
  static void linkAndRecompute(AccountState account) {
    for (SkuState s : account.skuStates()) {
      s.recomputeAvailable();
      if (s.components != null) {
        SkuState[] resolved = new SkuState[s.components.length];
        for (int i = 0; i < resolved.length; i++) {
          resolved[i] = account.skuState(s.components[i].sku());
        }
        BundleComponents.link(s, s.components, resolved);
      }
    }
  }

  private static LocationState requireLocation(AccountState account, String code) {
    LocationState l = account.locationState(code);
    if (l == null) {
      throw new NotFoundException("location", code);
    }
    return l;
  }
}
