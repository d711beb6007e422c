package io.stocksync.channels;

/** The outcome of one attempt, as the attempt log names it. */
public enum AttemptStatus {
  /** The marketplace confirmed the quantity. */
  ACKNOWLEDGED,
  /** The marketplace refused this item (a per-item error, or a request-level 4xx). Charged. */
  REJECTED,
  /** The marketplace's compare-and-set saw another figure than expected. Charged. */
  STALE,
  /** Not applied because another item of the same all-or-nothing call failed. Not charged. */
  NOT_APPLIED,
  /** Rate-limited: nothing applied, sent again once the limit allows. Not charged. */
  THROTTLED,
  /** A server error (5xx): perhaps applied; the same call is sent again. Charged. */
  SERVER_ERROR,
  /**
   * No answer in time, or the connection failed: perhaps applied; sent again as it was. Charged.
   */
  TIMEOUT,
  /** The channel cannot be used as configured (no connector, missing settings). Charged. */
  MISCONFIGURED
}
