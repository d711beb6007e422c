package io.stocksync.core.order;

import java.time.Instant;

/**
 * One order line as a marketplace reports it, by webhook or poll (SPEC §9). The same line may be
 * reported many times (a webhook, its retries, every overlapping poll), in any order.
 *
 * @param channelId the channel it came from
 * @param orderId the marketplace's order id
 * @param lineId the marketplace's id of the line within the order (unique within the order)
 * @param externalId the marketplace's own id for the item sold, as a listing's {@code externalId}
 *     holds it (a Shopify InventoryItem gid, a WooCommerce product id...); null when the report
 *     does not carry it
 * @param marketplaceSku the seller's SKU code as the marketplace shows it on the line; null when
 *     none
 * @param quantity units on the line, greater than 0
 * @param state where the marketplace says the line stands
 * @param reportedAt the marketplace's time of this state (its order's last update); null when
 *     unknown
 */
public record OrderLine(
    String channelId,
    String orderId,
    String lineId,
    String externalId,
    String marketplaceSku,
    long quantity,
    OrderLineState state,
    Instant reportedAt) {

  /** The key of this line within its account: channel, order and line. */
  public String key() {
    return OrderBook.key(channelId, orderId, lineId);
  }
}
