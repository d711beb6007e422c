package io.stocksync.core.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * A SKU as the HTTP contract shows it (SPEC §7), read off the live state: its balances, its
 * available figure, its sync state and each listing with its target and what the channel shows.
 *
 * <p>Stateless; called on the account's writer through {@link AccountState#view}.
 */
final class SkuViews {
  private SkuViews() {}

  static SkuView of(AccountState account, SkuState s) {
    List<SkuView.LocationBalance> balances = new ArrayList<>(s.locations.length);
    long onHand = 0;
    long reserved = 0;
    for (int i = 0; i < s.locations.length; i++) {
      balances.add(new SkuView.LocationBalance(s.locations[i].code, s.onHand[i], s.reserved[i]));
      if (s.locations[i].sellable) {
        onHand = SkuState.saturatedAdd(onHand, s.onHand[i]);
        reserved = SkuState.saturatedAdd(reserved, s.reserved[i]);
      }
    }
    List<SkuView.ListingView> listings = new ArrayList<>();
    if (s.listings != null) {
      for (Listing l : s.listings) {
        listings.add(
            new SkuView.ListingView(
                l.channel.id,
                l.externalId,
                ListingTargets.target(l),
                l.acknowledged,
                InflationGuard.shown(account, l),
                l.queuedTarget));
      }
    }
    return new SkuView(
        s.code,
        s.name,
        s.components == null ? List.of() : List.of(s.components),
        onHand,
        reserved,
        s.isBundle() ? BundleComponents.available(s) : s.available,
        balances,
        new SkuView.SyncView(s.pending, Changes.instant(s.lastSyncedAt)),
        listings);
  }
}
