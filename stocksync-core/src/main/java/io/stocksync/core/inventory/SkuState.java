package io.stocksync.core.inventory;

import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.port.Rows.SkuRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SKU as the account state holds it: its balances per location, its sync state, its listings.
 * Mutable; confined to the account's writer. Kept compact (a million of them must fit in well under
 * a gigabyte): balances in small parallel arrays, times as epoch milliseconds.
 */
final class SkuState {
  static final long NO_TIME = Long.MIN_VALUE;
  private static final LocationState[] NO_LOCATIONS = new LocationState[0];
  private static final long[] NO_UNITS = new long[0];

  final String accountId;
  final String code;
  String name;

  /** Null for a plain SKU. */
  Component[] components;

  /** Resolved {@link #components}, same order; null for a plain SKU. */
  SkuState[] componentStates;

  /**
   * A bundle's open orders per location, in bundles: placed and not yet shipped or cancelled. Their
   * reservations are on the components as they were when placed, so the components cannot change
   * while any is open. Null when none (and for a plain SKU).
   */
  Map<LocationState, Long> openOrders;

  /** Bundles that contain this SKU; null when none. */
  List<SkuState> bundles;

  PolicyOverride override = PolicyOverride.NONE;

  LocationState[] locations = NO_LOCATIONS;
  long[] onHand = NO_UNITS;
  long[] reserved = NO_UNITS;

  /** Σ (onHand − reserved) over sellable locations, kept up to date with every change. */
  long available;

  long pending;
  long oldestPendingAt = NO_TIME;
  long lastSyncedAt = NO_TIME;

  /** Null when the SKU is listed nowhere. */
  List<Listing> listings;

  /** What of the SKU changed in the current batch: {@link #BALANCES} and/or {@link #SYNC}. */
  byte dirty;

  static final byte BALANCES = 1;
  static final byte SYNC = 2;

  SkuState(String accountId, String code) {
    this.accountId = accountId;
    this.code = code;
  }

  boolean isBundle() {
    return components != null;
  }

  /** Index of {@code location} in the balance arrays, or −1. */
  int indexOf(LocationState location) {
    for (int i = 0; i < locations.length; i++) {
      if (locations[i] == location) {
        return i;
      }
    }
    return -1;
  }

  /** Index of {@code location}, adding a zero balance for it when it has none. */
  int slotFor(LocationState location) {
    int i = indexOf(location);
    if (i >= 0) {
      return i;
    }
    int n = locations.length;
    LocationState[] l = Arrays.copyOf(locations, n + 1);
    long[] o = Arrays.copyOf(onHand, n + 1);
    long[] r = Arrays.copyOf(reserved, n + 1);
    l[n] = location;
    locations = l;
    onHand = o;
    reserved = r;
    return n;
  }

  long onHandAt(LocationState location) {
    int i = indexOf(location);
    return i < 0 ? 0 : onHand[i];
  }

  long reservedAt(LocationState location) {
    int i = indexOf(location);
    return i < 0 ? 0 : reserved[i];
  }

  /**
   * Sums {@code onHand − reserved} over the sellable locations, saturating: each location holds up
   * to {@link AccountState#MAX_UNITS}, and a SKU may be at any number of locations, so the exact
   * sum may not fit a long; then the figure is the nearest long (far above any real stock).
   */
  void recomputeAvailable() {
    long sum = 0;
    for (int i = 0; i < locations.length; i++) {
      if (locations[i].sellable) {
        sum = saturatedAdd(sum, onHand[i] - reserved[i]);
      }
    }
    available = sum;
  }

  /**
   * Adds {@code delta} (one change at a sellable location) to {@link #available}. Exact while the
   * sum fits a long; a sum at either end of the range may have been clamped, so it is summed again
   * from the balances.
   */
  void addToAvailable(long delta) {
    long before = available;
    long sum = before + delta;
    boolean overflowed = ((before ^ sum) & (delta ^ sum)) < 0;
    if (overflowed || before == Long.MAX_VALUE || before == Long.MIN_VALUE) {
      recomputeAvailable();
    } else {
      available = sum;
    }
  }

  /** {@code a + b}, or the nearest end of the long range when it does not fit. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /**
   * Counts {@code bundles} more (or, negative, fewer) open orders of this bundle at a location;
   * returns how many are open there now.
   */
  long addOpenOrders(LocationState location, long bundles) {
    if (openOrders == null) {
      openOrders = new LinkedHashMap<>();
    }
    long open = Math.max(0, openOrders.getOrDefault(location, 0L) + bundles);
    if (open == 0) {
      openOrders.remove(location);
    } else {
      openOrders.put(location, open);
    }
    if (openOrders.isEmpty()) {
      openOrders = null;
    }
    return open;
  }

  void addListing(Listing listing) {
    if (listings == null) {
      listings = new ArrayList<>(2);
    }
    listings.add(listing);
  }

  /** The SKU's listing on {@code channel}, or null when it has none there. */
  Listing listingOn(ChannelState channel) {
    if (listings != null) {
      for (Listing l : listings) {
        if (l.channel == channel) {
          return l;
        }
      }
    }
    return null;
  }

  void addBundle(SkuState bundle) {
    if (bundles == null) {
      bundles = new ArrayList<>(2);
    }
    if (!bundles.contains(bundle)) {
      bundles.add(bundle);
    }
  }

  void removeBundle(SkuState bundle) {
    if (bundles != null) {
      bundles.remove(bundle);
      if (bundles.isEmpty()) {
        bundles = null;
      }
    }
  }

  /** The SKU's row as the store keeps it. */
  SkuRow row() {
    return new SkuRow(
        accountId,
        code,
        name,
        components == null ? List.of() : List.copyOf(Arrays.asList(components)),
        override);
  }
}
