package io.stocksync.core.inventory;

import io.stocksync.core.channel.BundleBase;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.event.Rejection;
import io.stocksync.core.event.Rejection.Reason;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.policy.SyncTrigger;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The in-memory state of one account and the rules that move it: the ledger arithmetic of SPEC §2,
 * the sync policy of §3 and the channel targets of §4. Every change is recorded in the {@link
 * Changes} passed in, to be made durable by the caller; nothing here does I/O or reads a clock.
 *
 * <p>Not thread-safe: one writer owns an account state and calls it in ingest order.
 */
public final class AccountState {

  /**
   * The largest quantity, balance or component product the ledger accepts. Far above any real
   * stock, and low enough that sums over many locations and percent arithmetic never overflow.
   */
  public static final long MAX_UNITS = 1_000_000_000_000_000L;

  /** The longest event id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 200;

  private final String id;
  private String name;
  private SyncPolicy policy;
  private Instant createdAt;

  private final Map<String, LocationState> locations = new HashMap<>();
  private final Map<String, SkuState> skus = new HashMap<>();
  private final Map<String, ChannelState> channels = new HashMap<>();
  private final PriorityQueue<StalenessDeadline> deadlines = new PriorityQueue<>();

  /** A SKU whose oldest pending transaction (at {@code since}) must sync at {@code due}. */
  private record StalenessDeadline(long due, long since, SkuState sku)
      implements Comparable<StalenessDeadline> {
    @Override
    public int compareTo(StalenessDeadline o) {
      return Long.compare(due, o.due);
    }
  }

  private AccountState(String id, String name, SyncPolicy policy, Instant createdAt) {
    this.id = id;
    this.name = name;
    this.policy = policy;
    this.createdAt = createdAt;
  }

  /** A new, empty account; records its row in {@code out}. */
  public static AccountState create(
      String id, String name, SyncPolicy policy, Instant now, Changes out) {
    requireText("id", id);
    AccountState account = new AccountState(id, name == null ? id : name, policy, now);
    out.account(account.row());
    return account;
  }

