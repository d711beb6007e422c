package io.stocksync.core.policy;

import io.stocksync.core.event.EventType.SeedKind;

/**
 * The sync policy of SPEC §3: when the figure on the channels must be refreshed.
 *
 * @param threshold X: at or below X units available, every transaction syncs at once
 * @param batchSize N: above X, every N-th transaction since the last sync syncs
 * @param significantQuantity Y: an order, adjustment or put-away of Y units or more syncs at once
 * @param maxStalenessSeconds T: above X, no transaction waits longer than T seconds (0 = off)
 */
public record SyncPolicy(
    long threshold, long batchSize, long significantQuantity, long maxStalenessSeconds) {

  /** The seed's figures: X=2000, N=10, Y=100, T=900 s. */
  public static final SyncPolicy DEFAULT = new SyncPolicy(2000, 10, 100, 900);

  public SyncPolicy {
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold must be 0 or more");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be 1 or more");
    }
    if (significantQuantity < 1) {
      throw new IllegalArgumentException("significantQuantity must be 1 or more");
    }
    if (maxStalenessSeconds < 0) {
      throw new IllegalArgumentException("maxStalenessSeconds must be 0 or more");
    }
  }

  /** This policy with the fields {@code override} sets replacing ours. */
  public SyncPolicy with(PolicyOverride override) {
    if (override == null || override.isEmpty()) {
      return this;
    }
    return new SyncPolicy(
        override.threshold() != null ? override.threshold() : threshold,
        override.batchSize() != null ? override.batchSize() : batchSize,
        override.significantQuantity() != null
            ? override.significantQuantity()
            : significantQuantity,
        override.maxStalenessSeconds() != null
            ? override.maxStalenessSeconds()
            : maxStalenessSeconds);
  }

  /**
   * Step 3 of SPEC §3 for one transaction that changed the available figure.
   *
   * @param availableAfter A, the SKU's available after the transaction
   * @param kind the seed kind of the transaction's event
   * @param units the transaction's size in units (for a stock count, |delta|)
   * @param pendingAfter the SKU's pending count including this transaction
   * @return why the SKU syncs now, or {@link SyncTrigger#NONE} when it waits
   */
  public SyncTrigger decide(long availableAfter, SeedKind kind, long units, long pendingAfter) {
    if (availableAfter <= threshold) {
      return SyncTrigger.AT_OR_BELOW_THRESHOLD;
    }
    if (kind != SeedKind.NONE && Math.abs(units) >= significantQuantity) {
      return SyncTrigger.SIGNIFICANT_QUANTITY;
    }
    if (pendingAfter >= batchSize) {
      return SyncTrigger.BATCH_COMPLETE;
    }
    return SyncTrigger.NONE;
  }

  /** Whether the staleness bound is on. */
  public boolean hasStalenessBound() {
    return maxStalenessSeconds > 0;
  }
}
