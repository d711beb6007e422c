package io.stocksync.server.readback;

import java.util.concurrent.CompletableFuture;

/**
 * Polls a channel's order feed at once for the read-back (SPEC §12: a figure that differs is
 * compared again after the feed was polled): in a running server the order feed schedule's {@code
 * pollNow}. The future completes once a pass that started after the call has ended, failed or not,
 * or at once when the channel has no polled feed.
 */
@FunctionalInterface
public interface FeedPoll {
  CompletableFuture<?> pollNow(String accountId, String channelId);

  /** No feed to poll. */
  FeedPoll NONE = (account, channel) -> CompletableFuture.completedFuture(null);
}