  /** An account as it was stored. */
  public static AccountState restore(AccountRow row) {
    return new AccountState(row.id(), row.name(), row.policy(), row.createdAt());
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public SyncPolicy policy() {
    return policy;
  }

  /** The number of SKUs (plain and bundle). */
  public int skuCount() {
    return skus.size();
  }

  public boolean hasSku(String sku) {
    return skus.containsKey(sku);
  }

  public boolean hasLocation(String code) {
    return locations.containsKey(code);
  }

  /** A location as it now stands; throws {@link NotFoundException} when unknown. */
  public LocationRow location(String code) {
    LocationState l = locations.get(code);
    if (l == null) {
      throw new NotFoundException("location", code);
    }
    return new LocationRow(id, l.code, l.name, l.sellable);
  }

  public boolean hasChannel(String channelId) {
    return channels.containsKey(channelId);
  }

  /**
   * The channel's row as last put (credentials as the caller stored them); throws {@link
   * NotFoundException} when the account has no such channel.
   */
  public ChannelRow channel(String channelId) {
    return requireChannel(channelId).row;
  }

  /** Every SKU's state, for the read-only queries of this package ({@link SkuQuery}). */
  Collection<SkuState> skuStates() {
    return skus.values();
  }

  /** One SKU's state; throws {@link NotFoundException} when unknown. For {@link SkuQuery}. */
  SkuState skuState(String sku) {
    return requireSku(sku);
  }

  /**
   * One channel's state; throws {@link NotFoundException} when unknown. For {@link PushPlanner}.
   */
  ChannelState channelState(String channelId) {
    return requireChannel(channelId);
  }

  AccountRow row() {
    return new AccountRow(id, name, policy, createdAt);
  }

  // ---------------------------------------------------------------- configuration

  /**
   * Replaces the account's sync policy. A SKU left waiting that the new policy would sync now
   * (available at or below the new threshold, or as many transactions pending as the new batch
   * size) syncs at once; rule (b) judges transactions as they come, so a lower significant quantity
   * applies to the next ones.
   */
  public void setPolicy(SyncPolicy newPolicy, Instant now, Changes out) {
    this.policy = newPolicy;
    out.account(row());
    for (SkuState s : skus.values()) {
      syncIfDueUnderPolicy(s, now, out);
    }
    rescheduleStaleness();
  }

  /**
   * Merges {@code override} into the SKU's own policy (fields it leaves null stay as they were); if
   * the SKU waits and its new policy would sync it now, it syncs at once (see {@link #setPolicy}).
   */
  public void setSkuPolicy(String sku, PolicyOverride override, Instant now, Changes out) {
    SkuState s = requireSku(sku);
    s.override = s.override.merge(override);
    out.sku(skuRow(s));
    syncIfDueUnderPolicy(s, now, out);
    rescheduleStaleness();
  }

  private void syncIfDueUnderPolicy(SkuState s, Instant now, Changes out) {
    if (s.pending == 0) {
      return;
    }
    SyncPolicy effective = policy.with(s.override);
    if (s.available <= effective.threshold() || s.pending >= effective.batchSize()) {
      sync(s, SyncTrigger.CONFIGURATION, now, out);
    }
  }

  /**
   * Creates or updates a location. Turning a location sellable or unsellable changes what its SKUs
   * have available: they sync at once.
   */
  public void putLocation(
      String code, String locationName, boolean sellable, Instant now, Changes out) {
    requireText("code", code);
    LocationState l = locations.get(code);
    if (l == null) {
      l = new LocationState(code, locationName == null ? code : locationName, sellable);
      locations.put(code, l);
    } else {
      l.name = locationName == null ? l.name : locationName;
      if (l.sellable != sellable) {
        l.sellable = sellable;
        for (SkuState s : skus.values()) {
          if (s.indexOf(l) >= 0) {
            s.recomputeAvailable();
            sync(s, SyncTrigger.CONFIGURATION, now, out);
          }
        }
      }
    }
    out.location(new LocationRow(id, code, l.name, l.sellable));
  }

  /**
   * Creates or updates a SKU. With components it is a bundle: every component must be a plain SKU
   * of this account, listed once, with a quantity of 1 or more; a SKU that holds stock cannot
   * become a bundle.
   */
  public void putSku(
      String sku, String skuName, List<Component> components, Instant now, Changes out) {
    requireText("sku", sku);
    SkuState existing = skus.get(sku);
    SkuState[] resolved = null;
    Component[] parts = null;
    if (components != null && !components.isEmpty()) {
      List<FieldError> errors = new ArrayList<>();
      resolved = new SkuState[components.size()];
      parts = components.toArray(new Component[0]);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < parts.length; i++) {
        String field = "components[" + i + "]";
        Component c = parts[i];
        if (c == null || c.sku() == null || c.sku().isBlank()) {
          errors.add(new FieldError(field + ".sku", "is required"));
          continue;
        }
        if (c.quantity() < 1 || c.quantity() > MAX_UNITS) {
          errors.add(new FieldError(field + ".quantity", "must be between 1 and " + MAX_UNITS));
        }
        if (!seen.add(c.sku())) {
          errors.add(new FieldError(field + ".sku", "lists '" + c.sku() + "' twice"));
        }
        if (c.sku().equals(sku)) {
          errors.add(new FieldError(field + ".sku", "a bundle cannot contain itself"));
          continue;
        }
        SkuState part = skus.get(c.sku());
        if (part == null) {
          errors.add(new FieldError(field + ".sku", "unknown SKU '" + c.sku() + "'"));
        } else if (part.isBundle()) {
          errors.add(
              new FieldError(field + ".sku", "'" + c.sku() + "' is a bundle; bundles cannot nest"));
        } else {
          resolved[i] = part;
        }
      }
      if (existing != null && !existing.isBundle() && holdsStock(existing)) {
        errors.add(new FieldError("components", "SKU '" + sku + "' holds stock of its own"));
      }
      if (existing != null && !existing.isBundle() && existing.bundles != null) {
        errors.add(new FieldError("components", "SKU '" + sku + "' is a component of a bundle"));
      }
      if (!errors.isEmpty()) {
        throw new InvalidRequestException(errors);
      }
    }
    SkuState s = existing;
    if (s == null) {
      s = new SkuState(id, sku);
      skus.put(sku, s);
    }
    s.name = skuName == null ? (s.name == null ? sku : s.name) : skuName;
    linkComponents(s, parts, resolved);
    out.sku(skuRow(s));
    if (existing != null) {
      refreshListings(s, now, out);
    }
  }

