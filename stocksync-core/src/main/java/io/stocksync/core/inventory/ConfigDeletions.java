package io.stocksync.core.inventory;

import io.stocksync.core.port.ConfigRemoval.ChannelRemoval;
import io.stocksync.core.port.ConfigRemoval.ListingRemoval;
import io.stocksync.core.port.ConfigRemoval.LocationRemoval;
import io.stocksync.core.port.ConfigRemoval.SkuRemoval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The deletions of SPEC §7: a location, a SKU, a channel, a listing. Each either refuses with a
 * {@link ConflictException} naming what blocks it, or {@link NotFoundException} when there is no
 * such object, and then has changed nothing; or removes the object and what only exists for it (a
 * SKU's or channel's listings and their queued pushes) from the account and records the removal in
 * {@code out}. The ledger is history and keeps every line of a deleted SKU or location.
 *
 * <p>Not thread-safe: called on the account's writer, like {@link AccountState}.
 */
public final class ConfigDeletions {
  /** How many blockers a refusal names before it says "and N more". */
  static final int MAX_NAMED = 10;

  private ConfigDeletions() {}

  /**
   * Deletes a location; refused while any SKU holds stock or reservations there, a bundle has open
   * orders booked there, or a channel draws from it by name.
   */
  public static void deleteLocation(AccountState account, String code, Changes out) {
    code = StorableValues.requireCode("code", code);
    Map<String, LocationState> locations = account.locationMap();
    LocationState l = locations.get(code);
    if (l == null) {
      throw new NotFoundException("location", code);
    }
    List<String> stock = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    List<SkuState> slotted = new ArrayList<>();
    for (SkuState s : account.skuStates()) {
      int i = s.indexOf(l);
      if (i >= 0) {
        slotted.add(s);
        if (s.onHand[i] != 0 || s.reserved[i] != 0) {
          stock.add(
              "'" + s.code + "' (" + s.onHand[i] + " on hand, " + s.reserved[i] + " reserved)");
        }
      }
      if (s.openOrders != null && s.openOrders.containsKey(l)) {
        orders.add("'" + s.code + "' (" + s.openOrders.get(l) + " on open orders)");
      }
    }
    List<String> channels = new ArrayList<>();
    for (ChannelState c : account.channelStates()) {
      if (c.draws != null && Arrays.asList(c.draws).contains(l)) {
        channels.add("'" + c.id + "'");
      }
    }
    List<String> blocks = new ArrayList<>();
    if (!stock.isEmpty()) {
      blocks.add("it holds stock of SKU(s) " + named(stock));
    }
    if (!orders.isEmpty()) {
      blocks.add("bundle(s) " + named(orders) + " are on open orders there");
    }
    if (!channels.isEmpty()) {
      blocks.add("channel(s) " + named(channels) + " draw from it");
    }
    if (!blocks.isEmpty()) {
      throw new ConflictException(
          "code", "location '" + code + "' cannot be deleted: " + String.join("; ", blocks));
    }
    for (SkuState s : slotted) {
      removeSlot(s, s.indexOf(l));
      // Its balance row there goes with the location; the sync state it carried is written anew.
      out.syncChanged(s);
    }
    locations.remove(code);
    out.removed(new LocationRemoval(account.id(), code));
  }

