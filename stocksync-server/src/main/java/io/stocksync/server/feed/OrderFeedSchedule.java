package io.stocksync.server.feed;

import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.Connectors;
import io.stocksync.channels.order.OrderCapabilities;
import io.stocksync.channels.order.OrderFeedPaced;
import io.stocksync.core.inventory.OrderFeedAlerts;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.schedule.ChannelSchedule;
import io.stocksync.server.schedule.ChannelSchedule.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every channel's order feed on its own (SPEC §9): each channel for which {@link
 * OrderCapabilities#polling} gives a feed is polled every {@code settings.ordersPollSeconds} (the
 * type's default when unset), whatever its type, by {@link OrderPoller} on a {@link
 * ChannelSchedule} of its own, so that a slow marketplace never holds up ingest, pushes or another
 * channel's poll. One pass at a time per channel; a failed pass is logged with the channel and the
 * next one backs off (the interval doubled per failure in a row, up to {@link
 * Settings#maxBackoff}). A pass that the marketplace's own pacing refused ({@link OrderFeedPaced}:
 * its plan allows the next call in N s) is no failure: the channel is polled again at the time
 * stated, and nothing backs off.
 *
 * <p>At start every feed catches up at once; a channel stored later is first polled one interval
 * on, and one moved to another store or given other settings at once. A push that Shopify's
 * compare-and-set refused as stale (status {@code STALE}) polls its channel at once (SPEC §5: the
 * increase waits for the feed to catch up); so do {@link #pollSoon} and {@link #pollNow}.
 *
 * <p>After every pass, {@code ORDER_FEED_STALLED} is opened or resolved for the channel ({@link
 * OrderFeedAlerts#feedChecked}). Thread-safe. {@link #tick} runs one round of the schedule, for
 * tests that drive the context's clock.
 */
public final class OrderFeedSchedule implements AutoCloseable {

  /**
   * How the schedule runs.
   *
   * @param tick how often it looks for channels due (the finest poll interval it keeps)
   * @param refresh how often it reads the channels again without a commit asking it to
   * @param maxBackoff the longest wait after failures in a row
   * @param threads the passes that may run at once, over all channels
   */
  public record Settings(Duration tick, Duration refresh, Duration maxBackoff, int threads) {
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15), 2);

    ChannelSchedule.Settings schedule() {
      return new ChannelSchedule.Settings(tick, refresh, maxBackoff, threads);
    }
  }

  /** One pass of a channel's feed: {@link OrderPoller#poll}, or a stand-in in tests. */
  @FunctionalInterface
  interface Poll {
    Optional<OrderPoller.Pass> poll(String accountId, String channelId);
  }

  private static final Logger log = LoggerFactory.getLogger(OrderFeedSchedule.class);

  private final Engine engine;
  private final ChannelSchedule schedule;

  public OrderFeedSchedule(
      Engine engine,
      OrderPoller poller,
      Function<ChannelRow, Map<String, String>> credentials,
      ConnectorContext context,
      Settings settings) {
    this(engine, poller::poll, credentials, context, settings);
  }

  OrderFeedSchedule(
      Engine engine,
      Poll poller,
      Function<ChannelRow, Map<String, String>> credentials,
      ConnectorContext context,
      Settings settings) {
    this.engine = engine;
    this.schedule =
        new ChannelSchedule(
            "order feed",
            engine,
            new Feeds(poller, credentials, context),
            context.clock(),
            settings.schedule());
    engine.onCommitted(this::committed);
  }

  /** The order feed as a {@link ChannelSchedule.Job}: one pass of {@link OrderPoller} a run. */
  private final class Feeds implements ChannelSchedule.Job {
    private final Poll poller;
    private final Function<ChannelRow, Map<String, String>> credentials;
    private final ConnectorContext context;

    Feeds(
        Poll poller,
        Function<ChannelRow, Map<String, String>> credentials,
        ConnectorContext context) {
      this.poller = poller;
      this.credentials = credentials;
      this.context = context;
    }

    @Override
    public Optional<Duration> interval(ChannelRow row) {
      Map<String, String> creds = credentials.apply(row);
      if (OrderCapabilities.polling(row, creds, context).isEmpty()) {
        return Optional.empty();
      }
      long seconds =
          Connectors.descriptor(row.type())
              .map(d -> d.configure(row, creds).whole("ordersPollSeconds"))
              .orElse(ChannelDescriptor.DEFAULT_ORDERS_POLL_SECONDS);
      return Optional.of(Duration.ofSeconds(seconds));
    }

    @Override
    public Duration firstDelay(Duration interval, boolean atStart) {
      // At start, every feed catches up at once (the server may have been down). A channel
      // stored later is first polled one interval on: until its first pass it has no
      // watermark, so its first figures go out without waiting for one (docs/orders.md).
      return atStart ? Duration.ZERO : interval;
    }

    @Override
    public boolean rerunWhenChanged() {
      return true; // a channel moved to another store or given other settings is read at once
    }

    @Override
    public Outcome run(ChannelKey key, ChannelRow row) {
      Optional<OrderPoller.Pass> pass;
      try {
        pass = poller.poll(key.accountId(), key.channelId());
      } catch (OrderFeedPaced paced) {
        // The marketplace's plan said when it takes the next call: go then, from the cursor. A
        // refusal by pacing is no failure: nothing backs off, and the failures in a row stay.
        log.debug(
            "order poll of {}/{} paced by the marketplace (next in {} ms): {}",
            key.accountId(),
            key.channelId(),
            paced.retryIn().toMillis(),
            paced.getMessage());
        return ChannelSchedule.Outcome.pacedFor(paced.retryIn());
      }
      if (pass.isEmpty()) {
        return new Outcome(false, null);
      }
      // A pass that stopped at its page limit goes on at once from its cursor.
      return pass.get().caughtUp() ? Outcome.DONE : new Outcome(false, Duration.ZERO);
    }

    @Override
    public void ran(ChannelKey key, ChannelSchedule.Ran ran) {
      checkStalled(key, ran.completeAt(), ran.interval(), ran.now(), ran.error());
    }

    @Override
    public void dropped(ChannelKey key, Instant now) {
      checkStalled(key, now, Duration.ZERO, now, null); // resolves: nothing to catch up now
    }
  }

  /** Starts the rounds, one every {@link Settings#tick}. */
  public OrderFeedSchedule start() {
    schedule.start();
    return this;
  }

  /** Polls the channel as soon as a pass of it may run (a webhook said more than it could book). */
  public void pollSoon(String accountId, String channelId) {
    schedule.soon(accountId, channelId);
  }

  /**
   * Polls the channel as soon as a pass of it may run, and completes once a pass that started after
   * this call has ended, failed or not (at once when the channel has no polled feed): what a
   * read-back that found a figure it cannot explain waits for before it compares again (SPEC §12).
   */
  public CompletableFuture<Void> pollNow(String accountId, String channelId) {
    return schedule.soon(accountId, channelId);
  }

  /** When the channel's next pass is due; empty when the schedule does not poll it. */
  Optional<Instant> nextPollAt(ChannelKey key) {
    return schedule.nextAt(key);
  }

  /** Whether a pass of the channel is running now. */
  boolean running(ChannelKey key) {
    return schedule.running(key);
  }

  /** The channels the schedule polls now. */
  public Set<ChannelKey> polled() {
    return schedule.watched();
  }

  private void committed(WriteSet writes) {
    for (PushAttemptRow a : writes.attempts()) {
      if ("STALE".equals(a.status())) {
        pollSoon(a.accountId(), a.channelId());
      }
    }
  }

  /** One round: reads the channels when due, then starts a pass of every channel due now. */
  public void tick() {
    schedule.tick();
  }

  private void checkStalled(
      ChannelKey key, Instant caughtUpAt, Duration interval, Instant now, String error) {
    engine
        .execute(
            key.accountId(),
            (a, c, at) -> {
              OrderFeedAlerts.feedChecked(a, key.channelId(), caughtUpAt, interval, error, now, c);
              return null;
            })
        .join();
  }

  /** The wait after {@code failures} failed passes in a row: the interval doubled per failure. */
  Duration backoff(Duration interval, int failures) {
    return schedule.backoff(interval, failures);
  }

  @Override
  public void close() {
    schedule.close();
  }
}
