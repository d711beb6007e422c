package io.stocksync.server.feed;

import io.stocksync.channels.ConnectorContext;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.engine.Engine;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The order feeds of a running server (SPEC §9), wired once: the {@link OrderIntake} that books
 * lines, the {@link OrderFeedSchedule} that polls every channel with a polled feed, and the {@link
 * WebhookRegistrar} that registers the marketplaces' webhooks at the public address. {@code serve}
 * builds one beside the engine and hands it to the HTTP API (the hook route books through the same
 * intake and asks the schedule for a poll). Thread-safe; {@link #close} stops the threads.
 */
public final class OrderFeeds implements AutoCloseable {
  /** The time a marketplace order call may take before the pass fails. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final OrderIntake intake;
  private final OrderFeedSchedule schedule;
  private final WebhookRegistrar registrar;

  private OrderFeeds(OrderIntake intake, OrderFeedSchedule schedule, WebhookRegistrar registrar) {
    this.intake = intake;
    this.schedule = schedule;
    this.registrar = registrar;
  }

  /**
   * Starts the feeds of {@code engine}'s channels.
   *
   * @param publicUrl the server's public address, asked when a webhook is registered (null: none)
   */
  public static OrderFeeds start(
      Engine engine,
      Function<ChannelRow, Map<String, String>> credentials,
      Clock clock,
      Supplier<String> publicUrl,
      OrderFeedSchedule.Settings settings) {
    ConnectorContext context =
        new ConnectorContext(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
            clock,
            REQUEST_TIMEOUT,
            Math::random);
    OrderIntake intake = new OrderIntake(engine);
    OrderPoller poller = new OrderPoller(engine, intake, credentials, context);
    OrderFeedSchedule schedule =
        new OrderFeedSchedule(engine, poller, credentials, context, settings).start();
    WebhookRegistrar registrar = new WebhookRegistrar(engine, credentials, context, publicUrl);
    return new OrderFeeds(intake, schedule, registrar);
  }

  /**
   * Registers the webhooks of every channel already stored (off the caller's thread): called once
   * the server listens, its public address known. Later channels register as they are stored.
   */
  public void registerStored() {
    registrar.start();
  }

  public OrderIntake intake() {
    return intake;
  }

  public OrderFeedSchedule schedule() {
    return schedule;
  }

  public WebhookRegistrar registrar() {
    return registrar;
  }

  @Override
  public void close() {
    registrar.close();
    schedule.close();
    intake.close();
  }
}