  /**
   * Deletes a SKU with its listings; refused while it holds stock or reservations anywhere, is a
   * bundle with open orders, or is a component of a bundle.
   */
  public static void deleteSku(AccountState account, String sku, Changes out) {
    sku = StorableValues.requireCode("sku", sku);
    Map<String, SkuState> skus = account.skuMap();
    SkuState s = skus.get(sku);
    if (s == null) {
      throw new NotFoundException("SKU", sku);
    }
    List<String> blocks = new ArrayList<>();
    List<String> stock = new ArrayList<>();
    for (int i = 0; i < s.locations.length; i++) {
      if (s.onHand[i] != 0 || s.reserved[i] != 0) {
        stock.add(
            s.onHand[i]
                + " on hand and "
                + s.reserved[i]
                + " reserved at '"
                + s.locations[i].code
                + "'");
      }
    }
    if (!stock.isEmpty()) {
      blocks.add("it holds " + named(stock));
    }
    if (s.openOrders != null) {
      List<String> open = new ArrayList<>();
      s.openOrders.forEach((l, n) -> open.add(n + " at '" + l.code + "'"));
      blocks.add("bundles of it are on open orders (" + named(open) + ")");
    }
    if (s.bundles != null) {
      List<String> bundles = new ArrayList<>();
      s.bundles.forEach(b -> bundles.add("'" + b.code + "'"));
      blocks.add("it is a component of bundle(s) " + named(bundles));
    }
    if (!blocks.isEmpty()) {
      throw new ConflictException(
          "sku", "SKU '" + sku + "' cannot be deleted: " + String.join("; ", blocks));
    }
    if (s.listings != null) {
      for (Listing l : List.copyOf(s.listings)) {
        unlink(l, out);
      }
    }
    if (s.componentStates != null) {
      for (SkuState part : s.componentStates) {
        part.removeBundle(s);
      }
    }
    s.pending = 0; // its staleness deadline, if any, is dead from now on
    out.forget(s);
    skus.remove(sku);
    out.removed(new SkuRemoval(account.id(), sku));
  }

  /**
   * Deletes a channel with its listings: their queued pushes are dropped, and a push already on its
   * way is settled as for an unknown channel (nothing recorded). Never refused.
   */
  public static void deleteChannel(AccountState account, String channelId, Changes out) {
    channelId = StorableValues.requireCode("id", channelId);
    Map<String, ChannelState> channels = account.channelMap();
    ChannelState c = channels.get(channelId);
    if (c == null) {
      throw new NotFoundException("channel", channelId);
    }
    for (Listing l : List.copyOf(c.listings)) {
      unlink(l, out);
    }
    channels.remove(channelId);
    out.removed(new ChannelRemoval(account.id(), channelId, c.row));
  }

  /** Deletes the listing of {@code sku} on {@code channelId} and its queued push. Never refused. */
  public static void deleteListing(
      AccountState account, String channelId, String sku, Changes out) {
    ChannelState c = account.channelState(StorableValues.requireCode("id", channelId));
    SkuState s = account.skuState(StorableValues.requireCode("sku", sku));
    Listing l = find(c, s);
    if (l == null) {
      throw new NotFoundException("listing", c.id + "/" + s.code);
    }
    unlink(l, out);
    out.removed(new ListingRemoval(account.id(), c.id, s.code));
  }

  /** Whether {@code sku} is listed on {@code channelId} (both may be unknown: then false). */
  public static boolean isListed(AccountState account, String channelId, String sku) {
    return account.hasChannel(channelId)
        && account.hasSku(sku)
        && find(account.channelState(channelId), account.skuState(sku)) != null;
  }

  private static Listing find(ChannelState c, SkuState s) {
    return s.listingOn(c);
  }

  private static void unlink(Listing l, Changes out) {
    l.dequeue();
    l.inFlightVersion = 0;
    l.channel.listings.remove(l);
    if (l.externalId != null && l.channel.byExternalId.get(l.externalId) == l) {
      l.channel.byExternalId.remove(l.externalId);
    }
    l.sku.listings.remove(l);
    if (l.sku.listings.isEmpty()) {
      l.sku.listings = null;
    }
    out.forget(l);
  }

  /** Removes an empty balance slot from the SKU's per-location arrays. */
  private static void removeSlot(SkuState s, int i) {
    int n = s.locations.length;
    LocationState[] locations = new LocationState[n - 1];
    long[] onHand = new long[n - 1];
    long[] reserved = new long[n - 1];
    System.arraycopy(s.locations, 0, locations, 0, i);
    System.arraycopy(s.locations, i + 1, locations, i, n - i - 1);
    System.arraycopy(s.onHand, 0, onHand, 0, i);
    System.arraycopy(s.onHand, i + 1, onHand, i, n - i - 1);
    System.arraycopy(s.reserved, 0, reserved, 0, i);
    System.arraycopy(s.reserved, i + 1, reserved, i, n - i - 1);
    s.locations = locations;
    s.onHand = onHand;
    s.reserved = reserved;
  }

  private static String named(List<String> names) {
    if (names.size() <= MAX_NAMED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_NAMED))
        + " and "
        + (names.size() - MAX_NAMED)
        + " more";
  }
}
