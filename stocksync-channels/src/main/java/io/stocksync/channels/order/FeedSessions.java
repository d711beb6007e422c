package io.stocksync.channels.order;

import io.stocksync.core.port.Rows.ChannelRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
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
    String key =
        String.join(
            "\u0000",
            channel.accountId(),
            channel.id(),
            channel.type(),
            String.valueOf(channel.baseUrl()),
            String.valueOf(channel.settingsJson()),
            digest(credentials));
    return FEEDS.computeIfAbsent(key, k -> fresh.get());
  }

  private static String digest(Map<String, String> credentials) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(credentials)
          .forEach(
              (k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
              });
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
