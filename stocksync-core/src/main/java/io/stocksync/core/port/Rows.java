package io.stocksync.core.port;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.alert.AlertSubject;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.event.EventType;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.inventory.StorableValues;
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
   * How many of a bundle's units are on open orders at a location (placed, less cancelled and
   * shipped): what its components hold reserved for it. {@code bundles == 0} deletes the row.
   */
  public record BundleOrdersRow(String accountId, String bundle, String location, long bundles) {}

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
   *
   * @param failures charged failures of this version so far: its retry budget spent (SPEC §5: the
   *     budget survives a restart); 0 for a new target
   */
  public record PushRow(
      String accountId,
      String channelId,
      String sku,
      long target,
      long version,
      Urgency urgency,
      Instant queuedAt,
      int failures) {

    /** A push with nothing of its retry budget spent yet. */
    public PushRow(
        String accountId,
        String channelId,
        String sku,
        long target,
        long version,
        Urgency urgency,
        Instant queuedAt) {
      this(accountId, channelId, sku, target, version, urgency, queuedAt, 0);
    }
  }

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
      String error) {

    /** The error as both stores can hold it: it is the marketplace's text, not ours. */
    public PushAttemptRow {
      error = StorableValues.storableText(error, StorableValues.MAX_FOREIGN_TEXT_LENGTH);
    }
  }

  /**
   * One alert as it now stands (SPEC §10): written when it opens and again when it resolves, with
   * the same {@code id}. {@code sku}, {@code channel} and {@code location} name its subject (null
   * where the kind's subject has none).
   *
   * @param id the account's own sequence number of the alert
   * @param resolvedAt null while open
   * @param details what the engine saw when it opened, for people
   */
  public record AlertRow(
      String accountId,
      long id,
      AlertKind kind,
      AlertState state,
      String sku,
      String channel,
      String location,
      Instant openedAt,
      Instant resolvedAt,
      String details) {

    /** The subject this alert is open for. */
    public AlertSubject subject() {
      return new AlertSubject(kind, sku, channel, location);
    }

    /** The same alert, resolved at {@code when}. */
    public AlertRow resolvedAt(Instant when) {
      return new AlertRow(
          accountId,
          id,
          kind,
          AlertState.RESOLVED,
          sku,
          channel,
          location,
          openedAt,
          when,
          details);
    }
  }

  /**
   * One {@code alertAt} setting (SPEC §10): the account's default ({@code sku} null), a SKU's own
   * ({@code location} null) or a SKU's at one location. A null {@code alertAt} deletes it.
   */
  public record AlertThresholdRow(String accountId, String sku, String location, Long alertAt) {}
}