  private static boolean holdsStock(SkuState s) {
    for (int i = 0; i < s.locations.length; i++) {
      if (s.onHand[i] != 0 || s.reserved[i] != 0) {
        return true;
      }
    }
    return false;
  }

  private void linkComponents(SkuState s, Component[] parts, SkuState[] resolved) {
    if (s.componentStates != null) {
      for (SkuState old : s.componentStates) {
        old.removeBundle(s);
      }
    }
    s.components = parts;
    s.componentStates = resolved;
    if (resolved != null) {
      for (SkuState part : resolved) {
        part.addBundle(s);
      }
    }
  }

  /**
   * Creates or replaces a channel from its row (the caller has encrypted its credentials). Every
   * listing of the channel gets a fresh target under the new rules.
   */
  public void putChannel(ChannelRow row, Instant now, Changes out) {
    requireText("id", row.id());
    LocationState[] draws = null;
    if (row.locations() != null && !row.locations().isEmpty()) {
      List<FieldError> errors = new ArrayList<>();
      draws = new LocationState[row.locations().size()];
      for (int i = 0; i < draws.length; i++) {
        String code = row.locations().get(i);
        draws[i] = code == null ? null : locations.get(code);
        if (draws[i] == null) {
          errors.add(new FieldError("locations[" + i + "]", "unknown location '" + code + "'"));
        }
      }
      if (!errors.isEmpty()) {
        throw new InvalidRequestException(errors);
      }
    }
    ChannelState c = channels.computeIfAbsent(row.id(), ChannelState::new);
    c.row =
        new ChannelRow(
            id,
            row.id(),
            row.type(),
            row.baseUrl(),
            row.settingsJson(),
            row.credentials(),
            List.copyOf(row.locations() == null ? List.of() : row.locations()),
            row.enabled(),
            row.rules());
    c.draws = draws;
    out.channel(c.row);
    for (Listing l : c.listings) {
      refreshTarget(l, now, out);
    }
  }

  /**
   * Creates or updates the listing of {@code sku} on {@code channelId}, and queues a push of its
   * current target when that differs from what the channel acknowledged.
   */
  public void putListing(
      String channelId,
      String sku,
      String externalId,
      String fieldsJson,
      Instant now,
      Changes out) {
    ChannelState c = requireChannel(channelId);
    SkuState s = requireSku(sku);
    requireText("externalId", externalId);
    Listing l = findListing(c, s);
    if (l == null) {
      l = new Listing(c, s);
      c.listings.add(l);
      s.addListing(l);
    }
    l.externalId = externalId;
    l.fieldsJson = fieldsJson;
    out.listingChanged(l);
    refreshTarget(l, now, out);
  }

  /**
   * Records that the channel confirmed {@code quantity} for the listing at {@code version}. If no
   * newer target was queued since, the queued push is done; otherwise the newer one stays queued.
   */
  public void acknowledge(
      String channelId, String sku, long version, long quantity, Instant now, Changes out) {
    Listing l = requireListing(channelId, sku);
    l.acknowledged = quantity;
    l.acknowledgedAt = now.toEpochMilli();
    if (l.queuedTarget != null && l.version == version) {
      l.dequeue();
      l.state = ListingState.IN_SYNC;
      out.pushChanged(l);
    } else if (l.queuedTarget == null && quantity != target(l)) {
      // A sync took this listing's push off the queue while an older push was in flight (the
      // channel was taken to show the target already); that older push has now landed, so the
      // channel shows another figure than the target: queue the target again.
      refreshTarget(l, now, out);
    }
    out.listingChanged(l);
  }

  /** Marks the listing's push as failed after its retry budget; it is retried at the next sync. */
  public void markFailed(String channelId, String sku, Changes out) {
    Listing l = requireListing(channelId, sku);
    l.state = ListingState.FAILED;
    out.listingChanged(l);
  }

