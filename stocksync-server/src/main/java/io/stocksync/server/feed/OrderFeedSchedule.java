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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every channel's order feed on its own (SPEC §9): each channel for which {@link
 * OrderCapabilities#polling} gives a feed is polled every {@code settings.ordersPollSeconds} (the
 * type's default when unset), whatever its type, by {@link OrderPoller} on a small pool of its own,
 * so that a slow marketplace never holds up ingest, pushes or another channel's poll. One pass at a
 * time per channel. A failed pass is logged with the channel and the next one backs off (the
 * interval doubled per failure in a row, up to {@link Settings#maxBackoff}). A pass that the
 * marketplace's own pacing refused ({@link OrderFeedPaced}: its plan allows the next call in N s)
 * is no failure: the channel is polled again at the time stated, and nothing backs off.
 *
 * <p>Channels are read from the engine every {@link Settings#refresh}, and at once after a commit
 * that stores a channel: one added, changed or disabled is picked up then. A push that Shopify's
 * compare-and-set refused as stale (status {@code STALE}) polls its channel at once (SPEC §5: the
 * increase waits for the feed to catch up); so does {@link #pollSoon}.
 *
 * <p>After every pass, {@code ORDER_FEED_STALLED} is opened or resolved for the channel ({@link
 * OrderFeedAlerts#feedChecked}). Thread-safe. Time comes from the clock given; {@link #tick} runs
 * one round of the schedule, for tests that drive that clock.
 */
public final class OrderFeedSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OrderFeedSchedule.class);

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
  }

  /** What the schedule keeps of one polled channel; guarded by the schedule's lock. */
  private static final class Watch {
    ChannelRow row;
    Duration interval;
    Instant nextAt;
    Instant caughtUpAt;
    int failures;
    String lastError;
    boolean running;
  }

  /** One pass of a channel's feed: {@link OrderPoller#poll}, or a stand-in in tests. */
  @FunctionalInterface
  interface Poll {
    Optional<OrderPoller.Pass> poll(String accountId, String channelId);
  }

  private final Engine engine;
  private final Poll poller;
  private final Function<ChannelRow, Map<String, String>> credentials;
  private final ConnectorContext context;
  private final Clock clock;
  private final Settings settings;
  private final Map<ChannelKey, Watch> watches = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stocksync-feed-schedule"));
  private final ExecutorService passes;
  private Instant refreshedAt;
  private volatile boolean refreshWanted = true;
  private volatile boolean closed;

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
    this.poller = poller;
    this.credentials = credentials;
    this.context = context;
    this.clock = context.clock();
    this.settings = settings;
    this.passes =
        Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, "stocksync-feed-poll"));
    engine.onCommitted(this::committed);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts the rounds, one every {@link Settings#tick}. */
  public OrderFeedSchedule start() {
    long every = settings.tick().toMillis();
    timer.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Polls the channel as soon as a pass of it may run (a webhook said more than it could book). */
  public void pollSoon(String accountId, String channelId) {
    synchronized (this) {
      Watch w = watches.get(new ChannelKey(accountId, channelId));
      if (w == null) {
        refreshWanted = true; // a channel stored a moment ago: the next round learns of it
      } else if (w.nextAt.isAfter(clock.instant())) {
        w.nextAt = clock.instant();
      }
    }
    if (!closed) {
      timer.execute(this::tickQuietly);
    }
  }

  /** When the channel's next pass is due; empty when the schedule does not poll it. */
  synchronized Optional<Instant> nextPollAt(ChannelKey key) {
    Watch w = watches.get(key);
    return w == null ? Optional.empty() : Optional.of(w.nextAt);
  }

  /** Whether a pass of the channel is running now. */
  synchronized boolean running(ChannelKey key) {
    Watch w = watches.get(key);
    return w != null && w.running;
  }

  /** The channels the schedule polls now. */
  public synchronized Set<ChannelKey> polled() {
    return Set.copyOf(watches.keySet());
  }

  private void committed(WriteSet writes) {
    if (!writes.channels().isEmpty()) {
      refreshWanted = true;
      if (!closed) {
        timer.execute(this::tickQuietly);
      }
    }
    for (PushAttemptRow a : writes.attempts()) {
      if ("STALE".equals(a.status())) {
        pollSoon(a.accountId(), a.channelId());
      }
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("order feed schedule: a round failed (the next goes on): {}", e.toString());
      }
    }
  }

  /** One round: reads the channels when due, then starts a pass of every channel due now. */
  public void tick() {
    Instant now = clock.instant();
    if (refreshWanted
        || refreshedAt == null
        || !now.isBefore(refreshedAt.plus(settings.refresh()))) {
      refreshWanted = false;
      refresh(engine.channels().join(), now);
    }
    List<Map.Entry<ChannelKey, Watch>> due;
    synchronized (this) {
      due =
          watches.entrySet().stream()
              .filter(e -> !e.getValue().running && !e.getValue().nextAt.isAfter(now))
              .toList();
      due.forEach(e -> e.getValue().running = true);
    }
    for (Map.Entry<ChannelKey, Watch> e : due) {
      passes.execute(() -> pass(e.getKey(), e.getValue()));
    }
  }

  private void refresh(List<ChannelRow> rows, Instant now) {
    boolean atStart = refreshedAt == null;
    refreshedAt = now;
    Set<ChannelKey> seen = new HashSet<>();
    List<ChannelKey> gone;
    synchronized (this) {
      for (ChannelRow row : rows) {
        Optional<Duration> interval = row.enabled() ? pollInterval(row) : Optional.empty();
        if (interval.isEmpty()) {
          continue;
        }
        ChannelKey key = new ChannelKey(row.accountId(), row.id());
        seen.add(key);
        Watch w = watches.get(key);
        if (w == null) {
          w = new Watch();
          // At start, every feed catches up at once (the server may have been down). A channel
          // stored later is first polled one interval on: until its first pass it has no
          // watermark, so its first figures go out without waiting for one (docs/orders.md).
          w.nextAt = atStart ? now : now.plus(interval.get());
          w.caughtUpAt = now;
          watches.put(key, w);
          log.info(
              "order feed of {}/{}: polled every {} s",
              key.accountId(),
              key.channelId(),
              interval.get().toSeconds());
        } else if (!w.row.equals(row)) {
          // A channel moved to another store or given other settings is read again at once.
          w.nextAt = now;
          w.failures = 0;
        }
        w.row = row;
        w.interval = interval.get();
      }
      gone = watches.keySet().stream().filter(k -> !seen.contains(k)).toList();
      gone.forEach(watches::remove);
    }
    for (ChannelKey key : gone) {
      log.info("order feed of {}/{}: no longer polled", key.accountId(), key.channelId());
      checkStalled(key, now, Duration.ZERO, now, null); // resolves: nothing to catch up now
    }
  }

  /** The channel's poll interval when it has a polled feed; empty otherwise. */
  private Optional<Duration> pollInterval(ChannelRow row) {
    try {
      Map<String, String> creds = credentials.apply(row);
      if (OrderCapabilities.polling(row, creds, context).isEmpty()) {
        return Optional.empty();
      }
      long seconds =
          Connectors.descriptor(row.type())
              .map(d -> d.configure(row, creds).whole("ordersPollSeconds"))
              .orElse(ChannelDescriptor.DEFAULT_ORDERS_POLL_SECONDS);
      return Optional.of(Duration.ofSeconds(seconds));
    } catch (RuntimeException e) {
      // A channel whose stored configuration no longer loads is not polled; pushes say why.
      log.debug("order feed of {}/{} not polled: {}", row.accountId(), row.id(), e.toString());
      return Optional.empty();
    }
  }

  private void pass(ChannelKey key, Watch w) {
    Instant started = clock.instant();
    Instant caughtUpAt;
    Duration interval;
    String error = null;
    try {
      Optional<OrderPoller.Pass> pass = poller.poll(key.accountId(), key.channelId());
      synchronized (this) {
        w.failures = 0;
        w.lastError = null;
        if (pass.isPresent() && pass.get().caughtUp()) {
          w.caughtUpAt = clock.instant();
        }
        // A pass that stopped at its page limit goes on at once from its cursor.
        w.nextAt =
            pass.isPresent() && !pass.get().caughtUp() ? clock.instant() : started.plus(w.interval);
      }
    } catch (OrderFeedPaced paced) {
      if (closed) {
        return;
      }
      synchronized (this) {
        // The marketplace's plan said when it takes the next call: go then, from the cursor. The
        // failures in a row stay as they were: a refusal by pacing neither adds nor clears one.
        w.nextAt = clock.instant().plus(paced.retryIn());
        log.debug(
            "order poll of {}/{} paced by the marketplace (next in {} ms): {}",
            key.accountId(),
            key.channelId(),
            paced.retryIn().toMillis(),
            paced.getMessage());
      }
    } catch (RuntimeException e) {
      if (closed) {
        return; // the server stops: the pass was abandoned, its cursor kept
      }
      error = String.valueOf(e.getMessage());
      synchronized (this) {
        w.failures++;
        w.lastError = error;
        Duration wait = backoff(w.interval, w.failures);
        w.nextAt = clock.instant().plus(wait);
        log.warn(
            "order poll of {}/{} failed ({} in a row; next in {} s): {}",
            key.accountId(),
            key.channelId(),
            w.failures,
            wait.toSeconds(),
            error);
      }
    } finally {
      synchronized (this) {
        w.running = false;
        caughtUpAt = w.caughtUpAt;
        interval = w.interval;
      }
    }
    if (!closed) {
      try {
        checkStalled(key, caughtUpAt, interval, clock.instant(), error);
      } catch (RuntimeException e) {
        log.warn(
            "order feed of {}/{}: stall check failed: {}",
            key.accountId(),
            key.channelId(),
            e.toString());
      }
    }
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
    Duration wait = interval;
    for (int i = 1; i < failures && wait.compareTo(settings.maxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    passes.shutdownNow();
    try {
      passes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
