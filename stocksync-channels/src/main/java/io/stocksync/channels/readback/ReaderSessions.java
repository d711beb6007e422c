package io.stocksync.channels.readback;

import io.stocksync.channels.ChannelSessions;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The level readers of the channels as configured: a reader holds its read share and its access
 * token (Amazon's, Flipkart's), which must outlive one read-back pass, so one is kept per channel
 * configuration, as the order feeds are. A change of the channel's settings or credentials makes a
 * new reader. Keys hold a digest of the credentials, never the credentials.
 *
 * <p>Thread-safe. Readers of replaced configurations are not dropped (one small object per edit).
 */
final class ReaderSessions {
  private static final Map<String, LevelReader> READERS = new ConcurrentHashMap<>();

  private ReaderSessions() {}

  static LevelReader of(
      ChannelRow channel, Map<String, String> credentials, Supplier<LevelReader> fresh) {
    String key = ChannelSessions.key(channel, credentials);
    return READERS.computeIfAbsent(key, k -> fresh.get());
  }
}
