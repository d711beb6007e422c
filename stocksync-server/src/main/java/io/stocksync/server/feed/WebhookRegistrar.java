package io.stocksync.server.feed;

import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.order.OrderCapabilities;
import io.stocksync.channels.order.WebhookRegistration;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.server.engine.Engine;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the marketplaces' order webhooks (SPEC §9) for every channel whose type has them
 * ({@link OrderCapabilities#registration}) once it is stored, at the server's public address +
 * {@code /hooks/{channelId}}, and records {@code webhookRegistered} on the channel's feed state.
 * Without a public address nothing is registered and the feeds poll only.
 *
 * <p>Registration is idempotent (the connector lists what the marketplace holds for the address
 * first), so it runs for every stored channel at {@link #start} and after every commit that stores
 * a channel, on a thread of its own, never on the request's. A registration that fails is logged
 * and tried again the next time the channel is stored or the server starts; the feed's polling
 * covers the gap. A disabled channel keeps its subscriptions (its deliveries are still booked).
 *
 * <p>{@link #unregister} is the hook a channel's removal calls: it removes the subscriptions
 * through the marketplace's API. Thread-safe.
 */
public final class WebhookRegistrar implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookRegistrar.class);

  private final Engine engine;
  private final Function<ChannelRow, Map<String, String>> credentials;
  private final ConnectorContext context;
  private final Supplier<String> publicUrl;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "stocksync-webhook-registration");
            t.setDaemon(true);
            return t;
          });
  private final Set<ChannelKey> queued = ConcurrentHashMap.newKeySet();

  /**
   * @param publicUrl the server's public address, without a trailing slash; asked each time (it may
   *     be known only once the server listens); null: none
   */
  public WebhookRegistrar(
      Engine engine,
      Function<ChannelRow, Map<String, String>> credentials,
      ConnectorContext context,
      Supplier<String> publicUrl) {
    this.engine = engine;
    this.credentials = credentials;
    this.context = context;
    this.publicUrl = publicUrl;
    engine.onCommitted(this::committed);
  }

  /** Registers the webhooks of every channel already stored (off the caller's thread). */
  public WebhookRegistrar start() {
    worker.execute(
        () -> {
          for (ChannelRow row : engine.channels().join()) {
            enqueue(row.accountId(), row.id());
          }
        });
    return this;
  }

  /** The address the channel's webhooks go to, or null without a public address. */
  public URI address(String channelId) {
    String base = publicUrl.get();
    return base == null ? null : URI.create(base + "/hooks/" + channelId);
  }

  private void committed(WriteSet writes) {
    for (ChannelRow row : writes.channels()) {
      enqueue(row.accountId(), row.id());
    }
  }

  private void enqueue(String accountId, String channelId) {
    ChannelKey key = new ChannelKey(accountId, channelId);
    if (queued.add(key)) {
      worker.execute(
          () -> {
            queued.remove(key);
            try {
              register(accountId, channelId);
            } catch (RuntimeException e) {
              log.warn(
                  "webhooks of {}/{} not registered (the feed polls meanwhile): {}",
                  accountId,
                  channelId,
                  e.getMessage());
            }
          });
    }
  }

  /**
   * Registers the channel's webhooks now (blocking) and records it on its feed state.
   *
   * @return whether they are registered; false when the channel, its type or the server has no
   *     webhooks to register
   */
  public boolean register(String accountId, String channelId) {
    URI address = address(channelId);
    if (address == null) {
      return false;
    }
    ChannelRow row =
        engine
            .execute(
                accountId, (a, c, now) -> a.hasChannel(channelId) ? a.channel(channelId) : null)
            .join();
    if (row == null) {
      return false;
    }
    Optional<WebhookRegistration> registration =
        OrderCapabilities.registration(row, credentials.apply(row), context);
    if (registration.isEmpty()) {
      return false;
    }
    int created = registration.get().register(address);
    if (created > 0) {
      log.info(
          "webhooks of {}/{}: {} subscription(s) registered at {}",
          accountId,
          channelId,
          created,
          address);
    }
    markRegistered(accountId, channelId, true).join();
    return true;
  }

  /**
   * Removes the channel's webhooks from its marketplace (blocking): what a channel's deletion calls
   * with the row it deletes, before or after the engine forgets it. Does nothing without a public
   * address or for a type without webhook registration.
   *
   * @return how many subscriptions were removed
   */
  public int unregister(ChannelRow row) {
    URI address = address(row.id());
    if (address == null) {
      return 0;
    }
    Optional<WebhookRegistration> registration =
        OrderCapabilities.registration(row, credentials.apply(row), context);
    return registration.map(r -> r.unregister(address)).orElse(0);
  }

  private java.util.concurrent.CompletableFuture<Void> markRegistered(
      String accountId, String channelId, boolean registered) {
    return engine.execute(
        accountId,
        (a, c, now) -> {
          if (!a.hasChannel(channelId)) {
            return null;
          }
          OrderFeedRow before = a.orders().feed(channelId);
          if (before != null && before.webhookRegistered() == registered) {
            return null;
          }
          a.orders()
              .putFeed(
                  new OrderFeedRow(
                      a.id(),
                      channelId,
                      before == null ? null : before.cursor(),
                      before == null ? null : before.watermark(),
                      before == null ? null : before.lastPollAt(),
                      registered,
                      before == null ? null : before.lastError()),
                  c::orderFeed);
          return null;
        });
  }

  /** Channels waiting for registration, for tests and diagnostics. */
  List<ChannelKey> queued() {
    return List.copyOf(queued);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
