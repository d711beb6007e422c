package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import java.time.Duration;
import java.time.Instant;

/**
 * What the ledger knows of a channel's health (SPEC §13: last acknowledgement, lag, failures, order
 * watermark), read from the account's state. The dispatcher's side (the rate budget in use, a
 * pause) is added by the server.
 *
 * @param lastAcknowledgedAt the latest acknowledgement of any of its listings; null when none
 * @param lag how long its oldest unacknowledged target has waited (zero when none waits), counted
 *     as {@code CHANNEL_LAGGING} counts it
 * @param failed its listings in {@code FAILED}
 * @param orderWatermark the marketplace time up to which its order feed has read every order; null
 *     when it has no feed or has not caught up once
 * @param lastPollAt when its order feed last read the marketplace; null when never
 */
public record ChannelHealth(
    Instant lastAcknowledgedAt,
    Duration lag,
    int failed,
    Instant orderWatermark,
    Instant lastPollAt) {

  /** The health of {@code channelId}; throws {@link NotFoundException} when there is none. */
  public static ChannelHealth of(AccountState account, String channelId, Instant now) {
    ChannelState c = account.channelState(channelId);
    long nowMillis = now.toEpochMilli();
    long lastAck = SkuState.NO_TIME;
    int failed = 0;
    for (Listing l : c.listings) {
      if (l.acknowledgedAt != SkuState.NO_TIME && l.acknowledgedAt > lastAck) {
        lastAck = l.acknowledgedAt;
      }
      if (l.state == ListingState.FAILED) {
        failed++;
      }
    }
    long oldest = nowMillis;
    if (c.enabled()) {
      for (Listing l : c.queued) {
        Long seen = account.alerts().unacknowledgedSince.get(l);
        long since = seen != null ? seen : l.queuedAt == SkuState.NO_TIME ? nowMillis : l.queuedAt;
        oldest = Math.min(oldest, since);
      }
    }
    OrderFeedRow feed = account.orders().feed(channelId);
    return new ChannelHealth(
        lastAck == SkuState.NO_TIME ? null : Instant.ofEpochMilli(lastAck),
        Duration.ofMillis(Math.max(0, nowMillis - oldest)),
        failed,
        feed == null ? null : feed.watermark(),
        feed == null ? null : feed.lastPollAt());
  }
}
