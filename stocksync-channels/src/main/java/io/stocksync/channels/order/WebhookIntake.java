package io.stocksync.channels.order;

import io.stocksync.core.order.OrderLine;
import java.time.Instant;
import java.util.List;

/**
 * A channel's webhooks (SPEC §9): the marketplace's own signature over the raw body, and the order
 * lines its payload carries. Immutable and thread-safe; called by the hook route for each delivery.
 */
public interface WebhookIntake {

  /** The headers of a delivery, by name, case-insensitively; null for an absent header. */
  @FunctionalInterface
  interface Headers {
    String get(String name);
  }

  /**
   * Whether the delivery is signed by the marketplace with this channel's secret, compared in
   * constant time. False when the channel has no secret to check with.
   */
  boolean verified(Headers headers, byte[] body, Instant now);

  /**
   * The order lines of a verified delivery, in the marketplace's shape as the channel's type
   * defines it; empty for a topic that carries no order lines.
   *
   * @throws IllegalArgumentException naming what is missing when the payload is not an order
   */
  List<OrderLine> lines(String channelId, Headers headers, byte[] body);
}
