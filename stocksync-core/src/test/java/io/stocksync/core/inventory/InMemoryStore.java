package io.stocksync.core.inventory;

import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRemoval;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The repository contract of {@link WriteSet} done with maps: upserts by key, ledger appended,
 * removals delete. Enough to check that what the core writes is enough to rebuild it.
 */
final class InMemoryStore {
  final Map<String, AccountRow> accounts = new LinkedHashMap<>();
  final Map<String, LocationRow> locations = new LinkedHashMap<>();
  final Map<String, SkuRow> skus = new LinkedHashMap<>();
  final Map<String, ChannelRow> channels = new LinkedHashMap<>();
  final Map<String, ListingRow> listings = new LinkedHashMap<>();
  final List<LedgerRow> ledger = new ArrayList<>();
  final Map<String, BalanceRow> balances = new LinkedHashMap<>();
  final Map<String, SkuSyncRow> syncStates = new LinkedHashMap<>();
  final Map<String, PushRow> pushes = new LinkedHashMap<>();
  final Map<String, io.stocksync.core.port.Rows.AlertRow> alerts = new LinkedHashMap<>();
  final Map<String, io.stocksync.core.port.Rows.AlertThresholdRow> thresholds =
      new LinkedHashMap<>();

  /** Every push row ever written per listing, oldest first (for late acknowledgements). */
  final Map<String, List<PushRow>> pushHistory = new HashMap<>();

  final Set<String> eventIds = new LinkedHashSet<>();

  static String key(String... parts) {
    return String.join("|", parts);
  }

  void commit(WriteSet w) {
    w.accounts().forEach(r -> accounts.put(r.id(), r));
    w.locations().forEach(r -> locations.put(key(r.accountId(), r.code()), r));
    w.skus().forEach(r -> skus.put(key(r.accountId(), r.sku()), r));
    w.channels().forEach(r -> channels.put(key(r.accountId(), r.id()), r));
    w.listings().forEach(r -> listings.put(key(r.accountId(), r.channelId(), r.sku()), r));
    for (LedgerRow r : w.ledger()) {
      ledger.add(r);
      eventIds.add(r.eventId());
    }
    w.balances().forEach(r -> balances.put(key(r.accountId(), r.sku(), r.location()), r));
    w.syncStates().forEach(r -> syncStates.put(key(r.accountId(), r.sku()), r));
    for (PushRow r : w.pushes()) {
      pushes.put(key(r.accountId(), r.channelId(), r.sku()), r);
      pushHistory.computeIfAbsent(key(r.channelId(), r.sku()), k -> new ArrayList<>()).add(r);
    }
    for (PushRemoval r : w.pushRemovals()) {
      pushes.remove(key(r.accountId(), r.channelId(), r.sku()));
    }
    w.alerts().forEach(r -> alerts.put(key(r.accountId(), Long.toString(r.id())), r));
    for (var r : w.alertThresholds()) {
      String k = key(r.accountId(), String.valueOf(r.sku()), String.valueOf(r.location()));
      if (r.alertAt() == null) {
        thresholds.remove(k);
      } else {
        thresholds.put(k, r);
      }
    }
  }

  /**
   * Streams everything in the order {@link StoredStateVisitor} asks for: kind by kind. Within a
   * kind the rows come newest first, so a bundle arrives before its components, as a repository is
   * free to send them.
   */
  void load(StoredStateVisitor v) {
    reversed(accounts.values()).forEach(v::account);
    reversed(locations.values()).forEach(v::location);
    reversed(skus.values()).forEach(v::sku);
    reversed(syncStates.values()).forEach(v::syncState);
    reversed(balances.values()).forEach(v::balance);
    reversed(thresholds.values()).forEach(v::alertThreshold);
    reversed(channels.values()).forEach(v::channel);
    reversed(listings.values()).forEach(v::listing);
    reversed(pushes.values()).forEach(v::push);
    for (var r : alerts.values()) {
      v.lastAlertId(r.accountId(), r.id());
      if (r.state() == io.stocksync.core.alert.AlertState.OPEN) {
        v.openAlert(r);
      }
    }
    for (LedgerRow r : ledger) {
      v.eventId(r.accountId(), r.eventId());
    }
  }

  private static <T> List<T> reversed(Collection<T> rows) {
    List<T> list = new ArrayList<>(rows);
    Collections.reverse(list);
    return list;
  }

  PushRow push(String channel, String sku) {
    for (PushRow p : pushes.values()) {
      if (p.channelId().equals(channel) && p.sku().equals(sku)) {
        return p;
      }
    }
    return null;
  }
}
