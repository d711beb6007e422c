package io.stocksync.server.engine;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import io.stocksync.core.inventory.ChannelAlerts;
import io.stocksync.core.inventory.InvalidRequestException;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.inventory.StorableValues;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.WriteSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer: the accounts of one partition, applied in order in memory by the applier thread and
 * made durable in batches by the committer thread (group commit). The applier works on the next
 * batch while the committer writes the previous one; a result completes only after its batch is
 * durable. If a commit fails, the applier rebuilds its state from the store before it goes on:
 * memory never runs ahead of what a restart would see for longer than the pipeline.
 *
 * <p>A failed commit is handled by its kind ({@link CommitFailures}). A store failure (connection
 * lost, lock, disk) fails the work in flight with {@link StoreException}; the applier then retries
 * the rebuild with capped backoff, for as long as the outage lasts, failing what arrives meanwhile,
 * and goes on by itself once the store answers. A failure that may be tied to what one task wrote
 * (a value the database refuses) replays the work in flight on the rebuilt state, committing it in
 * halves (bisection) until the task that cannot be stored is alone: that task fails with {@link
 * InvalidRequestException}, every other task is applied. So a task may run twice, the second time
 * on the state as stored; a {@link Command} must not have effects outside the account state. {@link
 * #health} says meanwhile whether the partition can write.
 *
 * <p>The partition keeps the pipeline (inbox, batches, the two threads); reading its accounts from
 * the store is {@link PartitionLoader}'s, and the rebuild, the outage's backoff, the bisection and
 * the health are {@link PartitionRecovery}'s.
 */
final class Partition {
  private static final Logger log = LoggerFactory.getLogger(Partition.class);

  private final int index;
  private final LedgerRepository repository;
  private final PartitionLoader loader;
  private final PartitionRecovery recovery;
  private final Clock clock;
  private final EngineSettings settings;
  private final EngineStats stats;
  private final List<Consumer<WriteSet>> listeners;

  private final BlockingQueue<Task<?>> inbox;
  private static final int MAX_WAITING_BATCHES = 2;
  private static final long GATHER_POLL_MICROS = 50;

  private final BlockingQueue<Batch> handoff = new LinkedBlockingQueue<>();

  /** One permit per batch that may be handed to the committer and not yet finished. */
  private final Semaphore handoffSlots = new Semaphore(MAX_WAITING_BATCHES);

  private final Thread applier;
  private final Thread committer;

  // Applier-confined state.
  private Map<String, AccountState> accounts;
  private EventIdIndex eventIds;
  private final Set<String> recentKeys = new HashSet<>();
  private final ArrayDeque<Batch> uncommitted = new ArrayDeque<>();
  private Changes changes = new Changes();
  private List<Task<?>> open = new ArrayList<>();
  private List<String> openKeys = new ArrayList<>();
  private int openEvents;
  private long openedAt;
  private long nextSeq = 1;
  private long lastStalenessCheck;

  // Shared between the two threads.
  private volatile long durableSeq;
  private volatile boolean commitFailed;
  private volatile boolean stopping;

  /** Why the applier stopped for good, or null while it runs. */
  private volatile Throwable died;

  /** Batches the committer could not commit (or did not try to, after a failure), in order. */
  private final ConcurrentLinkedQueue<Batch> returned = new ConcurrentLinkedQueue<>();

  /** What the last failed commit threw; read by the applier once {@code commitFailed} is set. */
  private volatile RuntimeException commitFailure;

  /** One unit of submitted work and the future its caller waits on. */
  abstract static class Task<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();
    final String accountId;
    final long queuedAt = System.nanoTime(); // for the inbox-wait statistics
    T result;

    Task(String accountId) {
      this.accountId = accountId;
    }

    /** Events this task carries, for batch sizing. */
    int weight() {
      return 1;
    }

    /** Runs on the applier; returns normally when its changes are in the partition's Changes. */
    abstract void run(Partition p, Instant now);

    /** Fails every task of {@code tasks} with {@code cause}. */
    static void failAll(List<Task<?>> tasks, RuntimeException cause) {
      for (Task<?> t : tasks) {
        t.future.completeExceptionally(cause);
      }
    }

    /** Completes every task of {@code tasks} not done yet with its result. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void completeAll(List<Task<?>> tasks) {
      for (Task t : tasks) {
        if (!t.future.isDone()) {
          t.future.complete(t.result);
        }
      }
    }
  }

  /** A closed batch on its way to the store; {@code closedAt} is its System.nanoTime() at close. */
  private record Batch(
      long seq,
      WriteSet writes,
      List<Task<?>> tasks,
      List<String> eventKeys,
      int events,
      long closedAt) {
    Batch(long seq, WriteSet writes, List<Task<?>> tasks, List<String> eventKeys, int events) {
      this(seq, writes, tasks, eventKeys, events, System.nanoTime());
    }
  }

  Partition(
      int index,
      LedgerRepository repository,
      Clock clock,
      EngineSettings settings,
      Predicate<String> owns,
      EngineStats stats,
      List<Consumer<WriteSet>> listeners) {
    this.index = index;
    this.repository = repository;
    this.clock = clock;
    this.settings = settings;
    this.stats = stats;
    this.listeners = listeners;
    this.inbox = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.loader = new PartitionLoader(index, repository, owns);
    this.recovery =
        new PartitionRecovery(index, repository, clock, stats, inbox, new RecoveringApplier());
    load();
    this.applier = new Thread(this::applyLoop, "stocksync-applier-" + index);
    this.committer = new Thread(this::commitLoop, "stocksync-committer-" + index);
  }

  void start() {
    applier.start();
    committer.start();
  }

  /** Replaces the applier-confined state by the store's: every account the partition owns. */
  private void load() {
    PartitionLoader.Loaded loaded = loader.loadAll();
    accounts = loaded.accounts();
    eventIds = loaded.eventIds();
    recentKeys.clear();
    uncommitted.clear();
  }

  /** What {@link PartitionRecovery} does on the applier-confined state. */
  private final class RecoveringApplier implements PartitionRecovery.Applier {
    @Override
    public void reload() {
      load();
    }

    @Override
    public void run(Task<?> task) {
      runTask(task);
    }

    @Override
    public WriteSet drainChanges() {
      return changes.drain();
    }

    @Override
    public void discardChanges() {
      changes = new Changes();
    }

    @Override
    public void committed(WriteSet writes) {
      notifyCommitted(writes);
    }

    @Override
    public void writable() {
      commitFailed = false;
    }

    @Override
    public void replayed() {
      recentKeys.clear(); // every key still in it is durable now
      openKeys = new ArrayList<>();
    }

    @Override
    public boolean stopping() {
      return stopping;
    }

    @Override
    public boolean died() {
      return died != null;
    }
  }

  /** Queues a task; blocks while the inbox is full (backpressure on submitters). */
  <T> CompletableFuture<T> submit(Task<T> task) {
    if (stopping) {
      task.future.completeExceptionally(new IllegalStateException("the engine is shutting down"));
      return task.future;
    }
    if (died != null) {
      task.future.completeExceptionally(stoppedBy(died));
      return task.future;
    }
    try {
      inbox.put(task);
      if (died != null && inbox.remove(task)) {
        task.future.completeExceptionally(stoppedBy(died)); // it died while we were queueing
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.future.completeExceptionally(e);
    }
    return task.future;
  }

  // ------------------------------------------------------------------ applier

  private void applyLoop() {
    long tickNanos = Math.max(1, settings.stalenessTick().toNanos());
    try {
      while (true) {
        if (commitFailed && !recover()) {
          break; // stopping during an outage: nothing accepted can be committed any more
        }
        boolean idle = open.isEmpty() && changes.isEmpty();
        Task<?> task =
            idle
                ? inbox.poll(tickNanos, TimeUnit.NANOSECONDS)
                : inbox.poll(GATHER_POLL_MICROS, TimeUnit.MICROSECONDS);
        if (commitFailed && !recover()) {
          if (task != null) {
            task.future.completeExceptionally(recovery.unavailable());
          }
          break;
        }
        // (a task just taken runs on the state rebuilt from the store)
        long nowNanos = System.nanoTime();
        if (nowNanos - lastStalenessCheck >= tickNanos) {
          lastStalenessCheck = nowNanos;
          syncStale(clock.instant());
        }
        if (task != null) {
          stats.recordInboxWait(nowNanos - task.queuedAt);
          if (open.isEmpty()) {
            openedAt = nowNanos;
          }
          runTask(task);
          open.add(task);
          openEvents += task.weight();
          if (openEvents >= settings.batchEvents()) {
            closeBatch();
          }
        } else if (!open.isEmpty() || !changes.isEmpty()) {
          // Nothing more queued: close the batch as soon as the store is free to take it, or
          // when the longest wait is over; meanwhile keep gathering (group commit).
          if (!committerBusy() || nowNanos - openedAt >= settings.maxWait().toNanos()) {
            closeBatch();
          }
        } else if (stopping && inbox.isEmpty()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failOpen("the engine was interrupted");
    } catch (RuntimeException | Error e) {
      log.error("partition {} applier died", index, e);
      died = e;
      recovery.stopped(e);
      failOpen("the engine failed: " + e);
      // Nothing will take the queued work any more: fail it (and, in submit, all that follows)
      // rather than leave callers waiting for ever.
      for (Task<?> queued; (queued = inbox.poll()) != null; ) {
        queued.future.completeExceptionally(stoppedBy(e));
      }
      throw e;
    } finally {
      // Stopping during an outage: what is still queued can only fail.
      for (Task<?> queued; (queued = inbox.poll()) != null; ) {
        queued.future.completeExceptionally(recovery.unavailable());
      }
      handoff.add(
          new Batch(-1, WriteSet.EMPTY, List.of(), List.of(), 0)); // tells the committer to stop
    }
  }

  private static IllegalStateException stoppedBy(Throwable cause) {
    return new IllegalStateException("the engine's writer stopped: " + cause, cause);
  }

  private void runTask(Task<?> task) {
    try {
      task.run(this, clock.instant());
    } catch (RuntimeException e) {
      task.future.completeExceptionally(e);
    } catch (Error e) {
      task.future.completeExceptionally(e);
      throw e; // the writer's state can no longer be trusted: stop it
    }
  }

  private boolean committerBusy() {
    return handoffSlots.availablePermits() < MAX_WAITING_BATCHES;
  }

  private void closeBatch() throws InterruptedException {
    // Backpressure: at most MAX_WAITING_BATCHES wait for the store; the applier blocks beyond that.
    handoffSlots.acquire();
    Batch batch = new Batch(nextSeq++, changes.drain(), open, openKeys, openEvents);
    clearOpen();
    uncommitted.add(batch);
    handoff.add(batch);
    forgetDurableKeys();
  }

  private void forgetDurableKeys() {
    long durable = durableSeq;
    while (!uncommitted.isEmpty() && uncommitted.peekFirst().seq() <= durable) {
      for (String key : uncommitted.pollFirst().eventKeys()) {
        recentKeys.remove(key);
      }
    }
  }

  private void syncStale(Instant now) {
    for (AccountState a : accounts.values()) {
      Instant due = a.nextStalenessDeadline();
      if (due != null && !due.isAfter(now)) {
        a.syncStale(now, changes);
      }
      ChannelAlerts.checkLag(a, ChannelAlerts.DEFAULT_LAG, now, changes); // SPEC §10
    }
  }

  private void failOpen(String why) {
    for (Task<?> t : open) {
      t.future.completeExceptionally(new StoreException(why, null));
    }
    clearOpen();
  }

  /** Starts the next batch empty (the open one was handed on, failed or taken back). */
  private void clearOpen() {
    open = new ArrayList<>();
    openKeys = new ArrayList<>();
    openEvents = 0;
  }

  /**
   * Handles a failed commit once the committer has given back every batch handed to it: takes the
   * work in flight off the pipeline and leaves it to {@link PartitionRecovery#recover}. False when
   * the engine stopped before the store came back.
   */
  private boolean recover() throws InterruptedException {
    handoffSlots.acquire(MAX_WAITING_BATCHES);
    try {
      List<Task<?>> pending = new ArrayList<>();
      for (Batch b; (b = returned.poll()) != null; ) {
        pending.addAll(b.tasks());
      }
      pending.addAll(open);
      clearOpen();
      changes = new Changes();
      return recovery.recover(pending, commitFailure);
    } finally {
      handoffSlots.release(MAX_WAITING_BATCHES);
    }
  }

  /** Whether this partition can write now, and if not why and since when. */
  EngineHealth health() {
    return recovery.health();
  }

  // Task bodies, run on the applier.

  List<EventResult> ingest(String accountId, List<InventoryEvent> events, Instant now) {
    AccountState account = account(accountId);
    List<EventResult> results = new ArrayList<>(events.size());
    for (InventoryEvent e : events) {
      results.add(ingestOne(account, e, now));
    }
    return results;
  }

  private EventResult ingestOne(AccountState account, InventoryEvent e, Instant now) {
    // An id the store could not hold never reaches the duplicate query (PostgreSQL fails on a
    // NUL): the account's validation rejects it, naming the field.
    if (e.id() != null
        && !e.id().isBlank()
        && StorableValues.problemWithText(e.id(), AccountState.MAX_ID_LENGTH) == null) {
      long fp = EventIdIndex.fingerprint(account.id(), e.id());
      if (eventIds.mightContain(fp)) {
        String key = account.id() + '\u0000' + e.id();
        if (recentKeys.contains(key) || repository.containsEvent(account.id(), e.id())) {
          stats.duplicates.increment();
          return EventResult.duplicate(e.id());
        }
        stats.fingerprintCollisions.increment();
      }
      EventResult r = account.apply(e, now, changes);
      if (r.status() == EventResult.Status.APPLIED) {
        eventIds.add(fp);
        String key = account.id() + '\u0000' + e.id();
        recentKeys.add(key);
        openKeys.add(key);
      }
      return r;
    }
    return account.apply(e, now, changes);
  }

  <T> T command(String accountId, Command<T> command, Instant now) {
    return command.run(account(accountId), changes, now);
  }

  <T> T command(String accountId, LedgerCommand<T> command, Instant now) {
    AccountState a = account(accountId);
    return command.run(a, changes, e -> ingestOne(a, e, now), now);
  }

  List<String> accountsWithChannel(String channelId) {
    return accounts.values().stream()
        .filter(a -> a.hasChannel(channelId))
        .map(AccountState::id)
        .toList();
  }

  List<io.stocksync.core.port.Rows.ChannelRow> channels() {
    List<io.stocksync.core.port.Rows.ChannelRow> all = new java.util.ArrayList<>();
    for (AccountState a : accounts.values()) {
      all.addAll(
          io.stocksync.core.inventory.ConfigurationQuery.channels(
                  a, null, null, null, Integer.MAX_VALUE)
              .items());
    }
    return all;
  }

  boolean createAccount(String id, String name, SyncPolicy policy, Instant now) {
    if (accounts.containsKey(id)) {
      return false;
    }
    try {
      loadAccount(id);
      return false; // stored by another process since this partition started
    } catch (NotFoundException expected) {
      // a new account indeed
    }
    accounts.put(id, AccountState.create(id, name, policy, now, changes));
    return true;
  }

  void syncStaleNow(Instant now) {
    syncStale(now);
  }

  private AccountState account(String id) {
    AccountState a = accounts.get(id);
    if (a == null) {
      a = loadAccount(id);
    }
    return a;
  }

  /**
   * Loads one account that another process (the {@code account create} command) stored after this
   * partition started. Throws {@link NotFoundException} when the store has none either.
   */
  private AccountState loadAccount(String id) {
    AccountState a = loader.loadAccount(id, eventIds);
    accounts.put(id, a);
    return a;
  }

  // ------------------------------------------------------------------ committer

  private void commitLoop() {
    while (true) {
      Batch batch;
      try {
        batch = handoff.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (batch.seq() < 0) {
        return;
      }
      try {
        if (commitFailed) {
          returned.add(batch); // the applier replays or fails it once it has rebuilt
          continue;
        }
        long started = System.nanoTime();
        stats.recordStoreWait(started - batch.closedAt());
        try {
          if (!batch.writes().isEmpty()) {
            repository.commit(batch.writes());
          }
        } catch (RuntimeException e) {
          log.error("partition {} failed to commit batch {}", index, batch.seq(), e);
          commitFailure = e;
          if (!CommitFailures.mayBeTiedToOneTask(e)) {
            recovery.cannotWrite("a commit failed: " + e.getMessage());
          }
          returned.add(batch);
          commitFailed = true;
          continue;
        }
        stats.recordCommit(batch.events(), System.nanoTime() - started);
        durableSeq = batch.seq();
        Task.completeAll(batch.tasks());
        notifyCommitted(batch.writes());
      } finally {
        handoffSlots.release();
      }
    }
  }

  private void notifyCommitted(WriteSet writes) {
    for (Consumer<WriteSet> listener : listeners) {
      try {
        listener.accept(writes);
      } catch (RuntimeException e) {
        log.warn("a commit listener failed", e);
      }
    }
  }

  // ------------------------------------------------------------------ lifecycle

  /** Stops taking work, finishes and commits what was accepted, then returns. */
  void stop() throws InterruptedException {
    stopping = true;
    applier.join();
    committer.join();
  }
}
