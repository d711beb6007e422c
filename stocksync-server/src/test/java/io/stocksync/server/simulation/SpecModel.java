package io.stocksync.server.simulation;

import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What SPEC §2–§5 say one account's state must be, written from the SPEC alone and sharing no code
 * with the engine: plain maps and longs, no core type's methods. Where the SPEC is silent and the
 * project's own documentation decides (docs/sync-policy.md, docs/api.md), the comment says so.
 *
 * <p>It models what a client and a marketplace can observe: the result of every event, the balances
 * and the ledger lines, the sync policy's pending counts, and the target every listing must end up
 * showing (§4). How the engine keeps its push queue is deliberately not modelled: the push rules of
 * §5 are checked at the marketplace and at quiescence instead.
 *
 * <p>Not thread-safe: the test thread owns it.
 */
final class SpecModel {

  /** Rules of §4, as plain figures. {@code max} null: no cap. */
  record Rules(long buffer, long percent, Long max, long zeroAtOrBelow) {}

  /** X, N, Y, T of §3; in an override a null field follows the account. */
  record Policy(Long threshold, Long batchSize, Long significantQuantity, Long maxStaleness) {
    Policy merge(Policy o) {
      return new Policy(
          o.threshold != null ? o.threshold : threshold,
          o.batchSize != null ? o.batchSize : batchSize,
          o.significantQuantity != null ? o.significantQuantity : significantQuantity,
          o.maxStaleness != null ? o.maxStaleness : maxStaleness);
    }
  }

  static final class Channel {
    final String id;
    String baseUrl;
    Rules rules;

    /** Empty: every sellable location (§1). */
    List<String> locations;

    boolean enabled;

    /** SKU → the channel's id for it. */
    final Map<String, String> listings = new TreeMap<>();

    /** SKUs whose listing, or whose channel, moved to a new place since it was put (§5). */
    final Set<String> moved = new TreeSet<>();

    Channel(String id, String baseUrl, Rules rules, List<String> locations, boolean enabled) {
      this.id = id;
      this.baseUrl = baseUrl;
      this.rules = rules;
      this.locations = locations;
      this.enabled = enabled;
    }
  }

  final String account;
  Policy policy;
  final Map<String, Policy> overrides = new TreeMap<>();
  final Map<String, Boolean> sellable = new LinkedHashMap<>();
  final Set<String> plain = new TreeSet<>();

  /** Bundle → component → units per bundle, in the declared order. */
  final Map<String, LinkedHashMap<String, Long>> bundles = new TreeMap<>();

  final Map<String, Channel> channels = new TreeMap<>();

  /**
   * "bundle@location" → bundles on open orders there (placed, less cancelled and shipped): what the
   * bundle's components hold reserved for it. Its components cannot change while any are open
   * (issue: a change would strand those reservations).
   */
  final Map<String, Long> openBundleOrders = new TreeMap<>();

  /** "sku@location" → {onHand, reserved}, the running sum of the ledger lines. */
  final Map<String, long[]> balances = new TreeMap<>();

  /** Applied event id → how many ledger lines it wrote. */
  final Map<String, Integer> applied = new TreeMap<>();

  final Map<String, Long> pending = new TreeMap<>();

  /** When each waiting SKU's oldest pending transaction came, on the simulation's steady clock. */
  final Map<String, Instant> oldestPending = new TreeMap<>();

  SpecModel(String account, Policy policy) {
    this.account = account;
    this.policy = policy;
  }

  // ------------------------------------------------------------------ configuration

  void location(String code, boolean isSellable) {
    Boolean before = sellable.put(code, isSellable);
    if (before != null && before != isSellable) {
      // docs/sync-policy.md: turning a location sellable or unsellable syncs every SKU that has
      // stock records there (the SPEC says nothing of it).
      for (String sku : skus()) {
        if (balances.containsKey(sku + "@" + code)) {
          sync(sku);
        }
      }
    }
  }

  void plainSku(String sku) {
    plain.add(sku);
    pending.putIfAbsent(sku, 0L);
  }

