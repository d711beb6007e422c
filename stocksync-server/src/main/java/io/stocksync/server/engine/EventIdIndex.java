package io.stocksync.server.engine;

/**
 * A compact set of 64-bit fingerprints of (account, event id): 8 bytes an event in open-addressed
 * tables, so the ids of every event ever applied fit in memory. A miss proves an event is new; a
 * hit only says "maybe seen" and is confirmed against the store (fingerprints can collide).
 *
 * <p>The fingerprints are spread over {@value #SEGMENTS} segments by their top bits, each its own
 * table that doubles when it is {@value #MAX_LOAD} full, up to {@link #MAX_SEGMENT_SLOTS} slots (a
 * Java array holds fewer than 2^31): some 2^36 slots in all, more than a heap holds. A segment that
 * is full at its largest size stops taking fingerprints and answers "maybe" for every lookup from
 * then on: slower (each lookup asks the store) but never wrong.
 *
 * <p>Not thread-safe: owned by one partition's writer.
 */
final class EventIdIndex {
  private static final double MAX_LOAD = 0.6;

  /** Segments, a power of two: the top {@code SEGMENT_BITS} bits of a fingerprint pick one. */
  static final int SEGMENTS = 64;

  private static final int SEGMENT_BITS = Integer.numberOfTrailingZeros(SEGMENTS);

  /**
   * The largest table a segment grows to: 2^30 slots (8 GiB), the largest power of two a Java array
   * holds.
   */
  static final int MAX_SEGMENT_SLOTS = 1 << 30;

  private static final int FIRST_SEGMENT_SLOTS = 64;

  private final int maxSegmentSlots;
  private final long[][] tables = new long[SEGMENTS][];
  private final int[] sizes = new int[SEGMENTS];
  private final boolean[] saturated = new boolean[SEGMENTS];
  private long size;

  EventIdIndex() {
    this(MAX_SEGMENT_SLOTS);
  }

  /**
   * An index whose segments grow to {@code maxSegmentSlots} at most (a power of two): for tests.
   */
  EventIdIndex(int maxSegmentSlots) {
    if (Integer.bitCount(maxSegmentSlots) != 1
        || maxSegmentSlots < FIRST_SEGMENT_SLOTS
        || maxSegmentSlots > MAX_SEGMENT_SLOTS) {
      throw new IllegalArgumentException(
          "maxSegmentSlots must be a power of two from 64 to 2^30, not " + maxSegmentSlots);
    }
    this.maxSegmentSlots = maxSegmentSlots;
    for (int s = 0; s < SEGMENTS; s++) {
      tables[s] = new long[FIRST_SEGMENT_SLOTS];
    }
  }

  /** The fingerprint of {@code eventId} within {@code accountId}; never 0 (0 marks a free slot). */
  static long fingerprint(String accountId, String eventId) {
    long h = 0x9E3779B97F4A7C15L;
    h = mix(h, accountId);
    h = (h ^ 0xFF) * 0xBF58476D1CE4E5B9L; // separator, so ("ab","c") and ("a","bc") differ
    h = mix(h, eventId);
    h ^= h >>> 31;
    return h == 0 ? 1 : h;
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001B3L;
      h ^= h >>> 29;
    }
    h *= 0x94D049BB133111EBL;
    return h ^ (h >>> 32);
  }

  boolean mightContain(long fingerprint) {
    int s = segment(fingerprint);
    if (saturated[s]) {
      return true;
    }
    long[] table = tables[s];
    int mask = table.length - 1;
    for (int i = slot(fingerprint, mask); ; i = (i + 1) & mask) {
      long v = table[i];
      if (v == 0) {
        return false;
      }
      if (v == fingerprint) {
        return true;
      }
    }
  }

  void add(long fingerprint) {
    int s = segment(fingerprint);
    if (saturated[s]) {
      return;
    }
    if (sizes[s] + 1 > tables[s].length * MAX_LOAD) {
      int bigger = grownCapacity(tables[s].length, maxSegmentSlots);
      if (bigger == tables[s].length) {
        // Full at its largest: from now on every lookup in it asks the store. Free the table.
        saturated[s] = true;
        size -= sizes[s];
        sizes[s] = 0;
        tables[s] = new long[0];
        return;
      }
      tables[s] = rehash(tables[s], bigger);
    }
    if (insert(tables[s], fingerprint)) {
      sizes[s]++;
      size++;
    }
  }

  /** Fingerprints held (those of saturated segments no longer count). */
  long size() {
    return size;
  }

  /** Whether some segment is full at its largest size and answers "maybe" for everything. */
  boolean saturated() {
    for (boolean s : saturated) {
      if (s) {
        return true;
      }
    }
    return false;
  }

  /**
   * The table size after {@code current} slots grow: twice as many, but never more than {@code max}
   * (so never past 2^30, whose double overflows an int); {@code current} itself when it is already
   * {@code max}.
   */
  static int grownCapacity(int current, int max) {
    return current >= max ? current : (int) Math.min((long) current * 2, max);
  }

  private static int segment(long fingerprint) {
    return (int) (fingerprint >>> (Long.SIZE - SEGMENT_BITS));
  }

  private static int slot(long fingerprint, int mask) {
    return (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
  }

  private static boolean insert(long[] t, long fingerprint) {
    int mask = t.length - 1;
    for (int i = slot(fingerprint, mask); ; i = (i + 1) & mask) {
      long v = t[i];
      if (v == 0) {
        t[i] = fingerprint;
        return true;
      }
      if (v == fingerprint) {
        return false;
      }
    }
  }

  private static long[] rehash(long[] table, int slots) {
    long[] bigger = new long[slots];
    for (long v : table) {
      if (v != 0) {
        insert(bigger, v);
      }
    }
    return bigger;
  }
}
