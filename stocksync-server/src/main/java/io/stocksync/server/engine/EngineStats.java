package io.stocksync.server.engine;

import java.util.concurrent.atomic.LongAdder;

/** Counters of an engine's work, for logs, benchmarks and metrics. Thread-safe. */
public final class EngineStats {
  final LongAdder batches = new LongAdder();
  final LongAdder events = new LongAdder();
  final LongAdder commitNanos = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder fingerprintCollisions = new LongAdder();

  void recordCommit(int batchEvents, long nanos) {
    batches.increment();
    events.add(batchEvents);
    commitNanos.add(nanos);
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
}
