package io.stocksync.core.inventory;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.Rejection.Reason;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately naive reading of SPEC §2–§4, sharing no code with {@link AccountState}: plain
 * maps, an append-only list of ledger lines, and every balance and available figure recomputed from
 * that list whenever it is needed. Slow on purpose; obviously right is the point.
 *
 * <p>Records ({@link SyncPolicy}, {@link PolicyOverride}, {@link ChannelRules}) are used only as
 * holders of their fields; none of their methods is called.
 */
final class ReferenceModel {

  /** One ledger line: a transaction's deltas at one location. */
  record Line(String sku, String location, long onHandDelta, long reservedDelta) {}

  /**
   * A listing: which channel rules and locations it is computed with, and what SPEC §5 says of its
   * push, in the SPEC's own words rather than the engine's mechanics: what the channel shows (the
   * figure it last confirmed) and the target decided at the listing's last sync. No version is
   * counted here: versions are checked by their properties (they never go back, one names one
   * target), not replayed.
   */
  static final class ModelListing {
    final String channel;
    final String sku;
    final ChannelRules rules;

    /** Empty: every sellable location. */
    final Set<String> draws;

    /** What the channel shows: the figure it last confirmed, of any push (absolute quantities). */
    Long shown;

    /** The target as of the listing's last sync (§3: targets are computed at syncs only). */
    long decided;

    ModelListing(String channel, String sku, ChannelRules rules, Set<String> draws) {
      this.channel = channel;
      this.sku = sku;
      this.rules = rules;
      this.draws = draws;
    }

    /**
     * §3's last sentence and §5: a push of the decided target is due while the channel shows
     * another figure (or none yet); the latest target wins, so only that one. Null: none is due.
     */
    Long due() {
      return shown != null && shown == decided ? null : decided;
    }
  }

  private final SyncPolicy account;
  private final Map<String, PolicyOverride> overrides;
  private final Map<String, Boolean> sellable;
  private final Set<String> plainSkus;

  /** Bundle → (component → units per bundle), components in their declared order. */
  private final Map<String, LinkedHashMap<String, Long>> bundles;

  final List<Line> ledger = new ArrayList<>();
  final Map<String, Long> pending = new HashMap<>();
  final Map<String, Instant> oldestPending = new HashMap<>();
  final Map<String, Instant> lastSynced = new HashMap<>();
  final List<ModelListing> listings = new ArrayList<>();

  /**
   * The state SPEC §7 shows for a listing of an enabled channel, given whether a push of it is
   * queued: QUEUED then, else WAITING while the policy holds transactions of its SKU (of a bundle:
   * of a component), else IN_SYNC.
   */
  ListingState state(ModelListing l, boolean queued) {
    if (queued) {
      return ListingState.QUEUED;
    }
    boolean waits = pending.getOrDefault(l.sku, 0L) > 0;
    if (bundles.containsKey(l.sku)) {
      for (String component : bundles.get(l.sku).keySet()) {
        waits |= pending.getOrDefault(component, 0L) > 0;
      }
    }
    return waits ? ListingState.WAITING : ListingState.IN_SYNC;
  }

  ReferenceModel(
      SyncPolicy account,
      Map<String, PolicyOverride> overrides,
      Map<String, Boolean> sellable,
      Set<String> plainSkus,
      Map<String, LinkedHashMap<String, Long>> bundles) {
    this.account = account;
    this.overrides = overrides;
    this.sellable = sellable;
    this.plainSkus = plainSkus;
    this.bundles = bundles;
    for (String s : plainSkus) {
      pending.put(s, 0L);
    }
    for (String s : bundles.keySet()) {
      pending.put(s, 0L);
    }
  }

  void addListing(String channel, String sku, ChannelRules rules, Set<String> draws) {
    ModelListing l = new ModelListing(channel, sku, rules, draws);
    listings.add(l);
    refresh(l);
  }

