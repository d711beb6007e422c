package io.stocksync.core.port;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.event.EventType;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import java.time.Instant;
import java.util.List;

/**
 * The rows the store keeps, as immutable values. The core produces them (in a {@link WriteSet}) and
 * reads them back at start-up (through a {@link StoredStateVisitor}); a repository maps them to
 * tables.
 */
public final class Rows {

  private Rows() {}

  /** One seller, with the account-wide sync policy. */
  public record AccountRow(String id, String name, SyncPolicy policy, Instant createdAt) {}

  /** A warehouse or store of an account. */
  public record LocationRow(String accountId, String code, String name, boolean sellable) {}

  /**
   * A SKU's configuration: its name, its components (empty for a plain SKU) and its policy override
   * ({@link PolicyOverride#NONE} when it has none).
   */
  public record SkuRow(
      String accountId,
      String sku,
      String name,
      List<Component> components,
      PolicyOverride policy) {}

  /**
   * A SKU's sync state: transactions since its last sync, the time of the oldest of them (null when
   * none) and the time of the last sync (null before the first).
   */
  public record SkuSyncRow(
      String accountId, String sku, long pending, Instant oldestPendingAt, Instant lastSyncedAt) {}

  /** The balance of one SKU at one location. */
  public record BalanceRow(
      String accountId, String sku, String location, long onHand, long reserved) {}

  /**
   * One line of the append-only ledger: one transaction of one event. Never updated.
   *
   * @param line 0 for a plain SKU's event; 0..k−1 for the components of a bundle event
   * @param quantity the transaction's units as the event gave them (for a bundle, component units)
   */
  public record LedgerRow(
      String accountId,
      String eventId,
      int line,
      EventType type,
      String sku,
      String location,
      long quantity,
      long onHandDelta,
      long reservedDelta,
      Instant occurredAt,
      Instant recordedAt) {}

  /**
   * A channel of an account. {@code settingsJson} and {@code credentials} are opaque to the core
   * (the connectors read them; credentials are stored encrypted by the layer that writes them).
   *
   * @param locations the location codes it draws from; empty means every sellable location
   */
  public record ChannelRow(
      String accountId,
      String id,
      String type,
      String baseUrl,
      String settingsJson,
      String credentials,
      List<String> locations,
      boolean enabled,
      ChannelRules rules) {}

  /**
   * A SKU on a channel, with the channel's own ids ({@code externalId}, and the rest as opaque
   * JSON) and what the channel last acknowledged.
   *
   * @param acknowledged the last quantity the channel confirmed; null before the first
   * @param version the version of the latest target queued for it (0 before the first)
   */
  public record ListingRow(
      String accountId,
      String channelId,
      String sku,
      String externalId,
      String fieldsJson,
      Long acknowledged,
      Instant acknowledgedAt,
      ListingState state,
      long version) {}

  /**
   * The queued push of one listing: only its latest target (SPEC §5), at most one row per listing.
   */
  public record PushRow(
      String accountId,
      String channelId,
      String sku,
      long target,
      long version,
      Urgency urgency,
      Instant queuedAt) {}

  /** A push taken off the queue because a newer target equals what the channel already has. */
  public record PushRemoval(String accountId, String channelId, String sku) {}

  /**
   * One delivery attempt of a push to a channel (SPEC §5: listing, quantity, time, marketplace
   * status, error). Append-only: written once, never updated.
   *
   * @param version the version of the target that was sent
   * @param status the outcome in the dispatcher's words: {@code ACKNOWLEDGED}, {@code FAILED},
   *     {@code THROTTLED}, {@code TIMEOUT}, {@code STALE}, {@code NOT_APPLIED}
   * @param httpStatus the marketplace's HTTP status; null when no answer came
   * @param error what went wrong, for people (never credentials); null when nothing did
   */
  public record PushAttemptRow(
      String accountId,
      String channelId,
      String sku,
      long quantity,
      long version,
      Instant attemptedAt,
      String status,
      Integer httpStatus,
      String error) {}

  /** Something an operator should see, such as an {@code OVERSOLD} SKU. */
  public record AlertRow(
      String accountId, String kind, String sku, String detail, Instant raisedAt) {}
}
