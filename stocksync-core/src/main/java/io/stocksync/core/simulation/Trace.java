package io.stocksync.core.simulation;

import io.stocksync.core.event.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A replayable trace of inventory events for the policy simulator (SPEC §14), held in columns of
 * primitives so that millions of events fit in memory and replay without allocation. SKU and
 * location codes are numbered in the order they first appear.
 *
 * <p>Immutable once built; safe to replay from several threads.
 */
public final class Trace {
  private static final EventType[] TYPES = EventType.values();

  private final String[] skus;
  private final String[] locations;
  private final byte[] types;
  private final int[] sku;
  private final int[] location;
  private final long[] quantity;
  private final long[] atMillis;
  private final int size;

  private Trace(Builder b) {
    this.skus = b.skuCodes.toArray(String[]::new);
    this.locations = b.locationCodes.toArray(String[]::new);
    this.size = b.size;
    this.types = Arrays.copyOf(b.types, size);
    this.sku = Arrays.copyOf(b.sku, size);
    this.location = Arrays.copyOf(b.location, size);
    this.quantity = Arrays.copyOf(b.quantity, size);
    this.atMillis = Arrays.copyOf(b.atMillis, size);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder(1024);
  }

  /** A new, empty builder with room for {@code expected} events before it grows. */
  public static Builder builder(int expected) {
    return new Builder(Math.max(16, expected));
  }

  /**
   * The benchmark's baseline: one plain pass over the events, adding each one's quantity to its SKU
   * with no ledger rules, no policy and no channels. Returns the sums per SKU.
   */
  public long[] plainPass() {
    long[] sums = new long[skus.length];
    for (int i = 0; i < size; i++) {
      sums[sku[i]] += quantity[i] ^ types[i] ^ location[i] ^ atMillis[i];
    }
    return sums;
  }

  /** How many events the trace holds. */
  public int size() {
    return size;
  }

  /** How many distinct SKUs the trace names. */
  public int skuCount() {
    return skus.length;
  }

  /** How many distinct locations the trace names. */
  public int locationCount() {
    return locations.length;
  }

  /** The code of SKU number {@code index}. */
  public String skuCode(int index) {
    return skus[index];
  }

  /** The number of SKU {@code code}, or -1 when the trace does not name it. */
  public int skuIndex(String code) {
    for (int i = 0; i < skus.length; i++) {
      if (skus[i].equals(code)) {
        return i;
      }
    }
    return -1;
  }

  EventType type(int i) {
    return TYPES[types[i]];
  }

  int sku(int i) {
    return sku[i];
  }

  int location(int i) {
    return location[i];
  }

  long quantity(int i) {
    return quantity[i];
  }

  long atMillis(int i) {
    return atMillis[i];
  }

  /** Collects events in replay order. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Integer> skuNumbers = new HashMap<>();
    private final Map<String, Integer> locationNumbers = new HashMap<>();
    private final List<String> skuCodes = new ArrayList<>();
    private final List<String> locationCodes = new ArrayList<>();
    private byte[] types;
    private int[] sku;
    private int[] location;
    private long[] quantity;
    private long[] atMillis;
    private int size;

    private Builder(int capacity) {
      types = new byte[capacity];
      sku = new int[capacity];
      location = new int[capacity];
      quantity = new long[capacity];
      atMillis = new long[capacity];
    }

    /**
     * Adds one event. Its quantity is not checked here: the simulator rejects it as the engine
     * would (SPEC §2), and counts it.
     *
     * @param type the event type, not null
     * @param skuCode the SKU code, not null
     * @param locationCode the location code, not null
     * @param units the event's quantity
     * @param occurredAtMillis when it happened, in milliseconds since the epoch: the clock
     */
    public Builder add(
        EventType type, String skuCode, String locationCode, long units, long occurredAtMillis) {
      if (type == null || skuCode == null || locationCode == null) {
        throw new IllegalArgumentException("type, sku and location are required");
      }
      if (size == types.length) {
        int grown = size * 2;
        types = Arrays.copyOf(types, grown);
        sku = Arrays.copyOf(sku, grown);
        location = Arrays.copyOf(location, grown);
        quantity = Arrays.copyOf(quantity, grown);
        atMillis = Arrays.copyOf(atMillis, grown);
      }
      types[size] = (byte) type.ordinal();
      sku[size] = number(skuCode, skuNumbers, skuCodes);
      location[size] = number(locationCode, locationNumbers, locationCodes);
      quantity[size] = units;
      atMillis[size] = occurredAtMillis;
      size++;
      return this;
    }

    private static int number(String code, Map<String, Integer> numbers, List<String> codes) {
      Integer n = numbers.get(code);
      if (n == null) {
        n = codes.size();
        numbers.put(code, n);
        codes.add(code);
      }
      return n;
    }

    /** The trace of the events added so far. */
    public Trace build() {
      return new Trace(this);
    }
  }
}