  // ---------------------------------------------------------------- events

  /**
   * Applies one event (SPEC §2) and the sync policy (§3) to every transaction it makes. Either the
   * whole event applies, or it is rejected and nothing changes. Duplicate detection is the
   * caller's: by the time an event reaches here its id is known to be new.
   */
  public EventResult apply(InventoryEvent e, Instant now, Changes out) {
    Rejection rejection = validate(e);
    if (rejection != null) {
      return EventResult.rejected(e.id(), rejection);
    }
    SkuState sku = skus.get(e.sku());
    LocationState location = locations.get(e.location());
    EventType type = e.type();

    SkuState[] lineSkus;
    long[] lineUnits;
    if (sku.isBundle()) {
      if (!type.expandsOverBundleComponents()) {
        return reject(
            e,
            Reason.BUNDLE_HAS_NO_STOCK,
            "sku",
            "'" + e.sku() + "' is a bundle: it has no stock of its own for " + type);
      }
      lineSkus = sku.componentStates;
      lineUnits = new long[lineSkus.length];
      for (int i = 0; i < lineSkus.length; i++) {
        long units = multiply(e.quantity(), sku.components[i].quantity());
        if (units > MAX_UNITS) {
          return reject(
              e,
              Reason.QUANTITY_TOO_LARGE,
              "quantity",
              "quantity × component quantity exceeds " + MAX_UNITS);
        }
        lineUnits[i] = units;
      }
    } else {
      lineSkus = new SkuState[] {sku};
      lineUnits = new long[] {e.quantity()};
    }

    // Check every line before touching any, so a rejected event changes nothing.
    long[] onHandDelta = new long[lineSkus.length];
    long[] reservedDelta = new long[lineSkus.length];
    for (int i = 0; i < lineSkus.length; i++) {
      SkuState s = lineSkus[i];
      long units = lineUnits[i];
      long onHand = s.onHandAt(location);
      long reserved = s.reservedAt(location);
      switch (type) {
        case ORDER_PLACED -> reservedDelta[i] = units;
        case ORDER_CANCELLED -> {
          if (units > reserved) {
            return reject(
                e,
                Reason.MORE_CANCELLED_THAN_RESERVED,
                "quantity",
                "cancels "
                    + units
                    + " of '"
                    + s.code
                    + "' at '"
                    + location.code
                    + "' where "
                    + reserved
                    + " are reserved");
          }
          reservedDelta[i] = -units;
        }
        case ORDER_SHIPPED -> {
          if (units > reserved) {
            return reject(
                e,
                Reason.MORE_SHIPPED_THAN_RESERVED,
                "quantity",
                "ships "
                    + units
                    + " of '"
                    + s.code
                    + "' at '"
                    + location.code
                    + "' where "
                    + reserved
                    + " are reserved");
          }
          if (units > onHand) {
            return reject(
                e,
                Reason.ON_HAND_BELOW_ZERO,
                "quantity",
                "ships "
                    + units
                    + " of '"
                    + s.code
                    + "' at '"
                    + location.code
                    + "' where "
                    + onHand
                    + " are on hand");
          }
          onHandDelta[i] = -units;
          reservedDelta[i] = -units;
        }
        case RETURN_RECEIVED, PUTAWAY -> onHandDelta[i] = units;
        case ADJUSTMENT -> {
          if (onHand + units < 0) {
            return reject(
                e,
                Reason.ON_HAND_BELOW_ZERO,
                "quantity",
                "adjusts '"
                    + s.code
                    + "' at '"
                    + location.code
                    + "' by "
                    + units
                    + " where "
                    + onHand
                    + " are on hand");
          }
          onHandDelta[i] = units;
        }
        case STOCK_COUNT -> onHandDelta[i] = units - onHand;
      }
      if (onHand + onHandDelta[i] > MAX_UNITS || reserved + reservedDelta[i] > MAX_UNITS) {
        return reject(
            e,
            Reason.QUANTITY_TOO_LARGE,
            "quantity",
            "the balance of '" + s.code + "' at '" + location.code + "' would exceed " + MAX_UNITS);
      }
    }

    long nowMillis = now.toEpochMilli();
    Instant occurredAt = e.occurredAt() == null ? now : e.occurredAt();
    for (int i = 0; i < lineSkus.length; i++) {
      SkuState s = lineSkus[i];
      int slots = s.locations.length;
      int slot = s.slotFor(location);
      if (s.locations.length != slots) {
        // A new balance row: the store keeps the SKU's sync state on its balance rows, so the
        // new row must be written with it.
        out.syncChanged(s);
      }
      s.onHand[slot] += onHandDelta[i];
      s.reserved[slot] += reservedDelta[i];
      long before = s.available;
      if (location.sellable) {
        s.available += onHandDelta[i] - reservedDelta[i];
      }
      out.ledger(
          new LedgerRow(
              id,
              e.id(),
              i,
              type,
              s.code,
              location.code,
              lineUnits[i],
              onHandDelta[i],
              reservedDelta[i],
              occurredAt,
              now));
      out.balancesChanged(s);
      if (s.available == before) {
        continue; // SPEC §3 step 1: nothing is stale
      }
      s.pending++;
      out.syncChanged(s);
      SyncPolicy effective = policy.with(s.override);
      if (s.pending == 1) {
        s.oldestPendingAt = nowMillis;
      }
      long units = type == EventType.STOCK_COUNT ? Math.abs(onHandDelta[i]) : lineUnits[i];
      if (type == EventType.ORDER_PLACED && s.available < 0) {
        out.alert(
            new AlertRow(
                id,
                "OVERSOLD",
                s.code,
                "available " + s.available + " after order " + e.id(),
                now));
      }
      SyncTrigger trigger = effective.decide(s.available, type.seedKind(), units, s.pending);
      if (trigger != SyncTrigger.NONE) {
        sync(s, trigger, now, out);
      } else if (s.pending == 1 && effective.hasStalenessBound()) {
        // Scheduled only for a SKU left waiting: one that synced at once has nothing stale, and a
        // deadline for it would only clutter the queue (one per transaction at or below X).
        deadlines.add(
            new StalenessDeadline(dueAt(nowMillis, effective.maxStalenessSeconds()), nowMillis, s));
      }
    }
    return EventResult.applied(e.id());
  }

