package io.stocksync.server.engine;

import java.time.Duration;

/**
 * How the engine batches its work.
 *
 * @param partitions the number of writers; accounts are spread over them by id. SQLite allows one
 *     writer at a time, so 1 is right there; PostgreSQL can use more.
 * @param batchEvents B: a batch closes once it holds this many events
 * @param maxWait a batch also closes this long after its first event at the latest; in practice it
 *     closes sooner, as soon as the store is free to commit it
 * @param queueCapacity submissions that may wait for a writer before submitters are pushed back
 * @param stalenessTick how often the writer looks for SKUs that reached their staleness bound
 */
public record EngineSettings(
    int partitions, int batchEvents, Duration maxWait, int queueCapacity, Duration stalenessTick) {

  public static final EngineSettings DEFAULT =
      new EngineSettings(1, 4_000, Duration.ofMillis(5), 65_536, Duration.ofMillis(250));

  public EngineSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be 1 or more");
    }
    if (batchEvents < 1) {
      throw new IllegalArgumentException("batchEvents must be 1 or more");
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be 1 or more");
    }
  }

  public EngineSettings withPartitions(int n) {
    return new EngineSettings(n, batchEvents, maxWait, queueCapacity, stalenessTick);
  }

  public EngineSettings withBatchEvents(int n) {
    return new EngineSettings(partitions, n, maxWait, queueCapacity, stalenessTick);
  }
}
