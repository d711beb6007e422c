package io.stocksync.core.channel;

/** Where a listing stands with its channel. */
public enum ListingState {
  /** Nothing to send: the channel acknowledged the current target (or no target yet). */
  IN_SYNC,
  /** A push is queued. */
  PENDING,
  /** The last push ran out of retries; it is retried at the next sync or by an operator. */
  FAILED
}
