package io.stocksync.server.bench;

import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.port.Rows.LedgerRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible stream of inventory events for benchmarks: SKUs drawn from a Zipf distribution (or
 * all on one hot SKU), a mix of the seven event types, kept valid by tracking each SKU's reserved
 * units so cancellations and shipments never exceed them.
 */
public final class IngestWorkload {

  /** The type mix, in percent: orders dominate, as on a real store. */
  private static final EventType[] MIX = mix();

  public static final String LOCATION = "WH1";
  public static final long INITIAL_STOCK = 10_000_000;

  private final int skus;
  private final boolean hot;
  private final double zipfExponent;
  private final long seed;

  public IngestWorkload(int skus, boolean hot, double zipfExponent, long seed) {
    this.skus = skus;
    this.hot = hot;
    this.zipfExponent = zipfExponent;
    this.seed = seed;
  }

  private static EventType[] mix() {
    List<EventType> m = new ArrayList<>();
    add(m, EventType.ORDER_PLACED, 40);
    add(m, EventType.ORDER_SHIPPED, 30);
    add(m, EventType.ORDER_CANCELLED, 6);
    add(m, EventType.RETURN_RECEIVED, 6);
    add(m, EventType.ADJUSTMENT, 6);
    add(m, EventType.STOCK_COUNT, 4);
    add(m, EventType.PUTAWAY, 8);
    return m.toArray(new EventType[0]);
  }

  private static void add(List<EventType> m, EventType t, int percent) {
    for (int i = 0; i < percent; i++) {
      m.add(t);
    }
  }

  public static String skuCode(int i) {
    return String.format("SKU-%06d", i);
  }

  public int skus() {
    return skus;
  }

  /** The generated events and, beside them, the ledger row each one makes (for the baseline). */
  public record Generated(List<InventoryEvent> events, List<LedgerRow> ledgerRows) {}

  /** Generates {@code count} events with ids {@code prefix0 .. prefix(count−1)}. */
  public Generated generate(int count, String accountId, String prefix) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] cdf = hot ? null : zipfCdf(skus, zipfExponent);
    long[] reserved = new long[skus];
    long[] onHand = new long[skus];
    Arrays.fill(onHand, INITIAL_STOCK);
    List<InventoryEvent> events = new ArrayList<>(count);
    List<LedgerRow> rows = new ArrayList<>(count);
    Instant at = Instant.parse("2026-11-27T10:00:00Z");
    for (int i = 0; i < count; i++) {
      int s = hot ? 0 : sample(cdf, random.nextDouble());
      EventType type = MIX[random.nextInt(MIX.length)];
      // Mostly 1–3 units; now and then a large movement that syncs at once (rule b).
      long q = random.nextInt(100) < 2 ? 100 + random.nextInt(400) : 1 + random.nextInt(3);
      if ((type == EventType.ORDER_CANCELLED || type == EventType.ORDER_SHIPPED)
          && reserved[s] < q) {
        type = EventType.ORDER_PLACED;
      }
      long dOn = 0;
      long dRes = 0;
      switch (type) {
        case ORDER_PLACED -> dRes = q;
        case ORDER_CANCELLED -> dRes = -q;
        case ORDER_SHIPPED -> {
          dOn = -q;
          dRes = -q;
        }
        case RETURN_RECEIVED, PUTAWAY -> dOn = q;
        case ADJUSTMENT -> {
          q = random.nextBoolean() ? q : -q;
          dOn = q;
        }
        case STOCK_COUNT -> {
          q = Math.max(0, onHand[s] + random.nextInt(21) - 10);
          dOn = q - onHand[s];
        }
      }
      onHand[s] += dOn;
      reserved[s] += dRes;
      String id = prefix + i;
      Instant occurred = at.plusMillis(i);
      events.add(new InventoryEvent(id, type, skuCode(s), LOCATION, q, occurred));
      rows.add(
          new LedgerRow(
              accountId, id, 0, type, skuCode(s), LOCATION, q, dOn, dRes, occurred, occurred));
    }
    return new Generated(events, rows);
  }

  private static double[] zipfCdf(int n, double exponent) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, exponent);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  private static int sample(double[] cdf, double u) {
    int i = Arrays.binarySearch(cdf, u);
    return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
  }
}
