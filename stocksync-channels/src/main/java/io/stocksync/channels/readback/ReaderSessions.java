package io.stocksync.channels.readback;

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
    String key =
        String.join(
            "\u0000",
            channel.accountId(),
            channel.id(),
            channel.type(),
            String.valueOf(channel.baseUrl()),
            String.valueOf(channel.settingsJson()),
            digest(credentials));
    return READERS.computeIfAbsent(key, k -> fresh.get());
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
