package io.stocksync.core.simulation;

import io.stocksync.core.channel.ChannelRules;
import java.util.List;
import java.util.Locale;

/**
 * How the simulator models one channel: its rules (SPEC §4), how many listing updates one
 * marketplace call carries, and its rate limit as a token bucket of calls. A call is taken to be
 * acknowledged the instant it is sent (no network latency, no failures): the simulator compares
 * policies, it does not predict a marketplace's answer times.
 *
 * @param name the channel's name in reports
 * @param itemsPerCall listing updates one call carries, at least 1
 * @param callsPerSecond calls the bucket refills a second; {@link Double#POSITIVE_INFINITY} for a
 *     marketplace that publishes no limit
 * @param burst calls the bucket holds at most, at least 1
 * @param rules the channel's rules for its targets
 */
public record ChannelModel(
    String name, int itemsPerCall, double callsPerSecond, double burst, ChannelRules rules) {

  public ChannelModel {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (itemsPerCall < 1) {
      throw new IllegalArgumentException("itemsPerCall must be 1 or more");
    }
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException("callsPerSecond must be more than 0");
    }
    if (!(burst >= 1)) {
      throw new IllegalArgumentException("burst must be 1 or more");
    }
    if (rules == null) {
      throw new IllegalArgumentException("rules are required");
    }
  }

  /**
   * Shopify: inventorySetQuantities takes up to 250 quantities (Shopify's input array cap); the
   * standard plan's cost bucket restores 100 points a second and holds 2,000 (the emulator's
   * figures), and a mutation costs 10 points: 10 calls a second, 200 at once. The exact cost of a
   * 250-item call is not published; 10 points is the emulator's cost of a mutation.
   */
  public static final ChannelModel SHOPIFY =
      new ChannelModel("shopify", 250, 10, 200, ChannelRules.DEFAULT);

  /**
   * Amazon: patchListingsItem, one item a call, 5 requests a second with a burst of 5 (its
   * published usage plan). The JSON_LISTINGS_FEED path the connector takes for 500 pushes or more
   * at once is not modelled: its processing time is not published.
   */
  public static final ChannelModel AMAZON =
      new ChannelModel("amazon", 1, 5, 5, ChannelRules.DEFAULT);

  /** Flipkart: 10 SKUs a call at 2 requests a second (the connector's defaults); burst 2. */
  public static final ChannelModel FLIPKART =
      new ChannelModel("flipkart", 10, 2, 2, ChannelRules.DEFAULT);

  /**
   * WooCommerce: 100 items a batch call; WooCommerce publishes no rate limit of its own (a host may
   * add one, which is unknown here), so the bucket never empties.
   */
  public static final ChannelModel WOOCOMMERCE =
      new ChannelModel("woocommerce", 100, Double.POSITIVE_INFINITY, 1, ChannelRules.DEFAULT);

  /** A seller's own webhook: 500 items a call (the connector's default batch), no limit. */
  public static final ChannelModel WEBHOOK =
      new ChannelModel("webhook", 500, Double.POSITIVE_INFINITY, 1, ChannelRules.DEFAULT);

  /** The five channel types, in the order reports list them. */
  public static final List<ChannelModel> STANDARD =
      List.of(SHOPIFY, AMAZON, FLIPKART, WOOCOMMERCE, WEBHOOK);

  /** The standard model of channel type {@code type} (case-insensitive). */
  public static ChannelModel standard(String type) {
    String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    for (ChannelModel m : STANDARD) {
      if (m.name.equals(t)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown channel type '"
            + type
            + "': one of shopify, amazon, flipkart, woocommerce, webhook");
  }

  /** This model under another name. */
  public ChannelModel withName(String newName) {
    return new ChannelModel(newName, itemsPerCall, callsPerSecond, burst, rules);
  }

  /** This model with other rules for its targets. */
  public ChannelModel withRules(ChannelRules newRules) {
    return new ChannelModel(name, itemsPerCall, callsPerSecond, burst, newRules);
  }

  /** Whether the marketplace publishes no rate limit: every call goes at once. */
  boolean unlimited() {
    return callsPerSecond == Double.POSITIVE_INFINITY;
  }
}
