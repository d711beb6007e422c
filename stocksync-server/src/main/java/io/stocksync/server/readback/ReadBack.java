package io.stocksync.server.readback;

import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.Connectors;
import io.stocksync.channels.readback.LevelReader;
import io.stocksync.channels.readback.LevelReader.Level;
import io.stocksync.channels.readback.LevelReader.Wanted;
import io.stocksync.channels.readback.ReadBackPaced;
import io.stocksync.core.inventory.ConfigurationQuery;
import io.stocksync.core.inventory.ConfigurationQuery.ListingEntry;
import io.stocksync.core.inventory.ListingReadBack;
import io.stocksync.core.inventory.ListingReadBack.Checked;
import io.stocksync.core.inventory.ListingReadBack.Read;
import io.stocksync.core.port.ConfigRemoval;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.core.readback.DriftCheck.Outcome;
import io.stocksync.server.engine.Engine;
import io.stocksync.store.ListingLevelRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's read-back (SPEC §12): reads the figure its marketplace holds for every listing with
 * the channel's {@link LevelReader}, in batches of the reader's size; compares each with what the
 * listing last acknowledged less the channel's sales since ({@link ListingReadBack}, on the
 * account's writer); where some differ, polls the channel's order feed at once and compares again;
 * a difference still there opens {@code DRIFT} and, with {@code driftRepair: "push"}, queues the
 * current target through the engine like any push. The figures read are stored ({@link
 * ListingLevelRepository}) with the outcome.
 *
 * <p>A read refused by its share of the rate budget ({@link ReadBackPaced}) ends the pass where it
 * is: what was read is compared, the rest is unknown, and the scheduled pass goes on from there
 * once the wait is over. Blocking; thread-safe, one pass at a time per channel (a manual read-back
 * waits for a scheduled one in flight).
 */
