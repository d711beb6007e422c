package io.stocksync.core.simulation;

import java.util.Arrays;

/**
 * Counts over-statement samples for a percentile: exact below {@value #EXACT}, and above it in
 * buckets 1/64 of a power of two wide (a percentile there is the bucket's lower bound, at most 1.6
 * % under the true figure). Not thread-safe.
 */
final class OverstatementHistogram {
  static final int EXACT = 4096;
  private static final int SUB = 64;
  private static final int FIRST_EXPONENT = 12; // 2^12 = EXACT

  private final long[] counts = new long[EXACT + (64 - FIRST_EXPONENT) * SUB];
  private long total;

  void add(long value) {
    counts[bucket(value)]++;
    total++;
  }

  void clear() {
    Arrays.fill(counts, 0);
    total = 0;
  }

  long total() {
    return total;
  }

  private static int bucket(long v) {
    if (v < EXACT) {
      return (int) Math.max(0, v);
    }
    int e = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) ((v >>> (e - 6)) & (SUB - 1));
    return EXACT + (e - FIRST_EXPONENT) * SUB + sub;
  }

  private static long lowerBound(int bucket) {
    if (bucket < EXACT) {
      return bucket;
    }
    int e = (bucket - EXACT) / SUB + FIRST_EXPONENT;
    int sub = (bucket - EXACT) % SUB;
    return (long) (SUB + sub) << (e - 6);
  }

  /** The smallest value at or above which lies at most {@code 1 − q} of the samples; 0 if none. */
  long percentile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return lowerBound(i);
      }
    }
    return lowerBound(counts.length - 1);
  }
}
