package io.stocksync.channels;

import io.stocksync.core.port.Rows.ChannelRow;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The request pacers of a channel's session, shared by its capabilities: a marketplace that counts
 * one quota for an account (Flipkart's assumed request rate) sees the pushes and the order polls of
 * a channel draw from one bucket, whichever object makes the call. A pacer is kept per channel
 * configuration: a channel whose settings change starts a fresh bucket, as its connector does.
 *
 * <p>Thread-safe. Entries of replaced configurations are not dropped (a few small objects per edit
 * of a channel's settings).
 */
public final class ChannelPacing {
  private static final ConcurrentHashMap<String, TokenBucketPacer> PACERS =
      new ConcurrentHashMap<>();

  private ChannelPacing() {}

  /**
   * The pacer of {@code operation} (a marketplace's name for the quota it counts) for {@code
   * channel} as now configured, made by {@code fresh} on first use.
   */
  public static TokenBucketPacer shared(
      ChannelRow channel, String operation, Supplier<TokenBucketPacer> fresh) {
    String key =
        String.join(
            "\u0000",
            channel.accountId(),
            channel.id(),
            channel.type(),
            String.valueOf(channel.baseUrl()),
            String.valueOf(channel.settingsJson()),
            operation);
    return PACERS.computeIfAbsent(key, k -> fresh.get());
  }
}
