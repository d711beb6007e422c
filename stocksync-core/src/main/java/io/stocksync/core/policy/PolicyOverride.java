package io.stocksync.core.policy;

/**
 * A SKU's own values for some of the sync policy's settings; a null field means "the account's".
 */
public record PolicyOverride(
    Long threshold, Long batchSize, Long significantQuantity, Long maxStalenessSeconds) {

  public static final PolicyOverride NONE = new PolicyOverride(null, null, null, null);

  public PolicyOverride {
    atLeast("threshold", threshold, 0);
    atLeast("batchSize", batchSize, 1);
    atLeast("significantQuantity", significantQuantity, 1);
    atLeast("maxStalenessSeconds", maxStalenessSeconds, 0);
  }

  private static void atLeast(String field, Long value, long min) {
    if (value != null && value < min) {
      throw new IllegalArgumentException(field + " must be " + min + " or more");
    }
  }

  /** Whether no field is set. */
  public boolean isEmpty() {
    return threshold == null
        && batchSize == null
        && significantQuantity == null
        && maxStalenessSeconds == null;
  }

  /** This override with the fields {@code other} sets replacing ours. */
  public PolicyOverride merge(PolicyOverride other) {
    return new PolicyOverride(
        other.threshold != null ? other.threshold : threshold,
        other.batchSize != null ? other.batchSize : batchSize,
        other.significantQuantity != null ? other.significantQuantity : significantQuantity,
        other.maxStalenessSeconds != null ? other.maxStalenessSeconds : maxStalenessSeconds);
  }
}
