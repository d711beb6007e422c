package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.port.Rows.ListingRow;

/** A SKU on a channel, with its queued push if any. Mutable; confined to the account's writer. */
final class Listing {
  final ChannelState channel;
  final SkuState sku;
  String externalId;
  String fieldsJson;

  Long acknowledged;
  long acknowledgedAt = SkuState.NO_TIME;
  ListingState state = ListingState.IN_SYNC;

  /** The version of the latest queued target; grows by one with each new target. */
  long version;

  /**
   * The queued target, or null when nothing is queued. Set through {@link #queue}/{@link #dequeue}.
   */
  Long queuedTarget;

  long queuedAt = SkuState.NO_TIME;

  /**
   * Charged failures of the queued version ({@link #version}): its retry budget spent so far. A
   * newer target starts again at 0; stored on the push row, so it survives a restart.
   */
  int failures;

  /**
   * The first version sent to the listing's current place (its externalId, its channel's baseUrl,
   * store and locations). An answer for an older version came from the old place: it says nothing
   * about what the new place holds. In memory only: after a restart nothing older is in flight.
   */
  long placeSince;

  /**
   * When the marketplace last refused this listing's compare-and-set as stale (it had sold units
   * the ledger had not heard of): its increases then wait for the order feed to pass that moment
   * (SPEC §5), acknowledgements since included (what they acknowledged may count those units); once
   * the feed's watermark has passed it, it holds nothing back. In memory only: after a restart the
   * next increase tries the compare again, and a stale answer sets it again.
   */
  long staleAt = SkuState.NO_TIME;

  /** The version the dispatcher has sent and not yet settled; 0 when none. Not stored. */
  long inFlightVersion;

  /** Whether a push of another figure than the queued one may still land: one is in flight. */
  boolean mayLandAnother() {
    return inFlightVersion != 0;
  }

  boolean pushDirty;
  boolean rowDirty;

  Listing(ChannelState channel, SkuState sku) {
    this.channel = channel;
    this.sku = sku;
  }

  /** Queues {@code target}, keeping the channel's index of queued listings in step. */
  void queue(long target) {
    if (queuedTarget == null) {
      channel.queued.add(this);
    }
    queuedTarget = target;
  }

  /** Takes the queued target off the queue, keeping the channel's index in step. */
  void dequeue() {
    if (queuedTarget != null) {
      channel.queued.remove(this);
    }
    queuedTarget = null;
  }

  /** The listing's row as the store keeps it. */
  ListingRow row() {
    return new ListingRow(
        sku.accountId,
        channel.id,
        sku.code,
        externalId,
        fieldsJson,
        acknowledged,
        Changes.instant(acknowledgedAt),
        state,
        version);
  }
}
