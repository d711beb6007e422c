package io.stocksync.core.port;

import io.stocksync.core.order.OrderLineState;
import java.time.Instant;

/** The rows of the order feed (SPEC §9): kept order lines and each channel's feed state. */
public final class OrderRows {
  private OrderRows() {}

  /**
   * One order line as StockSync keeps it: what the marketplace last reported and what became of it.
   * Upserted by (account, channel, order, line).
   *
   * @param sku the SKU it was matched to; null while unmatched (no listing has its id)
   * @param location where it is booked; null while unmatched
   * @param placedBooked whether its {@code :placed} event is in the ledger
   * @param cancelledBooked whether its {@code :cancelled} event is in the ledger
   * @param shippedBooked whether its {@code :shipped} event is in the ledger
   * @param error why the ledger refused one of its events, for people; null when none did
   * @param firstSeenAt when StockSync first heard of the line
   * @param updatedAt when StockSync last changed this row
   */
  public record OrderLineRow(
      String accountId,
      String channelId,
      String orderId,
      String lineId,
      String externalId,
      String marketplaceSku,
      long quantity,
      OrderLineState state,
      Instant reportedAt,
      String sku,
      String location,
      boolean placedBooked,
      boolean cancelledBooked,
      boolean shippedBooked,
      String error,
      Instant firstSeenAt,
      Instant updatedAt) {

    /** Whether no listing has claimed this line yet. */
    public boolean unmatched() {
      return sku == null;
    }
  }

  /**
   * The order feed of one channel: its polling cursor and watermark. Upserted by (account,
   * channel); written in the same transaction as the order lines a poll brought.
   *
   * @param cursor the connector's opaque position to poll from next (an instant, a page token);
   *     null before the first poll
   * @param watermark the marketplace time up to which every order of the channel is known to be
   *     booked (SPEC §9); null before the first complete poll
   * @param lastPollAt when the last poll completed; null before the first
   * @param webhookRegistered whether the marketplace's webhooks are registered for the channel
   * @param lastError why the last poll failed, for people; null when it did not
   */
  public record OrderFeedRow(
      String accountId,
      String channelId,
      String cursor,
      Instant watermark,
      Instant lastPollAt,
      boolean webhookRegistered,
      String lastError) {}
}
