package io.stocksync.channels.readback;

import io.stocksync.channels.ConnectorContext;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.Map;
import java.util.Optional;

/** Which channel can read its marketplace's held figures back (SPEC §12), and its reader. */
public final class ReadBackCapabilities {
  private ReadBackCapabilities() {}

  /**
   * The channel's level reader, or empty when its type has no read API here.
   *
   * <p>Not yet filled: no marketplace's reader is written yet.
   */
  public static Optional<LevelReader> reader(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    return Optional.empty();
  }
}