  ModelListing listing(String channel, String sku) {
    for (ModelListing l : listings) {
      if (l.channel.equals(channel) && l.sku.equals(sku)) {
        return l;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ policy, per SKU

  long threshold(String sku) {
    PolicyOverride o = overrides.get(sku);
    return o != null && o.threshold() != null ? o.threshold() : account.threshold();
  }

  long batchSize(String sku) {
    PolicyOverride o = overrides.get(sku);
    return o != null && o.batchSize() != null ? o.batchSize() : account.batchSize();
  }

  long significantQuantity(String sku) {
    PolicyOverride o = overrides.get(sku);
    return o != null && o.significantQuantity() != null
        ? o.significantQuantity()
        : account.significantQuantity();
  }

  long maxStalenessSeconds(String sku) {
    PolicyOverride o = overrides.get(sku);
    return o != null && o.maxStalenessSeconds() != null
        ? o.maxStalenessSeconds()
        : account.maxStalenessSeconds();
  }

  // ------------------------------------------------------------------ ledger arithmetic

  long onHand(String sku, String location) {
    long sum = 0;
    for (Line l : ledger) {
      if (l.sku.equals(sku) && l.location.equals(location)) {
        sum += l.onHandDelta;
      }
    }
    return sum;
  }

  long reserved(String sku, String location) {
    long sum = 0;
    for (Line l : ledger) {
      if (l.sku.equals(sku) && l.location.equals(location)) {
        sum += l.reservedDelta;
      }
    }
    return sum;
  }

  /** SPEC §1: onHand − reserved over the sellable locations. */
  long available(String sku) {
    if (bundles.containsKey(sku)) {
      return bundleOf(sku, Set.of());
    }
    return base(sku, Set.of());
  }

  /** SPEC §4 base for a plain SKU: over the sellable locations the channel draws from. */
  private long base(String sku, Set<String> draws) {
    long sum = 0;
    for (Line l : ledger) {
      boolean feeds = sellable.get(l.location) && (draws.isEmpty() || draws.contains(l.location));
      if (l.sku.equals(sku) && feeds) {
        sum += l.onHandDelta - l.reservedDelta;
      }
    }
    return sum;
  }

  private long bundleOf(String bundle, Set<String> draws) {
    long min = Long.MAX_VALUE;
    for (Map.Entry<String, Long> c : bundles.get(bundle).entrySet()) {
      min = Math.min(min, Math.floorDiv(base(c.getKey(), draws), c.getValue()));
    }
    return min;
  }

  /** SPEC §4 base of a listing: what its channel may draw on now. */
  long base(ModelListing l) {
    return bundles.containsKey(l.sku) ? bundleOf(l.sku, l.draws) : base(l.sku, l.draws);
  }

  long target(ModelListing l) {
    long base = base(l);
    ChannelRules r = l.rules;
    if (base <= r.zeroAtOrBelow()) {
      return 0;
    }
    long offered = Math.max(0, base - r.buffer()) * r.percent() / 100; // small figures only
    return r.max() == null ? offered : Math.min(r.max(), offered);
  }

  // ------------------------------------------------------------------ events

  /** Applies an event; returns null when applied, the reason when rejected. */
  Reason apply(EventType type, String sku, String location, long quantity, Instant now) {
    boolean bundle = bundles.containsKey(sku);
    if (!bundle && !plainSkus.contains(sku)) {
      return Reason.UNKNOWN_SKU;
    }
    if (!sellable.containsKey(location)) {
      return Reason.UNKNOWN_LOCATION;
    }
    boolean signOk =
        switch (type) {
          case ADJUSTMENT -> quantity != 0;
          case STOCK_COUNT -> quantity >= 0;
          default -> quantity > 0;
        };
    if (!signOk) {
      return Reason.WRONG_SIGN;
    }
    if (bundle
        && (type == EventType.ADJUSTMENT
            || type == EventType.STOCK_COUNT
            || type == EventType.PUTAWAY)) {
      return Reason.BUNDLE_HAS_NO_STOCK;
    }
    List<String> lineSkus = new ArrayList<>();
    List<Long> lineUnits = new ArrayList<>();
    if (bundle) {
      bundles
          .get(sku)
          .forEach(
              (component, per) -> {
                lineSkus.add(component);
                lineUnits.add(quantity * per);
              });
    } else {
      lineSkus.add(sku);
      lineUnits.add(quantity);
    }
    for (int i = 0; i < lineSkus.size(); i++) {
      long units = lineUnits.get(i);
      long onHand = onHand(lineSkus.get(i), location);
      long reserved = reserved(lineSkus.get(i), location);
      if (type == EventType.ORDER_CANCELLED && units > reserved) {
        return Reason.MORE_CANCELLED_THAN_RESERVED;
      }
      if (type == EventType.ORDER_SHIPPED && units > reserved) {
        return Reason.MORE_SHIPPED_THAN_RESERVED;
      }
      if (type == EventType.ORDER_SHIPPED && units > onHand) {
        return Reason.ON_HAND_BELOW_ZERO;
      }
      if (type == EventType.ADJUSTMENT && onHand + units < 0) {
        return Reason.ON_HAND_BELOW_ZERO;
      }
    }
    for (int i = 0; i < lineSkus.size(); i++) {
      String s = lineSkus.get(i);
      long units = lineUnits.get(i);
      long availableBefore = available(s);
      Line line =
          switch (type) {
            case ORDER_PLACED -> new Line(s, location, 0, units);
            case ORDER_CANCELLED -> new Line(s, location, 0, -units);
            case ORDER_SHIPPED -> new Line(s, location, -units, -units);
            case RETURN_RECEIVED, PUTAWAY, ADJUSTMENT -> new Line(s, location, units, 0);
            case STOCK_COUNT -> new Line(s, location, units - onHand(s, location), 0);
          };
      ledger.add(line);
      long a = available(s);
      if (a == availableBefore) {
        continue;
      }
      pending.merge(s, 1L, Long::sum);
      if (pending.get(s) == 1) {
        oldestPending.put(s, now);
      }
      long size = type == EventType.STOCK_COUNT ? Math.abs(line.onHandDelta) : Math.abs(units);
      boolean seedKind =
          type == EventType.ORDER_PLACED
              || type == EventType.ADJUSTMENT
              || type == EventType.STOCK_COUNT
              || type == EventType.PUTAWAY;
      boolean ruleA = a <= threshold(s);
      boolean ruleB = seedKind && size >= significantQuantity(s);
      boolean ruleC = pending.get(s) >= batchSize(s);
      if (ruleA || ruleB || ruleC) {
        sync(s, now);
      }
    }
    return null;
  }

  /** SPEC §3 step 4: every SKU whose oldest pending transaction is T seconds old syncs. */
  void syncStale(Instant now) {
    for (String s : new ArrayList<>(pending.keySet())) {
      long t = maxStalenessSeconds(s);
      if (pending.get(s) > 0 && t > 0 && !oldestPending.get(s).plusSeconds(t).isAfter(now)) {
        sync(s, now);
      }
    }
  }

  /** When the next staleness sync is due, or null. */
  Instant nextStalenessDeadline() {
    Instant next = null;
    for (String s : pending.keySet()) {
      long t = maxStalenessSeconds(s);
      if (pending.get(s) > 0 && t > 0) {
        Instant due = oldestPending.get(s).plusSeconds(t);
        if (next == null || due.isBefore(next)) {
          next = due;
        }
      }
    }
    return next;
  }

  private void sync(String sku, Instant now) {
    pending.put(sku, 0L);
    oldestPending.remove(sku);
    lastSynced.put(sku, now);
    for (ModelListing l : listings) {
      boolean containsSku = bundles.containsKey(l.sku) && bundles.get(l.sku).containsKey(sku);
      if (l.sku.equals(sku) || containsSku) {
        refresh(l);
      }
    }
  }

  /** §3: a sync decides the listing's target anew from the stock as it is now. */
  private void refresh(ModelListing l) {
    l.decided = target(l);
  }

  /**
   * §5: the channel confirmed {@code quantity} (for whichever push): it shows that figure now. When
   * no push was due, and the figure it confirmed is not the target (an older push that landed
   * late), the target as the stock stands now is due: a push goes whenever the channel shows
   * another figure than its target.
   */
  void acknowledge(String channel, String sku, long quantity) {
    ModelListing l = listing(channel, sku);
    boolean wasDue = l.due() != null;
    l.shown = quantity;
    if (!wasDue && quantity != target(l)) {
      refresh(l);
    }
  }
}
