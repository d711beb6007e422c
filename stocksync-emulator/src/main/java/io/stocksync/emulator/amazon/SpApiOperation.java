package io.stocksync.emulator.amazon;

/**
 * The Selling Partner API operations the Amazon emulator serves, each with its default usage plan
 * (requests per second and burst) as the official models state it in the operation's description
 * ({@code listingsItems_2021-08-01.json}, {@code feeds_2021-06-30.json}; also
 * https://developer-docs.amazon.com/sp-api/docs/feeds-api-rate-limits and
 * https://developer-docs.amazon.com/sp-api/docs/listings-items-api-rate-limits). Immutable.
 */
enum SpApiOperation {
  PATCH_LISTINGS_ITEM(5, 5),
  /** {@code listingsItems_2021-08-01.json}, getListingsItem: "Rate 5, Burst 10". */
  GET_LISTINGS_ITEM(5, 10),
  CREATE_FEED_DOCUMENT(0.5, 15),
  CREATE_FEED(0.0083, 15),
  GET_FEED(2, 15),
  CANCEL_FEED(2, 15),
  GET_FEED_DOCUMENT(0.0222, 10),
  /** {@code ordersV0.json}: "Rate 0.0167, Burst 20". */
  GET_ORDERS(0.0167, 20),
  /** {@code ordersV0.json}: "Rate 0.5, Burst 30". */
  GET_ORDER_ITEMS(0.5, 30);

  private final double rate;
  private final int burst;

  SpApiOperation(double rate, int burst) {
    this.rate = rate;
    this.burst = burst;
  }

  /** Requests per second restored to the operation's token bucket. */
  double rate() {
    return rate;
  }

  /** The operation's burst: the size of its token bucket. */
  int burst() {
    return burst;
  }

  /** The {@code x-amzn-RateLimit-Limit} header value: the rate, as in {@code 5.0}. */
  String rateLimitHeader() {
    return Double.toString(rate);
  }
}
