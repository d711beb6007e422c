package io.stocksync.core.simulation;

import io.stocksync.core.channel.Urgency;
import java.util.Arrays;

/**
 * One simulated channel during a run: what it shows per SKU, the pushes queued for it (latest
 * target wins; urgent first, SPEC §5), its token bucket of calls, and the over-statement it shows
 * beyond the true available. Not thread-safe: owned by one {@link Simulator} run.
 */
final class ChannelLane {
  private static final int NONE = -1;
  private static final int CLASSES = Urgency.values().length;

  final ChannelModel model;
  private final long[] shown;
  private final long[] queued;
  private final byte[] queuedClass;
  private final IntQueue[] queues = new IntQueue[CLASSES];
  private int live;

  private double tokens;
  private long refilledAt;

  private final long[] overValue;
  private final long[] overSince;
  private double unitMillis;
  private long maxOver;
  final OverstatementHistogram samples = new OverstatementHistogram();

  long pushes;
  long calls;
  private long lastCallAt = Long.MIN_VALUE;

  ChannelLane(ChannelModel model, int skus, long startMillis) {
    this.model = model;
    this.shown = new long[skus];
    this.queued = new long[skus];
    this.queuedClass = new byte[skus];
    Arrays.fill(queuedClass, (byte) NONE);
    for (int c = 0; c < CLASSES; c++) {
      queues[c] = new IntQueue();
    }
    this.tokens = model.burst();
    this.refilledAt = startMillis;
    this.overValue = new long[skus];
    this.overSince = new long[skus];
    Arrays.fill(overSince, startMillis);
  }

  long shown(int sku) {
    return shown[sku];
  }

  long maxOverstatement() {
    return maxOver;
  }

  double unitSeconds() {
    return unitMillis / 1000.0;
  }

  /** A sync decided {@code target} for {@code sku}: queue it, replace a queued one, or drop it. */
  void offer(int sku, long target) {
    int cls = queuedClass[sku];
    if (target == shown[sku]) {
      if (cls != NONE) {
        queuedClass[sku] = (byte) NONE; // the channel already shows it: the queued push goes
        live--;
      }
      return;
    }
    int urgency = Urgency.of(target, shown[sku]).ordinal();
    queued[sku] = target;
    if (cls == urgency) {
      return; // replaced in place
    }
    if (cls == NONE) {
      live++;
    }
    queuedClass[sku] = (byte) urgency;
    queues[urgency].add(sku);
  }

  /** Sends every call the bucket allows at {@code now}. */
  void flush(long now, long[] available) {
    if (live == 0) {
      return;
    }
    refill(now);
    while (live > 0 && (model.unlimited() || tokens >= 1)) {
      call(now, available);
    }
  }

  /** Sends the calls that fall due in the bucket up to {@code until}, each at its own instant. */
  void advance(long until, long[] available) {
    while (live > 0 && !model.unlimited()) {
      refill(refilledAt);
      long next =
          tokens >= 1
              ? refilledAt
              : refilledAt + (long) Math.ceil((1 - tokens) * 1000 / model.callsPerSecond());
      if (next > until) {
        return;
      }
      refill(next);
      tokens = Math.max(tokens, 1); // rounding of the instant up to a millisecond
      call(next, available);
    }
  }

  private void refill(long now) {
    if (model.unlimited() || now <= refilledAt) {
      return;
    }
    tokens = Math.min(model.burst(), tokens + (now - refilledAt) * model.callsPerSecond() / 1000);
    refilledAt = now;
  }

  private void call(long now, long[] available) {
    int room = model.itemsPerCall();
    for (int c = 0; c < CLASSES && room > 0; c++) {
      IntQueue q = queues[c];
      while (room > 0 && !q.isEmpty()) {
        int sku = q.poll();
        if (queuedClass[sku] != c) {
          continue; // replaced by a push of another urgency, or dropped
        }
        queuedClass[sku] = (byte) NONE;
        live--;
        shown[sku] = queued[sku];
        pushes++;
        room--;
        observe(sku, available[sku], now);
      }
    }
    calls++;
    lastCallAt = now;
    if (!model.unlimited()) {
      tokens -= 1;
    }
  }

  /** The true available of {@code sku} or what the channel shows changed at {@code now}. */
  void observe(int sku, long available, long now) {
    long over = Math.max(0, shown[sku] - Math.max(0, available));
    long before = overValue[sku];
    if (before != 0 && now > overSince[sku]) {
      unitMillis += (double) before * (now - overSince[sku]);
      // The largest figure counts once it was shown for a while, or seen by a sample: a figure
      // replaced within the same instant (the push the transaction itself caused) was never shown.
      maxOver = Math.max(maxOver, before);
    }
    overValue[sku] = over;
    overSince[sku] = now;
  }

  /** Samples the over-statement {@code sku} shows now, for the percentile. */
  void sample(int sku) {
    long over = overValue[sku];
    samples.add(over);
    maxOver = Math.max(maxOver, over);
  }

  /** Closes every listing's over-statement interval at {@code end}. */
  void close(long end) {
    for (int s = 0; s < overValue.length; s++) {
      if (overValue[s] != 0 && end > overSince[s]) {
        unitMillis += (double) overValue[s] * (end - overSince[s]);
        maxOver = Math.max(maxOver, overValue[s]);
        overSince[s] = end;
      }
    }
  }

  boolean idle() {
    return live == 0;
  }

  /** When the last call went, or {@link Long#MIN_VALUE} before the first. */
  long lastCallAt() {
    return lastCallAt;
  }

  /** A growable FIFO of ints. */
  private static final class IntQueue {
    private int[] items = new int[64];
    private int head;
    private int tail;

    void add(int v) {
      if (tail == items.length) {
        if (head > items.length / 2) {
          System.arraycopy(items, head, items, 0, tail - head);
          tail -= head;
          head = 0;
        } else {
          items = Arrays.copyOf(items, items.length * 2);
        }
      }
      items[tail++] = v;
    }

    int poll() {
      int v = items[head++];
      if (head == tail) {
        head = 0;
        tail = 0;
      }
      return v;
    }

    boolean isEmpty() {
      return head == tail;
    }
  }
}
