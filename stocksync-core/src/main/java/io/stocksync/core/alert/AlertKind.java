package io.stocksync.core.alert;

/**
 * What an alert is about (SPEC §10). Each kind has its own subject: a SKU (and location), a
 * listing, or a channel.
 */
public enum AlertKind {
  /** Available at or below its {@code alertAt}; subject: the SKU, or the SKU at one location. */
  LOW_STOCK,
  /** Available below 0 (a bundle's too); subject: the SKU. */
  OVERSOLD,
  /** A listing is {@code FAILED}; subject: the listing (channel and SKU). */
  PUSH_FAILED,
  /** A listing's target unacknowledged for longer than the lag bound; subject: the channel. */
  CHANNEL_LAGGING,
  /** A channel's order watermark is too old (raised by the order feed); subject: the channel. */
  ORDER_FEED_STALLED,
  /** An order line with no listing (raised by the order feed); subject: the channel. */
  UNMATCHED_ORDER,
  /** A held figure the order feed cannot explain (raised by read-back); subject: the listing. */
  DRIFT,
  /** The marketplace refuses the channel's credentials; subject: the channel. */
  CREDENTIALS_REJECTED
}
