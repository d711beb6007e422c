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
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.BundleOrdersRow;
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
import java.util.Objects;
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
  public static final int MAX_ID_LENGTH = StorableValues.MAX_EVENT_ID_LENGTH;

  private final String id;
  private String name;
  private SyncPolicy policy;
  private Instant createdAt;

  private final Map<String, LocationState> locations = new HashMap<>();
  private final Map<String, SkuState> skus = new HashMap<>();
  private final Map<String, ChannelState> channels = new HashMap<>();
  private final PriorityQueue<StalenessDeadline> deadlines = new PriorityQueue<>();
  private final AccountAlerts alerts;
  private final io.stocksync.core.order.OrderBook orders = new io.stocksync.core.order.OrderBook();

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
    this.alerts = new AccountAlerts(id);
  }

  /** The account's alerts (SPEC §10): see {@link StockAlerts} and {@link ChannelAlerts}. */
  public AccountAlerts alerts() {
    return alerts;
  }

  /** The ids of the account's channels; a view, not to be kept. */
  Collection<String> channelIds() {
    return channels.keySet();
  }

  /** A new, empty account; records its row in {@code out}. */
  public static AccountState create(
      String id, String name, SyncPolicy policy, Instant now, Changes out) {
    requireText("id", id);
    StorableValues.requireText("id", id, StorableValues.MAX_CODE_LENGTH);
    StorableValues.requireText("name", name, StorableValues.MAX_NAME_LENGTH);
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

  /** The account's order lines and feed states (SPEC §9); confined to the account's writer. */
  public io.stocksync.core.order.OrderBook orders() {
    return orders;
  }

  /** The account's objects by key, for {@link ConfigDeletions}: deleting is removing from them. */
  Map<String, LocationState> locationMap() {
    return locations;
  }

  Map<String, SkuState> skuMap() {
    return skus;
  }

  Map<String, ChannelState> channelMap() {
    return channels;
  }

  /** One location's state, or null. For {@link AccountCatalog}. */
  LocationState locationState(String code) {
    return locations.get(code);
  }

  /** Every SKU's state, for the read-only queries of this package ({@link SkuQuery}). */
  Collection<SkuState> skuStates() {
    return skus.values();
  }

  /**
   * Every location's and channel's state, for {@link ConfigurationQuery} and {@link
   * AccountCatalog}.
   */
  Collection<LocationState> locationStates() {
    return locations.values();
  }

  Collection<ChannelState> channelStates() {
    return channels.values();
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

  /** The SKU follows the account's policy again: its own is cleared (SPEC §7). */
  public void clearSkuPolicy(String sku, Instant now, Changes out) {
    requireSku(sku).override = PolicyOverride.NONE;
    setSkuPolicy(sku, PolicyOverride.NONE, now, out);
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
    code = StorableValues.requireCode("code", code);
    StorableValues.requireText("name", locationName, StorableValues.MAX_NAME_LENGTH);
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
    sku = StorableValues.requireCode("sku", sku);
    StorableValues.requireText("name", skuName, StorableValues.MAX_NAME_LENGTH);
    SkuState existing = skus.get(sku);
    if (existing != null && existing.openOrders != null && !sameComponents(existing, components)) {
      throw new ConflictException("components", openOrdersOf(existing));
    }
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
        String code = StorableValues.normaliseCode(c.sku());
        String problem = StorableValues.problemWithCode(code);
        if (problem != null) {
          errors.add(new FieldError(field + ".sku", problem));
          continue;
        }
        c = new Component(code, c.quantity());
        parts[i] = c;
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

  /** Whether {@code components} are the bundle's own, in any order. */
  private static boolean sameComponents(SkuState bundle, List<Component> components) {
    Set<Component> now = bundle.components == null ? Set.of() : Set.of(bundle.components);
    Set<Component> asked =
        components == null ? Set.of() : new HashSet<>(components.stream().toList());
    return now.equals(asked);
  }

  private static String openOrdersOf(SkuState bundle) {
    long total = 0;
    StringBuilder where = new StringBuilder();
    for (Map.Entry<LocationState, Long> e : bundle.openOrders.entrySet()) {
      total = SkuState.saturatedAdd(total, e.getValue());
      where.append(where.isEmpty() ? "" : ", ").append(e.getValue()).append(" at '");
      where.append(e.getKey().code).append('\'');
    }
    return "bundle '"
        + bundle.code
        + "' has "
        + total
        + " bundle(s) on open orders ("
        + where
        + "), reserved on its current components: ship or cancel them before changing its"
        + " components";
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
   * Refuses a channel that could only ever be sent 0 (SPEC §7, an offline check at {@code PUT}):
   * one whose named locations are all unsellable, or, naming none, an account whose locations are
   * all unsellable. Unknown codes are left to {@link #putChannel}; an account with no location yet
   * is not judged (it is being set up).
   *
   * @throws InvalidRequestException naming {@code locations}
   */
  public void requireSellableLocation(List<String> codes) {
    List<LocationState> drawn = new ArrayList<>();
    if (codes == null || codes.isEmpty()) {
      drawn.addAll(locations.values());
    } else {
      for (String raw : codes) {
        LocationState l = locations.get(StorableValues.normaliseCode(raw));
        if (l == null) {
          return;
        }
        drawn.add(l);
      }
    }
    if (drawn.isEmpty() || drawn.stream().anyMatch(l -> l.sellable)) {
      return;
    }
    List<String> names = drawn.stream().map(l -> l.code).sorted().toList();
    throw new InvalidRequestException(
        "locations",
        (codes == null || codes.isEmpty()
                ? "every location of the account"
                : "every location named")
            + " is unsellable ("
            + String.join(", ", names)
            + "): the channel would be sent 0 for every SKU; name a sellable location, or make"
            + " one sellable first");
  }

  /**
   * Creates or replaces a channel from its row (the caller has encrypted its credentials). Every
   * listing of the channel gets a fresh target under the new rules. A channel moved to another
   * place (another type or {@code baseUrl}, other {@code locations}, or, when {@code
   * settingsMoved}, another store or location of the marketplace) has nothing acknowledged there:
   * every listing forgets its acknowledged figure and its current target is queued again (SPEC §5).
   *
   * @param settingsMoved whether the settings now name another store or location of the marketplace
   *     (the caller knows which settings do, per channel type)
   */
  public void putChannel(ChannelRow row, boolean settingsMoved, Instant now, Changes out) {
    String channelId = StorableValues.requireCode("id", row.id());
    StorableValues.requireText("type", row.type(), StorableValues.MAX_NAME_LENGTH);
    StorableValues.requireText("baseUrl", row.baseUrl(), StorableValues.MAX_URL_LENGTH);
    StorableValues.requireText("settings", row.settingsJson(), StorableValues.MAX_DOCUMENT_LENGTH);
    StorableValues.requireText(
        "credentials", row.credentials(), StorableValues.MAX_DOCUMENT_LENGTH);
    LocationState[] draws = null;
    List<String> drawCodes = new ArrayList<>();
    if (row.locations() != null && !row.locations().isEmpty()) {
      List<FieldError> errors = new ArrayList<>();
      draws = new LocationState[row.locations().size()];
      for (int i = 0; i < draws.length; i++) {
        String code = StorableValues.normaliseCode(row.locations().get(i));
        drawCodes.add(code);
        String problem = code == null ? null : StorableValues.problemWithCode(code);
        if (problem != null) {
          errors.add(new FieldError("locations[" + i + "]", problem));
          continue;
        }
        draws[i] = code == null ? null : locations.get(code);
        if (draws[i] == null) {
          errors.add(new FieldError("locations[" + i + "]", "unknown location '" + code + "'"));
        }
      }
      if (!errors.isEmpty()) {
        throw new InvalidRequestException(errors);
      }
    }
    ChannelState c = channels.computeIfAbsent(channelId, ChannelState::new);
    ChannelRow before = c.row;
    c.row =
        new ChannelRow(
            id,
            channelId,
            row.type(),
            row.baseUrl(),
            row.settingsJson(),
            row.credentials(),
            List.copyOf(drawCodes),
            row.enabled(),
            row.rules());
    c.draws = draws;
    out.channel(c.row);
    boolean moved =
        before != null
            && (settingsMoved
                || !Objects.equals(before.type(), c.row.type())
                || !Objects.equals(before.baseUrl(), c.row.baseUrl())
                || !Set.copyOf(before.locations()).equals(Set.copyOf(c.row.locations())));
    for (Listing l : c.listings) {
      if (moved) {
        repoint(l, now, out);
      } else {
        refreshTarget(l, now, out);
      }
    }
  }

  /**
   * Creates or replaces a channel; a change of its settings counts as a move to another store or
   * location (SPEC §5) whenever the settings' text changes. Callers that know which settings name
   * the marketplace's store or location use {@link #putChannel(ChannelRow, boolean, Instant,
   * Changes)}.
   */
  public void putChannel(ChannelRow row, Instant now, Changes out) {
    ChannelState c = channels.get(row.id());
    boolean settingsChanged =
        c != null && !Objects.equals(c.row.settingsJson(), row.settingsJson());
    putChannel(row, settingsChanged, now, out);
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
    requireText("externalId", externalId);
    StorableValues.requireText("externalId", externalId, StorableValues.MAX_EXTERNAL_ID_LENGTH);
    StorableValues.requireText("fields", fieldsJson, StorableValues.MAX_DOCUMENT_LENGTH);
    ChannelState c = requireChannel(StorableValues.requireCode("id", channelId));
    SkuState s = requireSku(StorableValues.requireCode("sku", sku));
    Listing holder = c.byExternalId.get(externalId);
    if (holder != null && holder.sku != s) {
      throw new ConflictException(
          "externalId",
          "'"
              + externalId
              + "' is already the listing of SKU '"
              + holder.sku.code
              + "' on channel '"
              + channelId
              + "'");
    }
    Listing l = findListing(c, s);
    boolean moved = false;
    if (l == null) {
      l = new Listing(c, s);
      c.listings.add(l);
      s.addListing(l);
    } else {
      moved =
          !Objects.equals(l.externalId, externalId) || !Objects.equals(l.fieldsJson, fieldsJson);
      if (l.externalId != null && c.byExternalId.get(l.externalId) == l) {
        c.byExternalId.remove(l.externalId);
      }
    }
    l.externalId = externalId;
    l.fieldsJson = fieldsJson;
    c.byExternalId.put(externalId, l);
    out.listingChanged(l);
    if (moved) {
      repoint(l, now, out);
    } else {
      refreshTarget(l, now, out);
    }
  }

  /**
   * The listing now points at another place of its marketplace (SPEC §5): nothing is acknowledged
   * there. Forgets the acknowledged figure and queues the current target under a new version, so
   * that an answer still to come from the old place (an older version) cannot settle it.
   */
  private void repoint(Listing l, Instant now, Changes out) {
    l.acknowledged = null;
    l.acknowledgedAt = SkuState.NO_TIME;
    l.placeSince = l.version + 1;
    out.listingChanged(l);
    if (!l.channel.enabled()) {
      return; // queued when the channel is enabled again, as version placeSince or later
    }
    l.queue(target(l));
    l.version++;
    l.failures = 0;
    l.queuedAt = now.toEpochMilli();
    l.state = ListingState.QUEUED;
    out.pushChanged(l);
  }

  /**
   * Records that the channel confirmed {@code quantity} for the listing at {@code version}. If no
   * newer target was queued since, the queued push is done; otherwise the newer one stays queued.
   */
  public void acknowledge(
      String channelId, String sku, long version, long quantity, Instant now, Changes out) {
    Listing l = requireListing(channelId, sku);
    if (l.inFlightVersion == version) {
      l.inFlightVersion = 0;
    }
    if (version < l.placeSince) {
      return; // the old place's answer: the new place still has nothing acknowledged
    }
    l.acknowledged = quantity;
    l.acknowledgedAt = now.toEpochMilli();
    l.staleAt = SkuState.NO_TIME;
    ChannelAlerts.acknowledged(this, l, now, out);
    if (l.queuedTarget != null && l.version == version) {
      l.dequeue();
      l.failures = 0;
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

  /**
   * A push of {@code quantity} got no answer and may have been applied (a timeout, a broken
   * connection): unless the channel is known to show that figure already, what it shows is now
   * unknown, so the last acknowledged figure is forgotten and the current target is pushed even
   * where it equals that figure (a target that went back to the old figure meanwhile would
   * otherwise never be sent, leaving the channel at {@code quantity}).
   */
  public void mayHaveApplied(
      String channelId, String sku, long version, long quantity, Instant now, Changes out) {
    Listing l = requireListing(channelId, sku);
    if (version < l.placeSince || l.acknowledged == null || l.acknowledged == quantity) {
      return;
    }
    l.acknowledged = null;
    out.listingChanged(l);
    if (l.queuedTarget == null) {
      refreshTarget(l, now, out);
    }
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
    e = withNormalisedCodes(e);
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

    if (sku.isBundle()) {
      long open =
          switch (type) {
            case ORDER_PLACED -> sku.addOpenOrders(location, e.quantity());
            case ORDER_SHIPPED, ORDER_CANCELLED -> sku.addOpenOrders(location, -e.quantity());
            default -> -1;
          };
      if (open >= 0) {
        out.bundleOrders(new BundleOrdersRow(id, sku.code, location.code, open));
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
        s.addToAvailable(onHandDelta[i] - reservedDelta[i]);
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
    for (SkuState s : lineSkus) {
      StockAlerts.afterChange(this, s, now, out); // SPEC §10: in the batch of the change
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
      if (l.queuedTarget != null && l.mayLandAnother()) {
        // A push of another figure is on its way and may land after this: the channel will show
        // that figure, not the target, and if the process dies before the answer nothing would
        // remember it. What the channel shows is unknown until then (stored so, so that a restart
        // knows it too), and a push of the target stays queued, sent once the other is answered.
        if (l.queuedTarget != target) {
          l.acknowledged = null;
          out.listingChanged(l);
          queue(l, target, now, out);
        }
        return;
      }
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
    queue(l, target, now, out);
  }

  private static void queue(Listing l, long target, Instant now, Changes out) {
    l.queue(target);
    l.version++;
    l.failures = 0; // a new target has its own retry budget
    l.queuedAt = now.toEpochMilli();
    // QUEUED is not written to the listing's row: a queued push row is what makes a listing
    // pending, so the hot path writes one row a queued push, not two.
    l.state = ListingState.QUEUED;
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
        sum = SkuState.saturatedAdd(sum, s.onHand[i] - s.reserved[i]);
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
    String idProblem = StorableValues.problemWithText(e.id(), MAX_ID_LENGTH);
    if (idProblem != null) {
      return new Rejection(Reason.INVALID_TEXT, "id", "id " + idProblem);
    }
    if (e.type() == null) {
      return new Rejection(Reason.MISSING_TYPE, "type", "type is required");
    }
    if (e.sku() == null || e.sku().isBlank()) {
      return new Rejection(Reason.MISSING_SKU, "sku", "sku is required");
    }
    String skuProblem = StorableValues.problemWithCode(e.sku());
    if (skuProblem != null) {
      return new Rejection(Reason.INVALID_TEXT, "sku", "sku " + skuProblem);
    }
    if (e.location() == null || e.location().isBlank()) {
      return new Rejection(Reason.MISSING_LOCATION, "location", "location is required");
    }
    String locationProblem = StorableValues.problemWithCode(e.location());
    if (locationProblem != null) {
      return new Rejection(Reason.INVALID_TEXT, "location", "location " + locationProblem);
    }
    String occurredAtProblem = StorableValues.problemWithInstant(e.occurredAt());
    if (occurredAtProblem != null) {
      return new Rejection(
          Reason.OCCURRED_AT_OUT_OF_RANGE, "occurredAt", "occurredAt " + occurredAtProblem);
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

  /** The event with its SKU and location codes normalised (SPEC §7); itself when they are. */
  private static InventoryEvent withNormalisedCodes(InventoryEvent e) {
    String sku = StorableValues.normaliseCode(e.sku());
    String location = StorableValues.normaliseCode(e.location());
    if (java.util.Objects.equals(sku, e.sku())
        && java.util.Objects.equals(location, e.location())) {
      return e;
    }
    return new InventoryEvent(e.id(), e.type(), sku, location, e.quantity(), e.occurredAt());
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
                target(l),
                l.acknowledged,
                InflationGuard.shown(this, l),
                l.queuedTarget));
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

  /** The listing's state as SPEC §7 shows it, read off the live state. */
  static ListingState shownState(Listing l) {
    if (!l.channel.enabled()) {
      return ListingState.DISABLED;
    }
    if (l.state == ListingState.FAILED) {
      return ListingState.FAILED;
    }
    if (l.queuedTarget != null) {
      return l.inFlightVersion == l.version ? ListingState.IN_FLIGHT : ListingState.QUEUED;
    }
    // HELD (an increase waiting for the order feed, SPEC §5) needs the account: InflationGuard.
    return holdsPending(l.sku) ? ListingState.WAITING : ListingState.IN_SYNC;
  }

  /** Whether the sync policy holds transactions of the SKU, or of a component of the bundle. */
  private static boolean holdsPending(SkuState s) {
    if (s.pending > 0) {
      return true;
    }
    if (s.componentStates != null) {
      for (SkuState part : s.componentStates) {
        if (part.pending > 0) {
          return true;
        }
      }
    }
    return false;
  }

  static long bundleAvailable(SkuState s) {
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

  /** Restores how many of a bundle's units are on open orders at a location. */
  public void restore(BundleOrdersRow row) {
    SkuState s = requireSku(row.bundle());
    LocationState l = locations.get(row.location());
    if (l == null) {
      throw new NotFoundException("location", row.location());
    }
    s.addOpenOrders(l, row.bundles());
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
    // A stored QUEUED only means "a push row exists", which restore(PushRow) sets again.
    l.state = row.state() == ListingState.FAILED ? ListingState.FAILED : ListingState.IN_SYNC;
    l.version = row.version();
    c.listings.add(l);
    s.addListing(l);
    // Stored before externalIds were unique per channel, two listings may share one: the first
    // keeps it, and a put of either with it again is judged against that one.
    c.byExternalId.putIfAbsent(l.externalId, l);
  }

  /** Restores a queued push onto its listing. */
  public void restore(PushRow row) {
    Listing l = requireListing(row.channelId(), row.sku());
    l.queue(row.target());
    l.version = Math.max(l.version, row.version());
    l.queuedAt = row.queuedAt() == null ? SkuState.NO_TIME : row.queuedAt().toEpochMilli();
    l.failures = row.failures();
    if (l.state != ListingState.FAILED) {
      l.state = ListingState.QUEUED;
    }
  }

  /**
   * Forgets what the channels acknowledged wherever a push of another figure is queued: the process
   * before may have sent it and died before the answer, so the channel shows the one figure or the
   * other, nobody knows which, until it confirms again. Unknown, so that no sync takes the push off
   * the queue as if the channel showed the old figure. In memory only: the stored rows still say
   * what was last confirmed. Called at the end of a restore.
   */
  void forgetAcknowledgedUnderQueuedPushes() {
    for (ChannelState c : channels.values()) {
      for (Listing l : c.listings) {
        if (l.queuedTarget != null
            && l.acknowledged != null
            && !l.acknowledged.equals(l.queuedTarget)) {
          l.acknowledged = null;
        }
      }
    }
  }

  /**
   * Links bundles to their components, recomputes available figures and staleness deadlines, and
   * forgets the acknowledged figures a queued push makes uncertain ({@link
   * #forgetAcknowledgedUnderQueuedPushes}).
   */
  public void finishRestore() {
    forgetAcknowledgedUnderQueuedPushes();
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
