package io.stocksync.emulator.storefront;

/**
 * Where an emulated order is in its life (SPEC §8). Each marketplace names these states its own way
 * in its order API (Shopify {@code displayFulfillmentStatus}/{@code cancelledAt}, Amazon {@code
 * OrderStatus}, Flipkart item {@code status}, WooCommerce {@code status}).
 */
public enum OrderState {
  /** Bought, not shipped: the units are off the held figure. */
  PLACED,
  /** Cancelled before shipping: the units went back on the held figure. */
  CANCELLED,
  /** Shipped to the customer. */
  SHIPPED,
  /** Shipped, then returned by the customer; the units do not come back on the held figure. */
  RETURNED
}