  /** Whether a change of {@code bundle}'s components to {@code components} must be refused. */
  boolean componentsLocked(String bundle, Map<String, Long> components) {
    if (components.equals(bundles.get(bundle))) {
      return false;
    }
    return openBundleOrders.entrySet().stream()
        .anyMatch(e -> e.getKey().startsWith(bundle + "@") && e.getValue() > 0);
  }

  void bundle(String sku, LinkedHashMap<String, Long> components) {
    bundles.put(sku, new LinkedHashMap<>(components));
    pending.putIfAbsent(sku, 0L);
  }

  List<String> skus() {
    List<String> all = new ArrayList<>(plain);
    all.addAll(bundles.keySet());
    return all;
  }

  /**
   * docs/api.md: a SKU waiting for a sync that the new policy would sync now (at or below the new
   * threshold, or pending at least the new batch size) syncs at once.
   */
  void setPolicy(Policy p) {
    policy = p;
    for (String sku : skus()) {
      syncIfDueUnderPolicy(sku);
    }
  }

  void setSkuPolicy(String sku, Policy o) {
    overrides.merge(sku, o, Policy::merge);
    syncIfDueUnderPolicy(sku);
  }

  private void syncIfDueUnderPolicy(String sku) {
    if (pending.get(sku) > 0
        && (available(sku) <= effective(sku).threshold
            || pending.get(sku) >= effective(sku).batchSize)) {
      sync(sku);
    }
  }

  Policy effective(String sku) {
    Policy o = overrides.get(sku);
    return o == null ? policy : policy.merge(o);
  }

  // ------------------------------------------------------------------ ledger (§2)

  long onHand(String sku, String location) {
    long[] b = balances.get(sku + "@" + location);
    return b == null ? 0 : b[0];
  }

  long reserved(String sku, String location) {
    long[] b = balances.get(sku + "@" + location);
    return b == null ? 0 : b[1];
  }

  /** §1: onHand − reserved over the sellable locations; a bundle's as §4 over all of them. */
  long available(String sku) {
    return base(sku, List.of());
  }

