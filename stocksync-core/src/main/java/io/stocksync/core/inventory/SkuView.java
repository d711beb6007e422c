package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import java.time.Instant;
import java.util.List;

/**
 * A SKU as {@code GET /v1/skus/{sku}} shows it (SPEC §7): balances, sync state and listings.
 *
 * @param components empty for a plain SKU
 */
public record SkuView(
    String sku,
    String name,
    List<Component> components,
    long onHand,
    long reserved,
    long available,
    List<LocationBalance> locations,
    SyncView sync,
    List<ListingView> listings) {

  /** The balance at one location. */
  public record LocationBalance(String code, long onHand, long reserved) {}

  /** The SKU's sync state: transactions waiting, and when it last synced (null: never). */
  public record SyncView(long pending, Instant lastSyncedAt) {}

  /**
   * One listing: its current target, what its channel last acknowledged (null: nothing yet), its
   * state, and the target of the queued push (null: none queued).
   */
  public record ListingView(
      String channel,
      String externalId,
      long target,
      Long acknowledged,
      ListingState state,
      Long queued) {}
}
