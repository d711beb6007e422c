package io.stocksync.server.engine;

import io.stocksync.core.port.ConfigRemoval.ChannelRemoval;

/**
 * Told of each channel deleted ({@code DELETE /v1/channels/{id}}), once the deletion is durable:
 * the place to tidy up at the marketplace (unregister the channel's webhooks, say). Called on the
 * engine's committing thread, like {@link Engine#onCommitted}: keep it quick and hand slow work to
 * a thread of its own. What it throws is logged and changes nothing; the deletion stands.
 */
@FunctionalInterface
public interface ChannelDeletionListener {

  /**
   * @param removal the account, the channel's id and its last stored row (credentials as stored,
   *     encrypted when the store encrypts them)
   */
  void channelDeleted(ChannelRemoval removal);
}
