package io.stocksync.core.order;

import java.util.List;

/**
 * What the order mapping needs to know of an account: which SKU a channel's item is, and where the
 * channel's orders are booked. Read-only; called on the account's writer only.
 */
public interface ListingCatalog {

  /**
   * The SKU of the listing that the channel's marketplace knows by {@code externalId}; else the SKU
   * listed on that channel whose code equals {@code marketplaceSku} (the seller's code as the
   * marketplace shows it on the order line); else null. Either argument may be null.
   */
  String skuFor(String channelId, String externalId, String marketplaceSku);

  /**
   * The channel's {@code settings.orderLocation}, or null when it has none (or the location is not
   * known to the account).
   */
  String orderLocation(String channelId);

  /**
   * The channel's sellable locations in the channel's order (its {@code locations} list; for a
   * channel that draws from every sellable location, by code). Empty when it has none.
   */
  List<String> sellableLocations(String channelId);

  /** Whether {@code sku}'s available at {@code location} is at least {@code quantity}. */
  boolean covers(String sku, String location, long quantity);
}
