package io.stocksync.server.readback;

import io.stocksync.channels.readback.LevelReader;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.Map;
import java.util.Optional;

/**
 * Where the read-back gets a channel's {@link LevelReader}: in a running server {@code
 * ReadBackCapabilities.reader(channel, credentials, context)}, in tests a scripted reader.
 */
@FunctionalInterface
public interface LevelReaders {

  /**
   * The channel's reader, or empty when its type has no read API here. Called on the read-back's
   * threads, once a pass and at every refresh of its schedule: cheap, no marketplace call.
   */
  Optional<LevelReader> reader(ChannelRow channel, Map<String, String> credentials);
}
