package io.stocksync.core.port;

import io.stocksync.core.port.Rows.ChannelRow;

/**
 * A configuration object deleted (SPEC §7's {@code DELETE} routes), as a {@link WriteSet} carries
 * it. A repository deletes the object's rows and the rows that only exist for it (a SKU's balances
 * and components, a channel's locations, listings and queued pushes, a listing's queued push); the
 * ledger and the attempt log are history and stay. Immutable.
 */
public sealed interface ConfigRemoval {

  /** The account the object belonged to. */
  String accountId();

  /** A location that held no stock and fed no channel: its zero balance rows go with it. */
  record LocationRemoval(String accountId, String code) implements ConfigRemoval {}

  /** A SKU that held no stock and was no component: its listings and pushes go with it. */
  record SkuRemoval(String accountId, String sku) implements ConfigRemoval {}

  /**
   * A channel, with its listings, queued pushes and order feed state; {@code row} is the channel as
   * it was last stored (its credentials as stored), for whoever must tidy up at the marketplace.
   */
  record ChannelRemoval(String accountId, String channelId, ChannelRow row)
      implements ConfigRemoval {}

  /** One listing of a SKU on a channel, with its queued push. */
  record ListingRemoval(String accountId, String channelId, String sku) implements ConfigRemoval {}
}
