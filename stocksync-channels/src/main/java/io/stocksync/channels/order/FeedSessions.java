package io.stocksync.channels.order;

import io.stocksync.channels.ChannelSessions;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The order feeds that must outlive one poll pass: a feed holding a marketplace's usage plans and
 * an access token (Amazon's, Flipkart's) is kept per channel as configured, so that the next pass
 * spends the same buckets and reuses the token. A change of the channel's settings or credentials
 * makes a new feed. Keys hold a digest of the credentials, never the credentials.
 *
 * <p>Thread-safe. Feeds of replaced configurations are not dropped (one small object per edit).
 */
final class FeedSessions {
  private static final Map<String, OrderFeed> FEEDS = new ConcurrentHashMap<>();

  private FeedSessions() {}

  static OrderFeed of(
      ChannelRow channel, Map<String, String> credentials, Supplier<OrderFeed> fresh) {
    String key = ChannelSessions.key(channel, credentials);
    return FEEDS.computeIfAbsent(key, k -> fresh.get());
  }
}
