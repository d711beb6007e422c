package io.stocksync.server.engine;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counters of an engine's work, for logs, benchmarks and metrics. Thread-safe: the writers record,
 * any thread reads. The distributions are cumulative since the engine started; a caller that wants
 * those of an interval copies them at its start and subtracts that copy from a copy taken at its
 * end ({@link Histogram#subtract}).
 */
public final class EngineStats {
  final LongAdder batches = new LongAdder();
  final LongAdder events = new LongAdder();
  final LongAdder commitNanos = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder fingerprintCollisions = new LongAdder();

  // Auto-resizing, three significant digits: a few kilobytes each, and no value is ever clipped.
  private final Histogram commitMicros = new ConcurrentHistogram(3);
  private final Histogram batchSizes = new ConcurrentHistogram(3);
  private final Histogram storeWaitMicros = new ConcurrentHistogram(3);
  private final Histogram inboxWaitMicros = new ConcurrentHistogram(3);

  void recordCommit(int batchEvents, long nanos) {
    batches.increment();
    events.add(batchEvents);
    commitNanos.add(nanos);
    commitMicros.recordValue(nanos / 1_000);
    batchSizes.recordValue(batchEvents);
  }

  /** A closed batch waited {@code nanos} for the committer to start writing it. */
  void recordStoreWait(long nanos) {
    storeWaitMicros.recordValue(Math.max(0, nanos) / 1_000);
  }

  /** A submitted task waited {@code nanos} in the inbox before its writer took it. */
  void recordInboxWait(long nanos) {
    inboxWaitMicros.recordValue(Math.max(0, nanos) / 1_000);
  }

  /** Batches committed. */
  public long batches() {
    return batches.sum();
  }

  /** Events carried by committed batches (applied, duplicate and rejected alike). */
  public long events() {
    return events.sum();
  }

  /** Total time spent in commits, in nanoseconds. */
  public long commitNanos() {
    return commitNanos.sum();
  }

  /** Events answered {@code duplicate}. */
  public long duplicates() {
    return duplicates.sum();
  }

  /** Fingerprint hits that the store showed to be new events. */
  public long fingerprintCollisions() {
    return fingerprintCollisions.sum();
  }

  /** A copy of the distribution of the store's commit time per batch, in microseconds. */
  public Histogram commitMicros() {
    return commitMicros.copy();
  }

  /** A copy of the distribution of events per committed batch. */
  public Histogram batchSizes() {
    return batchSizes.copy();
  }

  /**
   * A copy of the distribution of the time from a batch's closing to the start of its commit (it
   * waits while the committer writes the batch before it), in microseconds.
   */
  public Histogram storeWaitMicros() {
    return storeWaitMicros.copy();
  }

  /**
   * A copy of the distribution of the time from a submission to its writer taking it from the inbox
   * (it waits while the writer applies earlier work or is held back by the store), in microseconds.
   */
  public Histogram inboxWaitMicros() {
    return inboxWaitMicros.copy();
  }
}
