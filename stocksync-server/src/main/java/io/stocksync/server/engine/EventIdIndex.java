package io.stocksync.server.engine;

/**
 * A compact set of 64-bit fingerprints of (account, event id): 8 bytes an event in an
 * open-addressed table, so the ids of every event ever applied fit in memory. A miss proves an
 * event is new; a hit only says "maybe seen" and is confirmed against the store (fingerprints can
 * collide).
 *
 * <p>Not thread-safe: owned by one partition's writer.
 */
final class EventIdIndex {
  private static final double MAX_LOAD = 0.6;

  private long[] table = new long[1 << 12];
  private int size;

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
    if (size + 1 > table.length * MAX_LOAD) {
      grow();
    }
    if (insert(table, fingerprint)) {
      size++;
    }
  }

  int size() {
    return size;
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

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (long v : table) {
      if (v != 0) {
        insert(bigger, v);
      }
    }
    table = bigger;
  }
}
