package io.stocksync.channels;

import java.util.Objects;

/** One channel of one account: the unit the dispatcher isolates. Immutable. */
public record ChannelKey(String accountId, String channelId) {

  /** Checks both parts are present. */
  public ChannelKey {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(channelId, "channelId");
  }

  @Override
  public String toString() {
    return accountId + "/" + channelId;
  }
}
