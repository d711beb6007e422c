package io.stocksync.core.inventory;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.policy.SyncTrigger;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.BundleOrdersRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The in-memory state of one account and the rules that move it: the ledger arithmetic of SPEC §2,
 * the sync policy of §3 and the channel targets of §4. Every change is recorded in the {@link
 * Changes} passed in, to be made durable by the caller; nothing here does I/O or reads a clock.
 *
 * <p>The root of the account: it holds the locations, SKUs and channels and answers for them, and
 * hands each noun to a collaborator of this package behind the same public methods — {@link
 * ConfigPuts} and {@link ConfigDeletions} (configuration), {@link EventApplication} with {@link
 * EventValidation} (events), {@link StalenessSchedule} (the lag bound), {@link ListingTargets} and
 * {@link BundleComponents} (what each listing is sent), {@link PushOutcomes} (a channel's answers),
 * {@link SkuViews} (reading) and {@link AccountRestore} (start-up).
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
  private final StalenessSchedule staleness = new StalenessSchedule();
  private final AccountAlerts alerts;
  private final io.stocksync.core.order.OrderBook orders = new io.stocksync.core.order.OrderBook();

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
    return channelState(channelId).row;
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
    SkuState s = skus.get(sku);
    if (s == null) {
      throw new NotFoundException("SKU", sku);
    }
    return s;
  }

  /**
   * One channel's state; throws {@link NotFoundException} when unknown. For {@link PushPlanner}.
   */
  ChannelState channelState(String channelId) {
    ChannelState c = channels.get(channelId);
    if (c == null) {
      throw new NotFoundException("channel", channelId);
    }
    return c;
  }

  /** The listing of {@code sku} on {@code channelId}; throws {@link NotFoundException} if none. */
  Listing listing(String channelId, String sku) {
    ChannelState c = channelState(channelId);
    Listing l = skuState(sku).listingOn(c);
    if (l == null) {
      throw new NotFoundException("listing", channelId + "/" + sku);
    }
    return l;
  }

  /** The account's staleness deadlines, for {@link EventApplication}. */
  StalenessSchedule staleness() {
    return staleness;
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
    staleness.reschedule(skus.values(), policy);
  }

  /**
   * Merges {@code override} into the SKU's own policy (fields it leaves null stay as they were); if
   * the SKU waits and its new policy would sync it now, it syncs at once (see {@link #setPolicy}).
   */
  public void setSkuPolicy(String sku, PolicyOverride override, Instant now, Changes out) {
    SkuState s = skuState(sku);
    s.override = s.override.merge(override);
    out.sku(s.row());
    syncIfDueUnderPolicy(s, now, out);
    staleness.reschedule(skus.values(), policy);
  }

  /** The SKU follows the account's policy again: its own is cleared (SPEC §7). */
  public void clearSkuPolicy(String sku, Instant now, Changes out) {
    skuState(sku).override = PolicyOverride.NONE;
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
    ConfigPuts.putLocation(this, code, locationName, sellable, now, out);
  }

  /**
   * Creates or updates a SKU. With components it is a bundle: every component must be a plain SKU
   * of this account, listed once, with a quantity of 1 or more; a SKU that holds stock cannot
   * become a bundle.
   */
  public void putSku(
      String sku, String skuName, List<Component> components, Instant now, Changes out) {
    ConfigPuts.putSku(this, sku, skuName, components, now, out);
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
    ConfigPuts.requireSellableLocation(this, codes);
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
    ConfigPuts.putChannel(this, row, settingsMoved, now, out);
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
    ConfigPuts.putListing(this, channelId, sku, externalId, fieldsJson, now, out);
  }

  // ---------------------------------------------------------------- push outcomes

  /**
   * Records that the channel confirmed {@code quantity} for the listing at {@code version}. If no
   * newer target was queued since, the queued push is done; otherwise the newer one stays queued.
   */
  public void acknowledge(
      String channelId, String sku, long version, long quantity, Instant now, Changes out) {
    PushOutcomes.acknowledge(this, listing(channelId, sku), version, quantity, now, out);
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
    PushOutcomes.mayHaveApplied(listing(channelId, sku), version, quantity, now, out);
  }

  /** Marks the listing's push as failed after its retry budget; it is retried at the next sync. */
  public void markFailed(String channelId, String sku, Changes out) {
    PushOutcomes.markFailed(listing(channelId, sku), out);
  }

  // ---------------------------------------------------------------- events

  /**
   * Applies one event (SPEC §2) and the sync policy (§3) to every transaction it makes. Either the
   * whole event applies, or it is rejected and nothing changes. Duplicate detection is the
   * caller's: by the time an event reaches here its id is known to be new.
   */
  public EventResult apply(InventoryEvent e, Instant now, Changes out) {
    return EventApplication.apply(this, e, now, out);
  }

  /**
   * Syncs every SKU whose oldest pending transaction has waited its maximum staleness by {@code
   * now} (SPEC §3 step 4). Returns how many synced.
   */
  public int syncStale(Instant now, Changes out) {
    int synced = 0;
    for (SkuState s = staleness.pollDue(now.toEpochMilli());
        s != null;
        s = staleness.pollDue(now.toEpochMilli())) {
      sync(s, SyncTrigger.STALENESS, now, out);
      synced++;
    }
    return synced;
  }

  /** The earliest instant at which {@link #syncStale} has work, or null when none is pending. */
  public Instant nextStalenessDeadline() {
    return staleness.next();
  }

  /**
   * Syncs {@code sku} at once, whatever its policy says (an operator's "sync now"): every listing
   * of it and of the bundles that contain it gets its current target.
   */
  public void syncNow(String sku, Instant now, Changes out) {
    sync(skuState(sku), SyncTrigger.CONFIGURATION, now, out);
  }

  /**
   * Syncs {@code s} (SPEC §3): its pending transactions are done with, and every listing of it and
   * of the bundles that contain it gets its current target. {@code trigger} says which rule fired.
   */
  void sync(SkuState s, SyncTrigger trigger, Instant now, Changes out) {
    s.pending = 0;
    s.oldestPendingAt = SkuState.NO_TIME;
    s.lastSyncedAt = now.toEpochMilli();
    out.syncChanged(s);
    ListingTargets.refreshListings(s, now, out);
  }

  static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "is required");
    }
  }

  // ---------------------------------------------------------------- reading

  /** The SKU as the HTTP contract shows it; throws {@link NotFoundException} when unknown. */
  public SkuView view(String sku) {
    return SkuViews.of(this, skuState(sku));
  }

  /** The available figure of a SKU (SPEC §1; for a bundle, §4 over all sellable locations). */
  public long available(String sku) {
    SkuState s = skuState(sku);
    return s.isBundle() ? BundleComponents.available(s) : s.available;
  }

  /** Visits every SKU's view, in no particular order. */
  public void forEachSku(Consumer<SkuView> visitor) {
    for (String code : skus.keySet()) {
      visitor.accept(view(code));
    }
  }

  // ---------------------------------------------------------------- rows and restore

  /** Restores a stored location (start-up only; records nothing). */
  public void restore(LocationRow row) {
    AccountRestore.location(this, row);
  }

  /**
   * Restores a stored SKU. Components may name SKUs restored later: they are linked by {@link
   * #finishRestore()}.
   */
  public void restore(SkuRow row) {
    AccountRestore.sku(this, row);
  }

  /** Restores a SKU's stored sync state. */
  public void restore(SkuSyncRow row) {
    AccountRestore.sync(this, row);
  }

  /** Restores a stored balance. */
  public void restore(BalanceRow row) {
    AccountRestore.balance(this, row);
  }

  /** Restores how many of a bundle's units are on open orders at a location. */
  public void restore(BundleOrdersRow row) {
    AccountRestore.bundleOrders(this, row);
  }

  /** Restores a stored channel. */
  public void restore(ChannelRow row) {
    AccountRestore.channel(this, row);
  }

  /** Restores a stored listing. */
  public void restore(ListingRow row) {
    AccountRestore.listing(this, row);
  }

  /** Restores a queued push onto its listing. */
  public void restore(PushRow row) {
    AccountRestore.push(this, row);
  }

  /**
   * Forgets what the channels acknowledged wherever a push of another figure is queued: the process
   * before may have sent it and died before the answer, so the channel shows the one figure or the
   * other, nobody knows which, until it confirms again. Unknown, so that no sync takes the push off
   * the queue as if the channel showed the old figure. In memory only: the stored rows still say
   * what was last confirmed. Called at the end of a restore.
   */
  void forgetAcknowledgedUnderQueuedPushes() {
    AccountRestore.forgetAcknowledgedUnderQueuedPushes(this);
  }

  /**
   * Links bundles to their components, recomputes available figures and staleness deadlines, and
   * forgets the acknowledged figures a queued push makes uncertain ({@link
   * #forgetAcknowledgedUnderQueuedPushes}).
   */
  public void finishRestore() {
    forgetAcknowledgedUnderQueuedPushes();
    AccountRestore.linkAndRecompute(this);
    staleness.reschedule(skus.values(), policy);
  }
}
