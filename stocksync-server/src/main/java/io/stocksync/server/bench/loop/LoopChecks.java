package io.stocksync.server.bench.loop;

import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.server.bench.loop.LoopEvidence.LedgerLine;
import io.stocksync.server.bench.loop.LoopEvidence.Sale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The loop's measures, computed from {@link LoopEvidence} alone: oversold units, inflations, and
 * the two latencies. Written from the rules as the specification words them, not from the engine:
 *
 * <ul>
 *   <li><b>Oversold</b>: per SKU, the marketplaces' sales (less cancels) and the warehouse's
 *       put-aways replayed in time order; the units of a sale beyond what was left count against
 *       the marketplace that sold them.
 *   <li><b>Inflation</b> (a push never raises a channel's held figure back over units that channel
 *       has already sold): a write that raised a held figure above {@code max(0, A − U)}, where
 *       {@code A} is the SKU's available by the tool's ledger and {@code U} the channel's own sales
 *       of it that the ledger had not booked yet (and that were not cancelled), at every moment of
 *       the window {@link #decisionSlack} before the write (the decision precedes the write by the
 *       push's time in flight; the check takes the most favourable moment of it).
 *   <li><b>Order → ledger</b>: from the sale on the storefront to the ledger's line for it.
 *   <li><b>Order → every other channel acknowledged</b>: from the sale to the moment every other
 *       channel's marketplace shows a figure no higher than the ledger's available (after the sale
 *       was booked): at once when it showed one already, else at the first write that did.
 * </ul>
 *
 * Pure: no I/O, no clock.
 */
public final class LoopChecks {
  private final LoopEvidence evidence;
  private final Duration decisionSlack;
  private final Map<String, Ledger> ledgers = new HashMap<>();
  private final Map<String, Instant> booked = new HashMap<>();

  /** One raise over the bound. */
  public record Inflation(
      String marketplace, String listing, Instant at, long before, long after, long bound) {}

  /** The latencies of one marketplace's orders. */
  public record Latencies(List<Duration> toLedger, List<Duration> toOthers, int unacknowledged) {}

  /** The available of one SKU through time, by the tool's ledger. */
  private static final class Ledger {
    final long[] times; // epoch nanos, sorted
    final long[] available; // after the line at the same index

    Ledger(List<LedgerLine> lines) {
      List<LedgerLine> sorted = new ArrayList<>(lines);
      sorted.sort(Comparator.comparing(LedgerLine::recordedAt));
      times = new long[sorted.size()];
      available = new long[sorted.size()];
      long a = 0;
      for (int i = 0; i < sorted.size(); i++) {
        a += sorted.get(i).onHandDelta() - sorted.get(i).reservedDelta();
        times[i] = nanos(sorted.get(i).recordedAt());
        available[i] = a;
      }
    }

    long at(Instant t) {
      long n = nanos(t);
      int lo = 0;
      int hi = times.length - 1;
      int found = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (times[mid] <= n) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found < 0 ? 0 : available[found];
    }
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  public LoopChecks(LoopEvidence evidence, Duration decisionSlack) {
    this.evidence = evidence;
    this.decisionSlack = decisionSlack;
    Map<String, List<LedgerLine>> bySku = new HashMap<>();
    for (LedgerLine l : evidence.ledger()) {
      bySku.computeIfAbsent(l.sku(), k -> new ArrayList<>()).add(l);
      booked.merge(l.id(), l.recordedAt(), (a, b) -> a.isBefore(b) ? a : b);
    }
    for (String sku : evidence.shop().skus()) {
      ledgers.put(sku, new Ledger(bySku.getOrDefault(sku, List.of())));
    }
  }

  /** When the tool's ledger booked the sale's order line; null when it never did. */
  public Instant bookedAt(Sale s) {
    return booked.get(s.eventId("placed"));
  }

  /** The SKU's available by the tool's ledger at {@code t}. */
  public long available(String sku, Instant t) {
    return ledgers.get(sku).at(t);
  }

  /** Oversold units per marketplace (every marketplace listed, 0 when none). */
  public Map<String, Long> oversold() {
    record Step(Instant at, int order, String marketplace, long delta) {}
    Map<String, Long> oversold = new LinkedHashMap<>();
    LoopShop.CHANNELS.forEach(c -> oversold.put(c.marketplace(), 0L));
    Map<String, List<Step>> steps = new HashMap<>();
    for (LoopTraffic.PutAway p : evidence.putAways()) {
      steps
          .computeIfAbsent(p.sku(), k -> new ArrayList<>())
          .add(new Step(p.at(), 0, null, p.quantity()));
    }
    for (Sale s : evidence.sales()) {
      List<Step> mine = steps.computeIfAbsent(s.sku(), k -> new ArrayList<>());
      mine.add(new Step(s.placedAt(), 1, s.marketplace(), -s.quantity()));
      if (s.cancelledAt() != null) {
        mine.add(new Step(s.cancelledAt(), 0, null, s.quantity()));
      }
    }
    for (List<Step> mine : steps.values()) {
      mine.sort(Comparator.comparing(Step::at).thenComparing(Step::order));
      long left = 0;
      for (Step step : mine) {
        if (step.delta() < 0) {
          long short_ = Math.min(-step.delta(), Math.max(0, -(left + step.delta())));
          oversold.merge(step.marketplace(), short_, Long::sum);
        }
        left += step.delta();
      }
    }
    return oversold;
  }

  /** Every write that raised a held figure over the bound (empty: no inflation). */
  public List<Inflation> inflations() {
    List<Inflation> found = new ArrayList<>();
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      Map<String, List<Sale>> own = new HashMap<>();
      for (Sale s : evidence.sales()) {
        if (s.marketplace().equals(c.marketplace())) {
          own.computeIfAbsent(s.listing(), k -> new ArrayList<>()).add(s);
        }
      }
      for (HeldLog.Change change : evidence.held().getOrDefault(c.marketplace(), List.of())) {
        long before = change.before() == null ? 0 : change.before();
        boolean push =
            change.cause() == HeldLog.Cause.WRITE || change.cause() == HeldLog.Cause.SEED;
        String sku = evidence.shop().skuOf(c, change.listing());
        if (!push || sku == null || change.after() <= before || change.after() == 0) {
          continue;
        }
        List<Sale> sales = own.getOrDefault(change.listing(), List.of());
        long bound = allowed(sku, sales, change.time());
        if (change.after() > bound) {
          found.add(
              new Inflation(
                  c.marketplace(), change.listing(), change.time(), before, change.after(), bound));
        }
      }
    }
    return found;
  }

  /** The highest {@code max(0, A − U)} over the decision window before {@code t}. */
  private long allowed(String sku, List<Sale> own, Instant t) {
    Instant from = t.minus(decisionSlack);
    List<Instant> moments = new ArrayList<>();
    moments.add(t);
    moments.add(from);
    Ledger ledger = ledgers.get(sku);
    for (long n : ledger.times) {
      Instant at = Instant.ofEpochSecond(0, n);
      if (!at.isBefore(from) && !at.isAfter(t)) {
        moments.add(at);
      }
    }
    for (Sale s : own) {
      for (Instant at : new Instant[] {s.placedAt(), s.cancelledAt(), bookedAt(s)}) {
        if (at != null && !at.isBefore(from) && !at.isAfter(t)) {
          moments.add(at);
        }
      }
    }
    long best = 0;
    for (Instant m : moments) {
      long unbooked = 0;
      for (Sale s : own) {
        Instant b = bookedAt(s);
        boolean sold = !s.placedAt().isAfter(m);
        boolean stillUnbooked = b == null || b.isAfter(m);
        boolean notCancelled = s.cancelledAt() == null || s.cancelledAt().isAfter(m);
        if (sold && stillUnbooked && notCancelled) {
          unbooked += s.quantity();
        }
      }
      best = Math.max(best, Math.max(0, ledger.at(m) - unbooked));
    }
    return best;
  }

  /** The two latencies, per marketplace the order was placed on. */
  public Map<String, Latencies> latencies() {
    Map<String, TreeMap<Long, Long>> logs = new HashMap<>(); // "marketplace|listing" → time → after
    Map<String, List<HeldLog.Change>> pushes = new HashMap<>();
    for (Map.Entry<String, List<HeldLog.Change>> e : evidence.held().entrySet()) {
      for (HeldLog.Change change : e.getValue()) {
        String k = e.getKey() + "|" + change.listing();
        logs.computeIfAbsent(k, x -> new TreeMap<>()).put(nanos(change.time()), change.after());
        if (change.cause() == HeldLog.Cause.WRITE || change.cause() == HeldLog.Cause.SEED) {
          pushes.computeIfAbsent(k, x -> new ArrayList<>()).add(change);
        }
      }
    }
    Map<String, List<Duration>> toLedger = new LinkedHashMap<>();
    Map<String, List<Duration>> toOthers = new LinkedHashMap<>();
    Map<String, Integer> unacked = new LinkedHashMap<>();
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      toLedger.put(c.marketplace(), new ArrayList<>());
      toOthers.put(c.marketplace(), new ArrayList<>());
      unacked.put(c.marketplace(), 0);
    }
    for (Sale s : evidence.sales()) {
      Instant b = bookedAt(s);
      if (b == null) {
        continue;
      }
      toLedger.get(s.marketplace()).add(Duration.between(s.placedAt(), b));
      Instant last = b;
      boolean all = true;
      for (LoopShop.Channel d : LoopShop.CHANNELS) {
        if (d.marketplace().equals(s.marketplace())) {
          continue;
        }
        String k = d.marketplace() + "|" + evidence.shop().key(d, s.sku());
        Instant ack = acknowledged(s.sku(), logs.get(k), pushes.getOrDefault(k, List.of()), b);
        if (ack == null) {
          all = false;
        } else if (ack.isAfter(last)) {
          last = ack;
        }
      }
      if (all) {
        toOthers.get(s.marketplace()).add(Duration.between(s.placedAt(), last));
      } else {
        unacked.merge(s.marketplace(), 1, Integer::sum);
      }
    }
    Map<String, Latencies> out = new LinkedHashMap<>();
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      out.put(
          c.marketplace(),
          new Latencies(
              toLedger.get(c.marketplace()),
              toOthers.get(c.marketplace()),
              unacked.get(c.marketplace())));
    }
    return out;
  }

  private Instant acknowledged(
      String sku, TreeMap<Long, Long> log, List<HeldLog.Change> pushes, Instant booked) {
    if (log != null) {
      Map.Entry<Long, Long> shown = log.floorEntry(nanos(booked));
      if (shown != null && shown.getValue() <= Math.max(0, available(sku, booked))) {
        return booked;
      }
    }
    for (HeldLog.Change p : pushes) {
      if (!p.time().isBefore(booked) && p.after() <= Math.max(0, available(sku, p.time()))) {
        return p.time();
      }
    }
    return null;
  }

  /** The {@code q}-quantile (0..1) of {@code values}; null when there are none. */
  public static Duration quantile(List<Duration> values, double q) {
    if (values.isEmpty()) {
      return null;
    }
    List<Duration> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