  /**
   * Syncs every SKU whose oldest pending transaction has waited its maximum staleness by {@code
   * now} (SPEC §3 step 4). Returns how many synced.
   */
  public int syncStale(Instant now, Changes out) {
    long nowMillis = now.toEpochMilli();
    int synced = 0;
    while (!deadlines.isEmpty() && deadlines.peek().due() <= nowMillis) {
      StalenessDeadline d = deadlines.poll();
      SkuState s = d.sku();
      if (isLive(d)) {
        sync(s, SyncTrigger.STALENESS, now, out);
        synced++;
      }
    }
    return synced;
  }

  /** The earliest instant at which {@link #syncStale} has work, or null when none is pending. */
  public Instant nextStalenessDeadline() {
    // Drop deadlines of SKUs that synced by another rule since: they have nothing left to do.
    while (!deadlines.isEmpty() && !isLive(deadlines.peek())) {
      deadlines.poll();
    }
    StalenessDeadline d = deadlines.peek();
    return d == null ? null : Instant.ofEpochMilli(d.due());
  }

  /**
   * {@code sinceMillis + seconds × 1000}, saturating: a bound too far out to represent means
   * "never", not an overflow into the past (which would sync at once).
   */
  private static long dueAt(long sinceMillis, long seconds) {
    long millis = seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
    long due = sinceMillis + millis;
    return sinceMillis > 0 && due < 0 ? Long.MAX_VALUE : due;
  }

  /** Whether the SKU still waits for the transaction this deadline was set for. */
  private static boolean isLive(StalenessDeadline d) {
    return d.sku().pending > 0 && d.sku().oldestPendingAt == d.since();
  }

  private void rescheduleStaleness() {
    deadlines.clear();
    for (SkuState s : skus.values()) {
      scheduleIfPending(s);
    }
  }