  /**
   * Applies one event as §2 and §3 say, and answers what the client must be told. {@code now} is
   * the simulation's steady clock.
   */
  Status apply(InventoryEvent e, Instant now) {
    if (applied.containsKey(e.id())) {
      return Status.DUPLICATE;
    }
    boolean isBundle = bundles.containsKey(e.sku());
    if (!isBundle && !plain.contains(e.sku())) {
      return Status.REJECTED; // unknown SKU
    }
    if (!sellable.containsKey(e.location())) {
      return Status.REJECTED; // unknown location
    }
    long q = e.quantity();
    boolean signOk =
        switch (e.type()) {
          case ADJUSTMENT -> q != 0;
          case STOCK_COUNT -> q >= 0;
          default -> q > 0;
        };
    if (!signOk) {
      return Status.REJECTED;
    }
    // §1: a bundle has no stock of its own. §2 expands orders over its components; the project
    // expands the whole order life (and returns) alike, and refuses the rest (docs/sync-policy.md).
    if (isBundle
        && (e.type() == EventType.PUTAWAY
            || e.type() == EventType.ADJUSTMENT
            || e.type() == EventType.STOCK_COUNT)) {
      return Status.REJECTED;
    }
    List<String> lineSkus = new ArrayList<>();
    List<Long> lineUnits = new ArrayList<>();
    if (isBundle) {
      bundles
          .get(e.sku())
          .forEach(
              (k, per) -> {
                lineSkus.add(k);
                lineUnits.add(q * per);
              });
    } else {
      lineSkus.add(e.sku());
      lineUnits.add(q);
    }
    long[][] deltas = new long[lineSkus.size()][];
    for (int i = 0; i < deltas.length; i++) {
      String s = lineSkus.get(i);
      long units = lineUnits.get(i);
      long onHand = onHand(s, e.location());
      long reserved = reserved(s, e.location());
      deltas[i] =
          switch (e.type()) {
            case ORDER_PLACED -> new long[] {0, units};
            // §2: never below 0: more than is reserved is rejected.
            case ORDER_CANCELLED -> units > reserved ? null : new long[] {0, -units};
            // Shipping what is not reserved, or not on hand, would drive a balance below 0.
            case ORDER_SHIPPED ->
                units > reserved || units > onHand ? null : new long[] {-units, -units};
            case RETURN_RECEIVED, PUTAWAY -> new long[] {units, 0};
            case ADJUSTMENT -> onHand + units < 0 ? null : new long[] {units, 0};
            case STOCK_COUNT -> new long[] {units - onHand, 0};
          };
      if (deltas[i] == null) {
        return Status.REJECTED; // nothing of the event is applied
      }
    }
    applied.put(e.id(), deltas.length);
    if (isBundle) {
      long sign =
          switch (e.type()) {
            case ORDER_PLACED -> 1;
            case ORDER_CANCELLED, ORDER_SHIPPED -> -1;
            default -> 0;
          };
      // A count of open orders is never below 0: a cancel or ship of more bundles than are open
      // (the components' reservations also held other orders) leaves none open.
      openBundleOrders.merge(
          e.sku() + "@" + e.location(), sign * q, (was, d) -> Math.max(0, was + d));
    }
    for (int i = 0; i < deltas.length; i++) {
      String s = lineSkus.get(i);
      long before = available(s);
      long[] b = balances.computeIfAbsent(s + "@" + e.location(), k -> new long[2]);
      b[0] += deltas[i][0];
      b[1] += deltas[i][1];
      long after = available(s);
      if (after == before) {
        continue; // §3 step 1: nothing is stale
      }
      long n = pending.merge(s, 1L, Long::sum);
      if (n == 1) {
        oldestPending.put(s, now);
      }
      Policy p = effective(s);
      boolean seedKind =
          e.type() == EventType.ORDER_PLACED
              || e.type() == EventType.ADJUSTMENT
              || e.type() == EventType.STOCK_COUNT
              || e.type() == EventType.PUTAWAY;
      long size =
          e.type() == EventType.STOCK_COUNT ? Math.abs(deltas[i][0]) : Math.abs(lineUnits.get(i));
      if (after <= p.threshold || (seedKind && size >= p.significantQuantity) || n >= p.batchSize) {
        sync(s);
      }
    }
    return Status.APPLIED;
  }

  /** §3 step 4: a SKU whose oldest pending transaction is T old (T > 0) syncs. */
  void syncStale(Instant now) {
    for (String sku : skus()) {
      long t = effective(sku).maxStaleness;
      Instant oldest = oldestPending.get(sku);
      if (pending.get(sku) > 0 && t > 0 && !oldest.plusSeconds(t).isAfter(now)) {
        sync(sku);
      }
    }
  }

  /** A sync sets pending to 0 (§3); the targets it computes are {@link #target} at any time. */
  void sync(String sku) {
    pending.put(sku, 0L);
    oldestPending.remove(sku);
  }

  // ------------------------------------------------------------------ targets (§4)

  private long base(String sku, List<String> draws) {
    if (bundles.containsKey(sku)) {
      long min = Long.MAX_VALUE;
      for (Map.Entry<String, Long> c : bundles.get(sku).entrySet()) {
        min = Math.min(min, Math.floorDiv(base(c.getKey(), draws), c.getValue()));
      }
      return min;
    }
    long sum = 0;
    for (Map.Entry<String, Boolean> l : sellable.entrySet()) {
      if (l.getValue() && (draws.isEmpty() || draws.contains(l.getKey()))) {
        sum += onHand(sku, l.getKey()) - reserved(sku, l.getKey());
      }
    }
    return sum;
  }

  /** §4: what channel {@code c} must show for {@code sku}. Small figures: no overflow here. */
  long target(Channel c, String sku) {
    long base = base(sku, c.locations);
    Rules r = c.rules;
    if (base <= r.zeroAtOrBelow) {
      return 0;
    }
    long offered = Math.max(0, base - r.buffer) * r.percent / 100;
    return r.max == null ? offered : Math.min(r.max, offered);
  }
}
