package io.stocksync.channels;

import io.stocksync.core.port.Rows.ChannelRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key of a channel's session as now configured (account, id, type, baseUrl, settings and a
 * digest of its credentials, never the credentials), shared by the capabilities that keep state per
 * channel configuration (the order feeds, the level readers): a change of any of these makes a new
 * session.
 */
public final class ChannelSessions {
  private ChannelSessions() {}

  /** The session key of {@code channel} with {@code credentials}. */
  public static String key(ChannelRow channel, Map<String, String> credentials) {
    return String.join(
        "\u0000",
        channel.accountId(),
        channel.id(),
        channel.type(),
        String.valueOf(channel.baseUrl()),
        String.valueOf(channel.settingsJson()),
        digest(credentials));
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