  private void scheduleIfPending(SkuState s) {
    if (s.pending > 0 && s.oldestPendingAt != SkuState.NO_TIME) {
      SyncPolicy effective = policy.with(s.override);
      if (effective.hasStalenessBound()) {
        deadlines.add(
            new StalenessDeadline(
                dueAt(s.oldestPendingAt, effective.maxStalenessSeconds()), s.oldestPendingAt, s));
      }
    }
  }

  /**
   * Syncs {@code sku} at once, whatever its policy says (an operator's "sync now"): every listing
   * of it and of the bundles that contain it gets its current target.
   */
  public void syncNow(String sku, Instant now, Changes out) {
    sync(requireSku(sku), SyncTrigger.CONFIGURATION, now, out);
  }

  private void sync(SkuState s, SyncTrigger trigger, Instant now, Changes out) {
    s.pending = 0;
    s.oldestPendingAt = SkuState.NO_TIME;
    s.lastSyncedAt = now.toEpochMilli();
    out.syncChanged(s);
    refreshListings(s, now, out);
  }

  private void refreshListings(SkuState s, Instant now, Changes out) {
    if (s.listings != null) {
      for (Listing l : s.listings) {
        refreshTarget(l, now, out);
      }
    }
    if (s.bundles != null) {
      for (SkuState bundle : s.bundles) {
        if (bundle.listings != null) {
          for (Listing l : bundle.listings) {
            refreshTarget(l, now, out);
          }
        }
      }
    }
  }

  /**
   * Queues a push of the listing's current target if it differs from what the channel acknowledged;
   * takes a queued push off the queue when the channel already shows the target.
   */
  private void refreshTarget(Listing l, Instant now, Changes out) {
    if (!l.channel.enabled()) {
      return;
    }
    long target = target(l);
    if (l.acknowledged != null && l.acknowledged == target && l.state != ListingState.FAILED) {
      if (l.queuedTarget != null) {
        l.dequeue();
        l.state = ListingState.IN_SYNC;
        out.pushChanged(l);
        // With its push row gone, only the listing's row keeps the version from going back
        // (a version names one target in idempotency keys: it must never be reused).
        out.listingChanged(l);
      }
      return;
    }
    if (l.queuedTarget != null && l.queuedTarget == target && l.state != ListingState.FAILED) {
      return;
    }
    if (l.state == ListingState.FAILED) {
      out.listingChanged(l); // the stored row says FAILED: it must learn the retry
    }
    l.queue(target);
    l.version++;
    l.queuedAt = now.toEpochMilli();
    // PENDING is not written to the listing's row: a queued push row is what makes a listing
    // pending, so the hot path writes one row a queued push, not two.
    l.state = ListingState.PENDING;
    out.pushChanged(l);
  }

  /** The figure SPEC §4 sends this listing now. */
  private static long target(Listing l) {
    return l.channel.rules().target(base(l.sku, l.channel));
  }

  private static long base(SkuState s, ChannelState c) {
    if (s.isBundle()) {
      long[] bases = new long[s.componentStates.length];
      long[] quantities = new long[bases.length];
      for (int i = 0; i < bases.length; i++) {
        bases[i] = base(s.componentStates[i], c);
        quantities[i] = s.components[i].quantity();
      }
      return BundleBase.of(bases, quantities);
    }
    long sum = 0;
    for (int i = 0; i < s.locations.length; i++) {
      if (c.drawsFrom(s.locations[i])) {
        sum += s.onHand[i] - s.reserved[i];
      }
    }
    return sum;
  }

  // ---------------------------------------------------------------- validation

