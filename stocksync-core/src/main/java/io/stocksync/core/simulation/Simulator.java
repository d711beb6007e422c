package io.stocksync.core.simulation;

import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.policy.SyncTrigger;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@link Trace} through the sync policy of SPEC §3 (or a timer baseline) with a clock
 * taken from each event's {@code occurredAt}, and a model of each channel's batching and rate limit
 * (SPEC §14). The ledger arithmetic and rejections are those of §2 and the targets those of §4
 * ({@link io.stocksync.core.channel.ChannelRules#target}); the decision to sync is {@link
 * SyncPolicy#decide}, the engine's own.
 *
 * <p>What the model takes as given, because a CSV of events does not say otherwise: every location
 * is sellable and feeds every channel, every SKU is listed on every channel, no SKU is a bundle,
 * the channels start showing 0, and a call lands the instant it is sent. The clock never goes back:
 * an event older than the one before it happens at the clock's time (as ingest order rules the
 * engine). After the last event the channels send what is queued; pending transactions that no rule
 * syncs by then stay unsynced, as they would on a server at that instant.
 *
 * <p>Pure: no I/O, no clock, no threads. A simulator is reusable but not thread-safe; run one per
 * thread.
 */
public final class Simulator {
  private static final long NEVER = Long.MAX_VALUE;

  private final Trace trace;
  private final List<ChannelModel> channels;

  private final int skus;
  private final int locations;
  private final long[] onHand;
  private final long[] reserved;
  private final long[] available;
  private final int[] pending;
  private final long[] oldestPending;
  private final int[] touchedAt;
  private final int[] touched;
  private int touchedCount;
  private int instant;

  // Staleness deadlines: with one T per run they fall due in the order they are made, so a FIFO.
  private int[] deadlineSku = new int[256];
  private long[] deadlineSince = new long[256];
  private int deadlineHead;
  private int deadlineTail;

  // SKUs with pending transactions, for the timers.
  private final boolean[] waiting;
  private final int[] waitingList;
  private int waitingCount;

  private ChannelLane[] lanes;
  private long syncs;
  private long rejected;

  public Simulator(Trace trace, List<ChannelModel> channels) {
    if (channels == null || channels.isEmpty()) {
      throw new IllegalArgumentException("at least one channel is required");
    }
    this.trace = trace;
    this.channels = List.copyOf(channels);
    this.skus = trace.skuCount();
    this.locations = Math.max(1, trace.locationCount());
    this.onHand = new long[skus * locations];
    this.reserved = new long[skus * locations];
    this.available = new long[skus];
    this.pending = new int[skus];
    this.oldestPending = new long[skus];
    this.touchedAt = new int[skus];
    this.touched = new int[skus];
    this.waiting = new boolean[skus];
    this.waitingList = new int[skus];
  }

  /** Runs {@code strategy} over the whole trace; {@code keepFigures} keeps the final figures. */
  public SimulationResult run(Strategy strategy, boolean keepFigures) {
    reset();
    long start = trace.size() == 0 ? 0 : trace.atMillis(0);
    lanes = new ChannelLane[channels.size()];
    for (int c = 0; c < lanes.length; c++) {
      lanes[c] = new ChannelLane(channels.get(c), skus, start);
    }
    SyncPolicy policy = strategy instanceof Strategy.Policy p ? p.policy() : null;
    Strategy.Timer timer = strategy instanceof Strategy.Timer t ? t : null;
    long staleMillis =
        policy != null && policy.hasStalenessBound()
            ? saturatedMillis(policy.maxStalenessSeconds())
            : 0;
    long clock = start;
    for (int i = 0; i < trace.size(); i++) {
      long at = Math.max(clock, trace.atMillis(i));
      if (at > clock) {
        settle(clock);
        clock = fireUntil(at, clock, policy, staleMillis, timer);
      }
      apply(i, at, policy, staleMillis, timer != null);
    }
    settle(clock);
    long end = clock;
    for (ChannelLane lane : lanes) {
      lane.advance(NEVER, available);
    }
    for (ChannelLane lane : lanes) {
      // A rate-limited channel may still be sending after the last event: the run ends with it.
      end = Math.max(end, lane.lastCallAt());
    }
    for (ChannelLane lane : lanes) {
      lane.close(end);
    }
    return result(strategy, policy, keepFigures);
  }

  private void reset() {
    java.util.Arrays.fill(onHand, 0);
    java.util.Arrays.fill(reserved, 0);
    java.util.Arrays.fill(available, 0);
    java.util.Arrays.fill(pending, 0);
    java.util.Arrays.fill(oldestPending, 0);
    java.util.Arrays.fill(touchedAt, 0);
    java.util.Arrays.fill(waiting, false);
    touchedCount = 0;
    instant = 1;
    deadlineHead = 0;
    deadlineTail = 0;
    waitingCount = 0;
    syncs = 0;
    rejected = 0;
  }

  private static long saturatedMillis(long seconds) {
    return seconds > Long.MAX_VALUE / 2000 ? Long.MAX_VALUE / 2 : seconds * 1000;
  }

  /** The channels send what this instant queued, then the SKUs it touched are sampled. */
  private void settle(long now) {
    for (ChannelLane lane : lanes) {
      lane.flush(now, available);
    }
    for (int k = 0; k < touchedCount; k++) {
      int s = touched[k];
      for (ChannelLane lane : lanes) {
        lane.sample(s);
      }
    }
    touchedCount = 0;
    instant++;
  }

  /**
   * Moves the clock from {@code clock} to {@code at}: every staleness deadline and timer tick in
   * between fires at its own instant, and the channels send what falls due on the way.
   */
  private long fireUntil(
      long at, long clock, SyncPolicy policy, long staleMillis, Strategy.Timer timer) {
    while (true) {
      long next = NEVER;
      if (policy != null) {
        next = nextDeadline(staleMillis);
      } else if (timer != null && waitingCount > 0) {
        next = nextTick(clock, timer);
      }
      if (next > at) {
        break;
      }
      for (ChannelLane lane : lanes) {
        lane.advance(next, available);
      }
      if (policy != null) {
        int s = deadlineSku[deadlineHead++];
        sync(s);
      } else {
        tick(next, timer);
      }
      settle(next);
      clock = next;
    }
    for (ChannelLane lane : lanes) {
      lane.advance(at, available);
    }
    return at;
  }

  /** When the oldest live deadline falls due; stale ones (their SKU synced since) are dropped. */
  private long nextDeadline(long staleMillis) {
    while (deadlineHead < deadlineTail) {
      int s = deadlineSku[deadlineHead];
      long since = deadlineSince[deadlineHead];
      if (pending[s] > 0 && oldestPending[s] == since) {
        return since + staleMillis;
      }
      deadlineHead++;
    }
    deadlineHead = 0;
    deadlineTail = 0;
    return NEVER;
  }

  private static long nextTick(long clock, Strategy.Timer timer) {
    long period = timer.periodSeconds() * 1000;
    long next = Math.floorDiv(clock, period) * period + period;
    if (timer.outOfStockSeconds() > 0) {
      long oos = timer.outOfStockSeconds() * 1000;
      next = Math.min(next, Math.floorDiv(clock, oos) * oos + oos);
    }
    return next;
  }

  private void tick(long now, Strategy.Timer timer) {
    boolean full = Math.floorMod(now, timer.periodSeconds() * 1000) == 0;
    int kept = 0;
    for (int k = 0; k < waitingCount; k++) {
      int s = waitingList[k];
      if (full || available[s] <= 0) {
        waiting[s] = false;
        sync(s);
      } else {
        waitingList[kept++] = s;
      }
    }
    waitingCount = kept;
  }

  private void apply(int i, long now, SyncPolicy policy, long staleMillis, boolean timed) {
    EventType type = trace.type(i);
    long q = trace.quantity(i);
    if (!type.sign().admits(q)) {
      rejected++;
      return;
    }
    int s = trace.sku(i);
    int slot = s * locations + trace.location(i);
    long onHandDelta = 0;
    long reservedDelta = 0;
    switch (type) {
      case ORDER_PLACED -> reservedDelta = q;
      case ORDER_CANCELLED -> {
        if (q > reserved[slot]) {
          rejected++;
          return;
        }
        reservedDelta = -q;
      }
      case ORDER_SHIPPED -> {
        if (q > reserved[slot] || q > onHand[slot]) {
          rejected++;
          return;
        }
        onHandDelta = -q;
        reservedDelta = -q;
      }
      case RETURN_RECEIVED, PUTAWAY -> onHandDelta = q;
      case ADJUSTMENT -> {
        if (onHand[slot] + q < 0) {
          rejected++;
          return;
        }
        onHandDelta = q;
      }
      case STOCK_COUNT -> onHandDelta = q - onHand[slot];
    }
    onHand[slot] += onHandDelta;
    reserved[slot] += reservedDelta;
    long change = onHandDelta - reservedDelta;
    if (change == 0) {
      return; // SPEC §3 step 1: nothing is stale
    }
    available[s] += change;
    pending[s]++;
    if (pending[s] == 1) {
      oldestPending[s] = now;
    }
    for (ChannelLane lane : lanes) {
      lane.observe(s, available[s], now);
    }
    if (touchedAt[s] != instant) {
      touchedAt[s] = instant;
      touched[touchedCount++] = s;
    }
    if (policy != null) {
      long units = type == EventType.STOCK_COUNT ? Math.abs(onHandDelta) : q;
      SyncTrigger trigger = policy.decide(available[s], type.seedKind(), units, pending[s]);
      if (trigger != SyncTrigger.NONE) {
        sync(s);
      } else if (pending[s] == 1 && staleMillis > 0) {
        addDeadline(s, now);
      }
    } else if (timed && !waiting[s]) {
      waiting[s] = true;
      waitingList[waitingCount++] = s;
    }
  }

  private void addDeadline(int s, long since) {
    if (deadlineTail == deadlineSku.length) {
      int live = deadlineTail - deadlineHead;
      if (deadlineHead > deadlineSku.length / 2) {
        System.arraycopy(deadlineSku, deadlineHead, deadlineSku, 0, live);
        System.arraycopy(deadlineSince, deadlineHead, deadlineSince, 0, live);
      } else {
        int[] skusGrown = new int[deadlineSku.length * 2];
        long[] sinceGrown = new long[deadlineSku.length * 2];
        System.arraycopy(deadlineSku, deadlineHead, skusGrown, 0, live);
        System.arraycopy(deadlineSince, deadlineHead, sinceGrown, 0, live);
        deadlineSku = skusGrown;
        deadlineSince = sinceGrown;
      }
      deadlineHead = 0;
      deadlineTail = live;
    }
    deadlineSku[deadlineTail] = s;
    deadlineSince[deadlineTail] = since;
    deadlineTail++;
  }

  /** SPEC §3: pending back to 0, and every listing of the SKU offered its current target. */
  private void sync(int s) {
    syncs++;
    pending[s] = 0;
    for (ChannelLane lane : lanes) {
      lane.offer(s, lane.model.rules().target(available[s]));
    }
  }

  private SimulationResult result(Strategy strategy, SyncPolicy policy, boolean keepFigures) {
    long pushes = 0;
    long calls = 0;
    long max = 0;
    long p99 = 0;
    double unitSeconds = 0;
    List<SimulationResult.ChannelFigures> figures = new ArrayList<>();
    List<String> names = new ArrayList<>();
    long[][] shown = new long[lanes.length][];
    for (int c = 0; c < lanes.length; c++) {
      ChannelLane lane = lanes[c];
      long laneP99 = lane.samples.percentile(0.99);
      figures.add(
          new SimulationResult.ChannelFigures(
              lane.model.name(),
              lane.pushes,
              lane.calls,
              lane.maxOverstatement(),
              laneP99,
              lane.unitSeconds()));
      pushes += lane.pushes;
      calls += lane.calls;
      max = Math.max(max, lane.maxOverstatement());
      p99 = Math.max(p99, laneP99);
      unitSeconds += lane.unitSeconds();
      names.add(lane.model.name());
      if (keepFigures) {
        shown[c] = new long[skus];
        for (int s = 0; s < skus; s++) {
          shown[c][s] = lane.shown(s);
        }
      }
    }
    return new SimulationResult(
        strategy.name(),
        policy,
        trace.size(),
        rejected,
        syncs,
        pushes,
        calls,
        max,
        p99,
        unitSeconds,
        List.copyOf(figures),
        keepFigures ? new SimulationResult.FinalFigures(trace, names, shown) : null);
  }
}
