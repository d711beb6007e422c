package io.stocksync.server.schedule;

import io.stocksync.channels.ChannelKey;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.server.engine.Engine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of work per channel on an interval of its own, for every channel of every account
 * the engine holds: the order feeds' polls (SPEC §9) and the read-backs (§12) each keep one. A
 * {@link Job} says which channels it runs and how often, and does one run; the schedule does the
 * rest, the same way for every job: its own small pool of threads (a slow marketplace never holds
 * up ingest, pushes or another channel), one run at a time per channel, a failed run logged with
 * its channel and the next one backed off (the interval doubled per failure in a row, up to {@link
 * Settings#maxBackoff}), and a run asked for now ({@link #soon}).
 *
 * <p>Channels are read from the engine every {@link Settings#refresh}, and at once after a commit
 * that stores a channel: one added, changed or disabled is picked up then. Thread-safe. Time comes
 * from the clock given; {@link #tick} runs one round, for tests that drive that clock.
 */
public final class ChannelSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChannelSchedule.class);

  /**
   * How a schedule runs.
   *
   * @param tick how often it looks for channels due (the finest interval it keeps)
   * @param refresh how often it reads the channels again without a commit asking it to
   * @param maxBackoff the longest wait after failures in a row
   * @param threads the runs that may go at once, over all channels
   */
  public record Settings(Duration tick, Duration refresh, Duration maxBackoff, int threads) {
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15), 2);
  }

  /**
   * How one run ended.
   *
   * @param complete whether it did all there was to do (a feed that caught up, a read of every
   *     listing); {@link Ran#completeAt} moves only then
   * @param again when the next run may start, from the end of this one; null: one interval after
   *     this one started
   * @param paced whether the marketplace's own pacing refused the run before it did anything: no
   *     failure, but no success either, so the failures in a row stay as they were
   */
  public record Outcome(boolean complete, Duration again, boolean paced) {
    /** All done; the next run one interval after this one started. */
    public static final Outcome DONE = new Outcome(true, null);

    public Outcome(boolean complete, Duration again) {
      this(complete, again, false);
    }

    /** Refused by the marketplace's pacing: run again after {@code wait}, nothing counted. */
    public static Outcome pacedFor(Duration wait) {
      return new Outcome(false, wait, true);
    }
  }

  /**
   * What the schedule knows of a channel after a run of it.
   *
   * @param completeAt when a run of it last ended complete (or when the schedule first saw it)
   * @param error why the run failed; null when it did not
   */
  public record Ran(Instant completeAt, Duration interval, String error, Instant now) {}

  /** The work a schedule runs per channel. Called on the schedule's threads. */
  public interface Job {
    /**
     * How often the channel runs; empty when it does not (disabled, or without the capability).
     * Called at every refresh for every channel: no marketplace call here.
     */
    Optional<Duration> interval(ChannelRow row);

    /** When a channel first seen runs first: {@code atStart} when the schedule itself starts. */
    default Duration firstDelay(Duration interval, boolean atStart) {
      return interval;
    }

    /** Whether a channel whose stored row changed runs again at once (moved to another store). */
    default boolean rerunWhenChanged() {
      return false;
    }

    /** One run of the channel; throws when it failed (the next is backed off). */
    Outcome run(ChannelKey key, ChannelRow row);

    /** After every run, failed or not (off the schedule's lock). */
    default void ran(ChannelKey key, Ran ran) {}

    /** A channel the schedule no longer runs (deleted, disabled, or without the capability now). */
    default void dropped(ChannelKey key, Instant now) {}
  }

  /** What the schedule keeps of one channel; guarded by the schedule's lock. */
  private static final class Watch {
    ChannelRow row;
    Duration interval;
    Instant nextAt;
    Instant completeAt;
    int failures;
    boolean running;
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
  }

  private final String name;
  private final Engine engine;
  private final Job job;
  private final Clock clock;
  private final Settings settings;
  private final Map<ChannelKey, Watch> watches = new HashMap<>();
  private final ScheduledExecutorService timer;
  private final ExecutorService runs;
  private Instant refreshedAt;
  private volatile boolean refreshWanted = true;
  private volatile boolean closed;

  /**
   * @param name what the work is, for logs and thread names ("order feed", "read-back")
   */
  public ChannelSchedule(String name, Engine engine, Job job, Clock clock, Settings settings) {
    this.name = name;
    this.engine = engine;
    this.job = job;
    this.clock = clock;
    this.settings = settings;
    String thread = "stocksync-" + name.replace(' ', '-');
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, thread + "-schedule"));
    this.runs = Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, thread + "-run"));
    engine.onCommitted(this::committed);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts the rounds, one every {@link Settings#tick}. */
  public ChannelSchedule start() {
    long every = settings.tick().toMillis();
    timer.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Runs the channel as soon as a run of it may start. The future completes when a run that started
   * after this call has ended (whether it failed or not), or at once when the schedule does not run
   * the channel (a channel stored a moment ago is picked up by the next round).
   */
  public CompletableFuture<Void> soon(String accountId, String channelId) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      Watch w = watches.get(new ChannelKey(accountId, channelId));
      if (w == null) {
        refreshWanted = true;
        done.complete(null);
      } else {
        w.waiting.add(done);
        if (w.nextAt.isAfter(clock.instant())) {
          w.nextAt = clock.instant();
        }
      }
    }
    if (!closed) {
      timer.execute(this::tickQuietly);
    } else {
      done.complete(null);
    }
    return done;
  }

  /** The channels the schedule runs now. */
  public synchronized Set<ChannelKey> watched() {
    return Set.copyOf(watches.keySet());
  }

  private void committed(WriteSet writes) {
    if (!writes.channels().isEmpty()) {
      refreshWanted = true;
      if (!closed) {
        timer.execute(this::tickQuietly);
      }
    }
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("{} schedule: a round failed (the next goes on): {}", name, e.toString());
      }
    }
  }

  /** One round: reads the channels when due, then starts a run of every channel due now. */
  public void tick() {
    Instant now = clock.instant();
    boolean refresh;
    synchronized (this) {
      refresh =
          refreshWanted
              || refreshedAt == null
              || !now.isBefore(refreshedAt.plus(settings.refresh()));
      if (refresh) {
        refreshWanted = false;
      }
    }
    if (refresh) {
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
      runs.execute(() -> run(e.getKey(), e.getValue()));
    }
  }

  private void refresh(List<ChannelRow> rows, Instant now) {
    Map<ChannelKey, Duration> intervals = new HashMap<>();
    Map<ChannelKey, ChannelRow> byKey = new HashMap<>();
    for (ChannelRow row : rows) {
      Optional<Duration> interval = row.enabled() ? interval(row) : Optional.empty();
      if (interval.isPresent()) {
        ChannelKey key = new ChannelKey(row.accountId(), row.id());
        intervals.put(key, interval.get());
        byKey.put(key, row);
      }
    }
    List<ChannelKey> gone = new ArrayList<>();
    List<CompletableFuture<Void>> released = new ArrayList<>();
    synchronized (this) {
      boolean atStart = refreshedAt == null;
      refreshedAt = now;
      Set<ChannelKey> seen = new HashSet<>();
      for (Map.Entry<ChannelKey, ChannelRow> e : byKey.entrySet()) {
        ChannelKey key = e.getKey();
        ChannelRow row = e.getValue();
        Duration interval = intervals.get(key);
        seen.add(key);
        Watch w = watches.get(key);
        if (w == null) {
          w = new Watch();
          w.nextAt = now.plus(job.firstDelay(interval, atStart));
          w.completeAt = now;
          watches.put(key, w);
          log.info(
              "{} of {}/{}: every {} s",
              name,
              key.accountId(),
              key.channelId(),
              interval.toSeconds());
        } else if (!w.row.equals(row) && job.rerunWhenChanged()) {
          w.nextAt = now;
          w.failures = 0;
        }
        w.row = row;
        w.interval = interval;
      }
      for (Map.Entry<ChannelKey, Watch> e : watches.entrySet()) {
        if (!seen.contains(e.getKey())) {
          gone.add(e.getKey());
          released.addAll(e.getValue().waiting);
        }
      }
      gone.forEach(watches::remove);
    }
    released.forEach(f -> f.complete(null));
    for (ChannelKey key : gone) {
      log.info("{} of {}/{}: no longer run", name, key.accountId(), key.channelId());
      job.dropped(key, now);
    }
  }

  private Optional<Duration> interval(ChannelRow row) {
    try {
      return job.interval(row);
    } catch (RuntimeException e) {
      // A channel whose stored configuration no longer loads is not run; pushes say why.
      log.debug("{} of {}/{} not run: {}", name, row.accountId(), row.id(), e.toString());
      return Optional.empty();
    }
  }

  private void run(ChannelKey key, Watch w) {
    Instant started = clock.instant();
    List<CompletableFuture<Void>> answered;
    ChannelRow row;
    synchronized (this) {
      answered = w.waiting;
      w.waiting = new ArrayList<>();
      row = w.row;
    }
    Instant completeAt;
    Duration interval;
    boolean askedMeanwhile;
    String error = null;
    try {
      Outcome outcome = job.run(key, row);
      synchronized (this) {
        if (!outcome.paced()) {
          w.failures = 0;
        }
        if (outcome.complete()) {
          w.completeAt = clock.instant();
        }
        w.nextAt =
            outcome.again() != null
                ? clock.instant().plus(outcome.again())
                : started.plus(w.interval);
      }
    } catch (RuntimeException e) {
      if (closed) {
        answered.forEach(f -> f.complete(null));
        return; // the server stops: the run was abandoned
      }
      error = String.valueOf(e.getMessage());
      synchronized (this) {
        w.failures++;
        Duration wait = backoff(w.interval, w.failures);
        w.nextAt = clock.instant().plus(wait);
        log.warn(
            "{} of {}/{} failed ({} in a row; next in {} s): {}",
            name,
            key.accountId(),
            key.channelId(),
            w.failures,
            wait.toSeconds(),
            error);
      }
    } finally {
      synchronized (this) {
        w.running = false;
        askedMeanwhile = !w.waiting.isEmpty();
        if (askedMeanwhile && w.nextAt.isAfter(clock.instant())) {
          w.nextAt = clock.instant(); // asked for during this run: one more at once
        }
        completeAt = w.completeAt;
        interval = w.interval;
      }
    }
    if (!closed) {
      try {
        job.ran(key, new Ran(completeAt, interval, error, clock.instant()));
      } catch (RuntimeException e) {
        log.warn(
            "{} of {}/{}: after its run: {}", name, key.accountId(), key.channelId(), e.toString());
      }
    }
    answered.forEach(f -> f.complete(null));
    if (askedMeanwhile && !closed) {
      timer.execute(this::tickQuietly);
    }
  }

  /** When the channel's next run is due; empty when the schedule does not run it. */
  public synchronized Optional<Instant> nextAt(ChannelKey key) {
    Watch w = watches.get(key);
    return w == null ? Optional.empty() : Optional.of(w.nextAt);
  }

  /** Whether a run of the channel is going on now. */
  public synchronized boolean running(ChannelKey key) {
    Watch w = watches.get(key);
    return w != null && w.running;
  }

  /** The wait after {@code failures} failed runs in a row: the interval doubled per failure. */
  public Duration backoff(Duration interval, int failures) {
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
    runs.shutdownNow();
    try {
      runs.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      watches.values().forEach(w -> w.waiting.forEach(f -> f.complete(null)));
    }
  }
}
