package io.stocksync.channels.order;

import java.net.URI;

/**
 * Registers a channel's order webhooks through its marketplace's own API (SPEC §9): when the
 * channel is saved, and removes them when it is deleted. Idempotent: each call lists what the
 * marketplace holds for the address first, creates only what is missing and removes only what is
 * there. Blocking (HTTP calls); called off the request thread, one call at a time per channel.
 */
public interface WebhookRegistration {

  /**
   * Makes sure every order topic the channel reads is subscribed at {@code address}.
   *
   * @return how many subscriptions this call created (0 when all were there already)
   * @throws java.io.UncheckedIOException or {@link IllegalStateException} naming what the
   *     marketplace answered, when it could not be done
   */
  int register(URI address);

  /**
   * Removes every subscription the marketplace holds for {@code address}.
   *
   * @return how many were removed
   */
  int unregister(URI address);
}
