package io.stocksync.core.channel;

/**
 * Where a listing stands with its channel, as {@code GET /v1/skus/{sku}} shows it (SPEC §7). Only
 * {@link #QUEUED}, {@link #IN_SYNC} and {@link #FAILED} are ever stored on a listing's row; the
 * others are read off the live state when the listing is shown.
 */
public enum ListingState {
  /**
   * The sync policy holds pending transactions of the SKU (or of a component of the bundle): the
   * channel shows the last synced figure by design, until the next sync (SPEC §3).
   */
  WAITING,
  /** A push of the current target is queued and not yet sent. */
  QUEUED,
  /** A push of the current target has been sent and its answer has not yet been recorded. */
  IN_FLIGHT,
  /**
   * An increase waits for the channel's order feed to catch up (SPEC §5). Defined by the contract;
   * nothing produces it yet, because the order feed (SPEC §9) does not exist yet.
   */
  HELD,
  /** Nothing to send: the channel acknowledged the current target (or there is no target yet). */
  IN_SYNC,
  /**
   * The push failed for good: a permanent error, or its retry budget is used up. It stays visible
   * with the marketplace's reason and is retried at the next sync or by an operator.
   */
  FAILED,
  /** Its channel is disabled: nothing is sent to it. */
  DISABLED
}
