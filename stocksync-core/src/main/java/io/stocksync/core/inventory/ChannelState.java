package io.stocksync.core.inventory;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A channel as the account state holds it. Mutable; confined to the account's writer. */
final class ChannelState {
  final String id;
  ChannelRow row;

  /** Null means every sellable location. */
  LocationState[] draws;

  final List<Listing> listings = new ArrayList<>();

  /** The channel's listings by externalId: one externalId maps to one SKU (SPEC §7). */
  final Map<String, Listing> byExternalId = new HashMap<>();

  /**
   * The listings with a queued push, in the order they were queued: what a take looks through, so
   * that its cost follows the queue, not the channel's size. Listings compare by identity.
   */
  final Set<Listing> queued = new LinkedHashSet<>();

  ChannelState(String id) {
    this.id = id;
  }

  ChannelRules rules() {
    return row.rules();
  }

  boolean enabled() {
    return row.enabled();
  }

  /** Whether stock at {@code location} feeds this channel: sellable, and among its locations. */
  boolean drawsFrom(LocationState location) {
    if (!location.sellable) {
      return false;
    }
    if (draws == null) {
      return true;
    }
    for (LocationState l : draws) {
      if (l == location) {
        return true;
      }
    }
    return false;
  }
}
