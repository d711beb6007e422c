package io.stocksync.channels;

import io.stocksync.core.port.Rows.ChannelRow;
import java.util.Map;

/**
 * Builds the connector of one channel from its configuration. Thread-safe.
 *
 * @see Connectors
 */
@FunctionalInterface
public interface ConnectorFactory {

  /**
   * A connector for {@code channel} with its decrypted {@code credentials}.
   *
   * @throws IllegalArgumentException when the channel's settings or credentials do not do (the
   *     message names the field, never a credential's value)
   */
  Connector create(ChannelRow channel, Map<String, String> credentials, ConnectorContext context);
}