public final class ReadBack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadBack.class);

  /** How long a pass waits for the order feed's poll before it compares again anyway. */
  static final Duration FEED_POLL_WAIT = Duration.ofSeconds(60);

  /** SPEC §7's {@code driftRepair} values. */
  public static final String PUSH = "push";

  public static final String ALERT = "alert";

  /**
   * One listing's read.
   *
   * @param held the figure read; null when not read
   * @param expected acknowledged less the sales since; null when unknown
   * @param reason why it is unknown, or the read's error; null when compared
   */
  public record ListingResult(
      String sku,
      String externalId,
      Long held,
      Long expected,
      String outcome,
      boolean repaired,
      String reason) {}

  /**
   * What one pass did.
   *
   * @param readable whether the channel's type can read its figures back here
   * @param paced when the pass stopped at its share of the rate budget, how long until it may go
   *     on; null when it did not
   * @param error why the marketplace could not be read; null when it could
   */
  public record Result(
      String channel,
      boolean readable,
      Instant readAt,
      String driftRepair,
      int inSync,
      int drift,
      int unknown,
      int repaired,
      Duration paced,
      String error,
      List<ListingResult> listings) {}

  private final Engine engine;
  private final ListingLevelRepository levels;
  private final LevelReaders readers;
  private final Function<ChannelRow, Map<String, String>> credentials;
  private final FeedPoll feedPoll;
  private final Clock clock;
  private final Map<ChannelKey, Object> locks = new ConcurrentHashMap<>();
  private final Map<ChannelKey, String> resumeAfter = new ConcurrentHashMap<>();
  private final ExecutorService manual =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "stocksync-read-back-now");
            t.setDaemon(true);
            return t;
          });

  /**
   * Forgets the figures of what was deleted. Its one thread is started at once: the commit listener
   * that feeds it runs on the committing thread, and must only hand the work over.
   */
  private final ThreadPoolExecutor forgets = forgetter();

  private static ThreadPoolExecutor forgetter() {
    ThreadPoolExecutor e =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "stocksync-read-back-forget");
              t.setDaemon(true);
              return t;
            });
    e.prestartAllCoreThreads();
    return e;
  }

  public ReadBack(
      Engine engine,
      ListingLevelRepository levels,
      LevelReaders readers,
      Function<ChannelRow, Map<String, String>> credentials,
      FeedPoll feedPoll,
      Clock clock) {
    this.engine = engine;
    this.levels = levels;
    this.readers = readers;
    this.credentials = credentials;
    this.feedPoll = feedPoll;
    this.clock = clock;
    engine.onCommitted(this::committed);
  }

  /**
   * The channel's reader, or empty (its type reads nothing back here, or its row does not load).
   */
  Optional<LevelReader> reader(ChannelRow row) {
    return readers.reader(row, credentials.apply(row));
  }

  /** The channel's {@code readBackSeconds}, its type's default when unset. */
  Duration interval(ChannelRow row) {
    long seconds =
        Connectors.descriptor(row.type())
            .map(d -> d.configure(row, credentials.apply(row)).whole("readBackSeconds"))
            .orElse(ChannelDescriptor.DEFAULT_READ_BACK_SECONDS);
    return Duration.ofSeconds(seconds);
  }

  private String driftRepair(ChannelRow row) {
    try {
      String repair =
          Connectors.descriptor(row.type())
              .map(d -> d.configure(row, credentials.apply(row)).text("driftRepair"))
              .orElse(null);
      return ALERT.equals(repair) ? ALERT : PUSH;
    } catch (RuntimeException e) {
      return PUSH; // pushes say why the configuration does not load; a repair is a push
    }
  }

  /**
   * {@code POST /v1/channels/{id}/read-back}: a whole pass, from the first listing, off the
   * caller's thread. Fails with {@link io.stocksync.core.inventory.NotFoundException} when the
   * account has no such channel.
   */
  public CompletableFuture<Result> readNow(String accountId, String channelId) {
    return CompletableFuture.supplyAsync(() -> read(accountId, channelId, false), manual);
  }

  /**
   * One pass over the channel's listings, blocking.
   *
   * @param resume go on after the listing where the last paced pass stopped (the schedule's
   *     passes); false: from the first
   */
  public Result read(String accountId, String channelId, boolean resume) {
    ChannelKey key = new ChannelKey(accountId, channelId);
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      return readLocked(key, resume);
    }
  }

  private record Start(ChannelRow channel, List<Wanted> wanted) {}

  private Result readLocked(ChannelKey key, boolean resume) {
    String channelId = key.channelId();
    Start start =
        engine
            .execute(
                key.accountId(),
                (a, c, now) -> {
                  ChannelRow row = a.channel(channelId);
                  List<Wanted> wanted = new ArrayList<>();
                  for (ListingEntry e :
                      ConfigurationQuery.listings(a, channelId, null, Integer.MAX_VALUE).items()) {
                    wanted.add(new Wanted(e.sku(), e.view().externalId(), e.fieldsJson()));
                  }
                  return new Start(row, wanted);
                })
            .join();
    Instant startedAt = clock.instant();
    String repair = driftRepair(start.channel());
    Optional<LevelReader> reader;
    try {
      reader = start.channel().enabled() ? reader(start.channel()) : Optional.empty();
    } catch (RuntimeException e) {
      // A stored configuration its reader refuses: nothing can be read until it is fixed.
      String why = "the channel's configuration cannot be read back: " + e.getMessage();
      List<ListingResult> all = new ArrayList<>();
      for (Wanted w : start.wanted()) {
        all.add(new ListingResult(w.sku(), w.externalId(), null, null, "UNKNOWN", false, why));
      }
      return new Result(channelId, true, startedAt, repair, 0, 0, all.size(), 0, null, why, all);
    }
    if (reader.isEmpty()) {
      String why =
          start.channel().enabled()
              ? "this channel's type reads no figures back"
              : "the channel is disabled";
      List<ListingResult> all = new ArrayList<>();
      for (Wanted w : start.wanted()) {
        all.add(new ListingResult(w.sku(), w.externalId(), null, null, "UNKNOWN", false, why));
      }
      return new Result(channelId, false, startedAt, repair, 0, 0, all.size(), 0, null, null, all);
    }
    List<Wanted> wanted = start.wanted();
    String after = resume ? resumeAfter.get(key) : null;
    if (after != null) {
      wanted = wanted.stream().filter(w -> w.sku().compareTo(after) > 0).toList();
    }
    List<Level> read = new ArrayList<>();
    Duration paced = null;
    String error = null;
    int size = Math.max(1, reader.get().batchSize());
    for (int from = 0; from < wanted.size(); from += size) {
      List<Wanted> batch = wanted.subList(from, Math.min(wanted.size(), from + size));
      try {
        read.addAll(reader.get().read(batch, clock.instant()));
      } catch (ReadBackPaced p) {
        paced = p.retryAfter();
        break;
      } catch (RuntimeException e) {
        error = String.valueOf(e.getMessage());
        log.warn("read-back of {}/{} failed: {}", key.accountId(), channelId, error);
        break;
      }
    }
    if (paced != null && !read.isEmpty()) {
      resumeAfter.put(key, read.get(read.size() - 1).sku());
    } else if (paced == null) {
      resumeAfter.remove(key);
    }
    return compare(key, start, wanted, read, repair, paced, error, startedAt);
  }

  private Result compare(
      ChannelKey key,
      Start start,
      List<Wanted> wanted,
      List<Level> read,
      String repair,
      Duration paced,
      String error,
      Instant startedAt) {
    String channelId = key.channelId();
    List<Read> reads = new ArrayList<>();
    for (Level l : read) {
      reads.add(new Read(l.sku(), l.externalId(), l.held()));
    }
    Map<String, Checked> checked = new HashMap<>();
    List<Checked> first =
        engine
            .execute(
                key.accountId(),
                (a, c, now) -> ListingReadBack.compare(a, channelId, reads, now, c))
            .join();
    List<Read> differing = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      checked.put(first.get(i).sku(), first.get(i));
      if (first.get(i).outcome() == Outcome.DRIFT) {
        differing.add(reads.get(i));
      }
    }
    if (!differing.isEmpty()) {
      // SPEC §12: the feed may not have brought the sales that explain the figures yet.
      waitForFeed(key);
      boolean push = PUSH.equals(repair);
      List<Checked> settled =
          engine
              .execute(
                  key.accountId(),
                  (a, c, now) -> ListingReadBack.settle(a, channelId, differing, push, now, c))
              .join();
      settled.forEach(s -> checked.put(s.sku(), s));
    }
    Map<String, Level> bySku = new HashMap<>();
    read.forEach(l -> bySku.put(l.sku(), l));
    java.util.Set<String> asked = new java.util.HashSet<>();
    wanted.forEach(w -> asked.add(w.sku()));
    List<ListingResult> results = new ArrayList<>();
    List<ListingLevelRepository.Level> rows = new ArrayList<>();
    int inSync = 0;
    int drift = 0;
    int unknown = 0;
    int repaired = 0;
    Instant now = clock.instant();
    for (Wanted w : start.wanted()) {
      Level l = bySku.get(w.sku());
      Checked c = checked.get(w.sku());
      if (l == null || c == null) {
        if (asked.contains(w.sku())) {
          unknown++;
          String why = error != null ? error : paced != null ? "paced: read later" : "not read";
          results.add(
              new ListingResult(w.sku(), w.externalId(), null, null, "UNKNOWN", false, why));
        }
        continue;
      }
      String outcome = c.outcome().name();
      String reason =
          l.held() == null
              ? (l.error() != null ? l.error() : "the marketplace does not know this listing")
              : c.why();
      switch (c.outcome()) {
        case IN_SYNC -> inSync++;
        case DRIFT -> drift++;
        case UNKNOWN -> unknown++;
      }
      if (c.repaired()) {
        repaired++;
      }
      results.add(
          new ListingResult(
              w.sku(),
              w.externalId(),
              l.held(),
              c.verdict().expected(),
              outcome,
              c.repaired(),
              reason));
      rows.add(
          new ListingLevelRepository.Level(
              key.accountId(),
              channelId,
              w.sku(),
              l.externalId(),
              l.held(),
              l.held() == null ? null : l.readAt(),
              outcome,
              c.verdict().expected(),
              l.held() == null ? reason : null,
              now));
    }
    levels.record(rows);
    return new Result(
        channelId, true, startedAt, repair, inSync, drift, unknown, repaired, paced, error,
        results);
  }

  private void waitForFeed(ChannelKey key) {
    try {
      feedPoll
          .pollNow(key.accountId(), key.channelId())
          .get(FEED_POLL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "read-back of {}/{}: the order feed's poll took over {} s; comparing anyway",
          key.accountId(),
          key.channelId(),
          FEED_POLL_WAIT.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the order feed was polled", e);
    } catch (java.util.concurrent.ExecutionException e) {
      // A failed poll is the feed's own business (it backs off, its alert says so): compare anyway.
    }
  }

  /** Forgets the figures of listings, channels and SKUs deleted (off the committing thread). */
  private void committed(WriteSet writes) {
    List<ConfigRemoval> removals = writes.removals();
    if (removals.isEmpty()) {
      return;
    }
    forgets.execute(
        () -> {
          for (ConfigRemoval r : removals) {
            try {
              if (r instanceof ConfigRemoval.ListingRemoval l) {
                levels.forgetListing(l.accountId(), l.channelId(), l.sku());
              } else if (r instanceof ConfigRemoval.ChannelRemoval c) {
                levels.forgetChannel(c.accountId(), c.channelId());
              } else if (r instanceof ConfigRemoval.SkuRemoval s) {
                levels.forgetSku(s.accountId(), s.sku());
              }
            } catch (RuntimeException e) {
              log.warn("read-back: could not forget the figures of {}: {}", r, e.toString());
            }
          }
        });
  }

  @Override
  public void close() {
    manual.shutdownNow();
    forgets.shutdown();
  }
}