  private Rejection validate(InventoryEvent e) {
    if (e.id() == null || e.id().isBlank()) {
      return new Rejection(Reason.MISSING_ID, "id", "id is required");
    }
    if (e.id().length() > MAX_ID_LENGTH) {
      return new Rejection(
          Reason.ID_TOO_LONG, "id", "id is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (e.type() == null) {
      return new Rejection(Reason.MISSING_TYPE, "type", "type is required");
    }
    if (e.sku() == null || e.sku().isBlank()) {
      return new Rejection(Reason.MISSING_SKU, "sku", "sku is required");
    }
    if (e.location() == null || e.location().isBlank()) {
      return new Rejection(Reason.MISSING_LOCATION, "location", "location is required");
    }
    if (!skus.containsKey(e.sku())) {
      return new Rejection(Reason.UNKNOWN_SKU, "sku", "unknown SKU '" + e.sku() + "'");
    }
    if (!locations.containsKey(e.location())) {
      return new Rejection(
          Reason.UNKNOWN_LOCATION, "location", "unknown location '" + e.location() + "'");
    }
    if (!e.type().sign().admits(e.quantity())) {
      return new Rejection(
          Reason.WRONG_SIGN,
          "quantity",
          "quantity of " + e.type() + " " + e.type().sign().rule() + ", got " + e.quantity());
    }
    // Not Math.abs: it leaves Long.MIN_VALUE negative, which would slip past this check.
    if (e.quantity() > MAX_UNITS || e.quantity() < -MAX_UNITS) {
      return new Rejection(
          Reason.QUANTITY_TOO_LARGE,
          "quantity",
          "quantity must be at most " + MAX_UNITS + " in magnitude");
    }
    return null;
  }

  private static EventResult reject(InventoryEvent e, Reason reason, String field, String message) {
    return EventResult.rejected(e.id(), new Rejection(reason, field, message));
  }

  private static long multiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "is required");
    }
  }

  private SkuState requireSku(String sku) {
    SkuState s = skus.get(sku);
    if (s == null) {
      throw new NotFoundException("SKU", sku);
    }
    return s;
  }

  private ChannelState requireChannel(String channelId) {
    ChannelState c = channels.get(channelId);
    if (c == null) {
      throw new NotFoundException("channel", channelId);
    }
    return c;
  }

  private Listing requireListing(String channelId, String sku) {
    Listing l = findListing(requireChannel(channelId), requireSku(sku));
    if (l == null) {
      throw new NotFoundException("listing", channelId + "/" + sku);
    }
    return l;
  }

  private static Listing findListing(ChannelState c, SkuState s) {
    if (s.listings != null) {
      for (Listing l : s.listings) {
        if (l.channel == c) {
          return l;
        }
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- reading

  /** The SKU as the HTTP contract shows it; throws {@link NotFoundException} when unknown. */
  public SkuView view(String sku) {
    SkuState s = requireSku(sku);
    List<SkuView.LocationBalance> balances = new ArrayList<>(s.locations.length);
    long onHand = 0;
    long reserved = 0;
    for (int i = 0; i < s.locations.length; i++) {
      balances.add(new SkuView.LocationBalance(s.locations[i].code, s.onHand[i], s.reserved[i]));
      if (s.locations[i].sellable) {
        onHand += s.onHand[i];
        reserved += s.reserved[i];
      }
    }
    List<SkuView.ListingView> listings = new ArrayList<>();
    if (s.listings != null) {
      for (Listing l : s.listings) {
        listings.add(
            new SkuView.ListingView(
                l.channel.id, l.externalId, target(l), l.acknowledged, l.state, l.queuedTarget));
      }
    }
    return new SkuView(
        s.code,
        s.name,
        s.components == null ? List.of() : List.of(s.components),
        onHand,
        reserved,
        s.isBundle() ? bundleAvailable(s) : s.available,
        balances,
        new SkuView.SyncView(s.pending, Changes.instant(s.lastSyncedAt)),
        listings);
  }

  private static long bundleAvailable(SkuState s) {
    long[] bases = new long[s.componentStates.length];
    long[] quantities = new long[bases.length];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = s.componentStates[i].available;
      quantities[i] = s.components[i].quantity();
    }
    return BundleBase.of(bases, quantities);
  }

  /** The available figure of a SKU (SPEC §1; for a bundle, §4 over all sellable locations). */
  public long available(String sku) {
    SkuState s = requireSku(sku);
    return s.isBundle() ? bundleAvailable(s) : s.available;
  }

  /** Visits every SKU's view, in no particular order. */
  public void forEachSku(Consumer<SkuView> visitor) {
    for (String code : skus.keySet()) {
      visitor.accept(view(code));
    }
  }

  // ---------------------------------------------------------------- rows and restore

  static SkuRow skuRow(SkuState s) {
    return new SkuRow(
        s.accountId,
        s.code,
        s.name,
        s.components == null ? List.of() : List.copyOf(Arrays.asList(s.components)),
        s.override);
  }

  static ListingRow rowOf(Listing l) {
    return new ListingRow(
        l.sku.accountId,
        l.channel.id,
        l.sku.code,
        l.externalId,
        l.fieldsJson,
        l.acknowledged,
        Changes.instant(l.acknowledgedAt),
        l.state,
        l.version);
  }

  /** Restores a stored location (start-up only; records nothing). */
  public void restore(LocationRow row) {
    locations.put(row.code(), new LocationState(row.code(), row.name(), row.sellable()));
  }

  /**
   * Restores a stored SKU. Components may name SKUs restored later: they are linked by {@link
   * #finishRestore()}.
   */
  public void restore(SkuRow row) {
    SkuState s = skus.computeIfAbsent(row.sku(), code -> new SkuState(id, code));
    s.name = row.name();
    s.override = row.policy() == null ? PolicyOverride.NONE : row.policy();
    s.components = row.components().isEmpty() ? null : row.components().toArray(new Component[0]);
  }

  /** Restores a SKU's stored sync state. */
  public void restore(SkuSyncRow row) {
    SkuState s = requireSku(row.sku());
    s.pending = row.pending();
    s.oldestPendingAt =
        row.oldestPendingAt() == null ? SkuState.NO_TIME : row.oldestPendingAt().toEpochMilli();
    s.lastSyncedAt =
        row.lastSyncedAt() == null ? SkuState.NO_TIME : row.lastSyncedAt().toEpochMilli();
  }

  /** Restores a stored balance. */
  public void restore(BalanceRow row) {
    SkuState s = requireSku(row.sku());
    LocationState l = locations.get(row.location());
    if (l == null) {
      throw new NotFoundException("location", row.location());
    }
    int slot = s.slotFor(l);
    s.onHand[slot] = row.onHand();
    s.reserved[slot] = row.reserved();
  }

  /** Restores a stored channel. */
  public void restore(ChannelRow row) {
    ChannelState c = channels.computeIfAbsent(row.id(), ChannelState::new);
    c.row = row;
    if (row.locations() != null && !row.locations().isEmpty()) {
      c.draws = row.locations().stream().map(locations::get).toArray(LocationState[]::new);
    }
  }

  /** Restores a stored listing. */
  public void restore(ListingRow row) {
    ChannelState c = requireChannel(row.channelId());
    SkuState s = requireSku(row.sku());
    Listing l = new Listing(c, s);
    l.externalId = row.externalId();
    l.fieldsJson = row.fieldsJson();
    l.acknowledged = row.acknowledged();
    l.acknowledgedAt =
        row.acknowledgedAt() == null ? SkuState.NO_TIME : row.acknowledgedAt().toEpochMilli();
    // A stored PENDING only means "a push row exists", which restore(PushRow) sets again.
    l.state = row.state() == ListingState.FAILED ? ListingState.FAILED : ListingState.IN_SYNC;
    l.version = row.version();
    c.listings.add(l);
    s.addListing(l);
  }

  /** Restores a queued push onto its listing. */
  public void restore(PushRow row) {
    Listing l = requireListing(row.channelId(), row.sku());
    l.queue(row.target());
    l.version = Math.max(l.version, row.version());
    l.queuedAt = row.queuedAt() == null ? SkuState.NO_TIME : row.queuedAt().toEpochMilli();
    if (l.state != ListingState.FAILED) {
      l.state = ListingState.PENDING;
    }
  }

  /** Links bundles to their components, recomputes available figures and staleness deadlines. */
  public void finishRestore() {
    for (SkuState s : skus.values()) {
      s.recomputeAvailable();
      if (s.components != null) {
        SkuState[] resolved = new SkuState[s.components.length];
        for (int i = 0; i < resolved.length; i++) {
          resolved[i] = requireSku(s.components[i].sku());
        }
        linkComponents(s, s.components, resolved);
      }
    }
    rescheduleStaleness();
  }
}
