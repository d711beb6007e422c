package io.stocksync.channels.order;

import java.time.Duration;
import java.util.Objects;

/**
 * A poll that the marketplace's own pacing refuses for now: its usage plan (Amazon's getOrders,
 * Flipkart's request rate, Shopify's cost bucket, an HTTP 429 with {@code Retry-After}) allows the
 * next call only {@link #retryIn} from now. Not a failure of the feed: the schedule polls again at
 * that time, from the same cursor, without backing off (SPEC §9: "within the marketplace's
 * published limits"). Thrown by {@link OrderFeed#read}; immutable.
 */
public final class OrderFeedPaced extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The wait a marketplace that names none is given: one second. */
  public static final Duration UNSTATED = Duration.ofSeconds(1);

  private final transient Duration retryIn;

  /**
   * @param message what refused the call and when it may go, for the feed's log and state
   * @param retryIn how long until the marketplace allows the next call; zero or negative is read as
   *     {@link #UNSTATED}
   */
  public OrderFeedPaced(String message, Duration retryIn) {
    super(message);
    Objects.requireNonNull(retryIn, "retryIn");
    this.retryIn = retryIn.isNegative() || retryIn.isZero() ? UNSTATED : retryIn;
  }

  /** How long until the marketplace allows the next call; never zero or negative. */
  public Duration retryIn() {
    return retryIn;
  }
}
