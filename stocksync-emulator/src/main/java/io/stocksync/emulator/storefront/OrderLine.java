package io.stocksync.emulator.storefront;

/**
 * One line of an emulated order.
 *
 * @param lineId the marketplace's id of the line (Shopify line item, Amazon {@code OrderItemId},
 *     Flipkart {@code orderItemId}, WooCommerce line item id)
 * @param listing the listing bought, keyed as in {@code /emulator/{m}/quantities}
 * @param quantity the units bought, at least 1
 */
public record OrderLine(String lineId, String listing, long quantity) {}
