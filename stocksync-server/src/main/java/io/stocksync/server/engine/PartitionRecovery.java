package io.stocksync.server.engine;

import io.stocksync.core.inventory.InvalidRequestException;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.WriteSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link Partition} gets back on its feet after a failed commit, and what it says of its
 * health meanwhile: it rebuilds the state from the store, waiting out an outage with capped backoff
 * and failing what is submitted until the store answers, and replays work in flight in halves
 * (bisection) until a task whose writes cannot be stored is alone, so that only that task fails.
 *
 * <p>{@link #recover} runs on the partition's applier only, the committer idle; {@link
 * #cannotWrite} is called by its committer too, and {@link #health} by anyone: the health is
 * volatile.
 */
final class PartitionRecovery {
  // The partition's own log: its recovery is part of its story, and logging is configured by it.
  private static final Logger log = LoggerFactory.getLogger(Partition.class);

  /** First wait before the applier tries to rebuild from an unavailable store again. */
  private static final long FIRST_RETRY_MILLIS = 50;

  /** Longest wait between two rebuild attempts during an outage. */
  private static final long MAX_RETRY_MILLIS = 2_000;

  /** What recovery does on the partition's applier-confined state. */
  interface Applier {
    /** Replaces the in-memory state by the store's (throws while the store does not answer). */
    void reload();

    /** Runs a task on the current state; a failure completes its future. */
    void run(Partition.Task<?> task);

    /** Takes the changes the tasks run since the last drain made. */
    WriteSet drainChanges();

    /** Forgets the changes made since the last drain: they will not be committed. */
    void discardChanges();

    /** Tells the commit listeners that {@code writes} are durable. */
    void committed(WriteSet writes);

    /** The rebuilt state was read and the store takes writes: batches may be committed again. */
    void writable();

    /** The work replayed is durable: the event keys it left for the duplicate check can go. */
    void replayed();

    /** Whether the engine is stopping. */
    boolean stopping();

    /** Whether the applier died. */
    boolean died();
  }

  private final int index;
  private final LedgerRepository repository;
  private final Clock clock;
  private final EngineStats stats;
  private final BlockingQueue<Partition.Task<?>> inbox;
  private final Applier applier;

  private volatile EngineHealth health = EngineHealth.UP;

  /** Set while isolating, once a replayed commit hit a store failure: fail the rest at once. */
  private boolean isolationAborted;

  PartitionRecovery(
      int index,
      LedgerRepository repository,
      Clock clock,
      EngineStats stats,
      BlockingQueue<Partition.Task<?>> inbox,
      Applier applier) {
    this.index = index;
    this.repository = repository;
    this.clock = clock;
    this.stats = stats;
    this.inbox = inbox;
    this.applier = applier;
  }

  /** Whether the partition can write now, and if not why and since when. */
  EngineHealth health() {
    return health;
  }

  /** The partition's writer stopped for good. */
  void stopped(Throwable cause) {
    health = EngineHealth.cannotWrite("the engine's writer stopped: " + cause, clock.instant());
  }

  /** The partition cannot write, for {@code reason}, since it first could not (now or before). */
  void cannotWrite(String reason) {
    EngineHealth now = health;
    health = EngineHealth.cannotWrite(reason, now.canWrite() ? clock.instant() : now.since());
  }

  /** What work fails with while the partition cannot write (or once it is stopping). */
  StoreException unavailable() {
    EngineHealth h = health;
    return new StoreException(
        h.canWrite() ? "the engine is stopping" : "the store is unavailable: " + h.reason(), null);
  }

  /**
   * Reloads the state from the store, trying again with capped backoff for as long as the store
   * does not answer, and failing whatever is submitted meanwhile. False when the engine is stopping
   * before the store is back.
   */
  private boolean rebuild() throws InterruptedException {
    long waitMillis = FIRST_RETRY_MILLIS;
    while (true) {
      try {
        applier.reload();
        repository.checkWritable();
        if (!health.canWrite()) {
          log.info("partition {} can write again", index);
        }
        health = EngineHealth.UP;
        return true;
      } catch (RuntimeException e) {
        cannotWrite("the store is unavailable: " + e.getMessage());
        log.warn(
            "partition {} cannot rebuild from the store; trying again in {} ms: {}",
            index,
            waitMillis,
            e.toString());
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
      for (long left; (left = deadline - System.nanoTime()) > 0; ) {
        if (applier.stopping()) {
          return false;
        }
        Partition.Task<?> task =
            inbox.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
        if (task != null) {
          task.future.completeExceptionally(unavailable());
        }
      }
      waitMillis = Math.min(waitMillis * 2, MAX_RETRY_MILLIS);
    }
  }

  /**
   * Handles a failed commit that threw {@code cause}, the committer idle and {@code pending} the
   * work in flight: rebuilds the state from the store (waiting out an outage), then fails that work
   * or, for a failure that may be one task's, replays it in halves. False when the engine stopped
   * before the store came back.
   */
  boolean recover(List<Partition.Task<?>> pending, RuntimeException cause)
      throws InterruptedException {
    boolean isolate = CommitFailures.mayBeTiedToOneTask(cause);
    if (!isolate) {
      Partition.Task.failAll(
          pending, new StoreException("the store failed: " + cause.getMessage(), cause));
    }
    log.warn(
        "partition {} rebuilding its state from the store after a failed commit ({})",
        index,
        isolate ? "replaying the work in flight in halves" : "the work in flight failed");
    if (!rebuild()) {
      Partition.Task.failAll(pending, unavailable());
      return false;
    }
    applier.writable();
    if (isolate) {
      isolationAborted = false;
      isolate(pending);
      applier.replayed();
    }
    return true;
  }

  /**
   * Runs {@code tasks} on the state as stored and commits them together; when that commit fails for
   * a reason that may be one task's, rebuilds and does the same with each half, so that in the end
   * only a task that cannot be stored on its own fails. Commits directly: the committer is idle.
   */
  private void isolate(List<Partition.Task<?>> tasks) throws InterruptedException {
    List<Partition.Task<?>> live = new ArrayList<>();
    for (Partition.Task<?> t : tasks) {
      if (!t.future.isDone()) {
        live.add(t);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    if (isolationAborted || applier.died()) {
      Partition.Task.failAll(live, unavailable());
      return;
    }
    int events = 0;
    for (Partition.Task<?> t : live) {
      applier.run(t);
      events += t.weight();
    }
    WriteSet writes = applier.drainChanges();
    List<Partition.Task<?>> ran = new ArrayList<>();
    for (Partition.Task<?> t : live) {
      if (!t.future.isDone()) {
        ran.add(t);
      }
    }
    long started = System.nanoTime();
    try {
      if (!writes.isEmpty()) {
        repository.commit(writes);
      }
    } catch (RuntimeException e) {
      applier.discardChanges();
      boolean tied = CommitFailures.mayBeTiedToOneTask(e);
      if (!tied) {
        isolationAborted = true;
        cannotWrite("a commit failed: " + e.getMessage());
        Partition.Task.failAll(ran, new StoreException("the store failed: " + e.getMessage(), e));
      }
      if (!rebuild()) {
        isolationAborted = true;
        Partition.Task.failAll(ran, unavailable());
        return;
      }
      if (!tied) {
        return;
      }
      if (ran.size() == 1) {
        log.warn("partition {}: a task's writes cannot be stored; it alone fails", index, e);
        ran.get(0)
            .future
            .completeExceptionally(
                new InvalidRequestException(
                    "body",
                    "the store cannot hold a value of this request ("
                        + rootMessage(e)
                        + "); nothing of it was applied"));
        return;
      }
      int half = ran.size() / 2;
      isolate(ran.subList(0, half));
      isolate(ran.subList(half, ran.size()));
      return;
    }
    stats.recordCommit(events, System.nanoTime() - started);
    Partition.Task.completeAll(ran);
    applier.committed(writes);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
