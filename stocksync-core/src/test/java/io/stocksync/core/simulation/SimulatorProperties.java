package io.stocksync.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The simulator against a plain reference of SPEC §2–§4 written straight from the page (maps, no
 * queues, one channel that lands every push at once), over random traces and policies.
 */
class SimulatorProperties {

  record Step(EventType type, String sku, String location, long quantity, long gapMillis) {}

  @Provide
  Arbitrary<List<Step>> traces() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(EventType.values()),
                Arbitraries.of("A", "B", "C"),
                Arbitraries.of("WH1", "WH2"),
                Arbitraries.oneOf(
                    Arbitraries.longs().between(-5, 30), Arbitraries.longs().between(0, 3000)),
                Arbitraries.longs().between(0, 5000))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(120);
  }

  @Provide
  Arbitrary<SyncPolicy> policies() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 3000),
            Arbitraries.longs().between(1, 12),
            Arbitraries.longs().between(1, 500))
        .as((x, n, y) -> new SyncPolicy(x, n, y, 0));
  }

  private static Trace build(List<Step> steps) {
    Trace.Builder b = Trace.builder();
    long at = 1_000_000;
    for (Step s : steps) {
      at += s.gapMillis();
      b.add(s.type(), s.sku(), s.location(), s.quantity(), at);
    }
    return b.build();
  }

  /** SPEC §2 and §3 step by step, for one channel with no limit, T off. */
  static final class Reference {
    final Map<String, Long> onHand = new HashMap<>();
    final Map<String, Long> reserved = new HashMap<>();
    final Map<String, Long> available = new HashMap<>();
    final Map<String, Long> pending = new HashMap<>();
    final Map<String, Long> shown = new HashMap<>();
    long syncs;
    long pushes;
    long rejected;

    void run(List<Step> steps, SyncPolicy p, ChannelRules rules) {
      for (Step s : steps) {
        String key = s.sku() + "@" + s.location();
        long q = s.quantity();
        long oh = onHand.getOrDefault(key, 0L);
        long res = reserved.getOrDefault(key, 0L);
        long newOh = oh;
        long newRes = res;
        boolean ok =
            switch (s.type()) {
              case ORDER_PLACED -> q > 0 && (newRes = res + q) >= 0;
              case ORDER_CANCELLED -> q > 0 && q <= res && (newRes = res - q) >= 0;
              case ORDER_SHIPPED ->
                  q > 0 && q <= res && q <= oh && (newOh = oh - q) >= 0 && (newRes = res - q) >= 0;
              case RETURN_RECEIVED, PUTAWAY -> q > 0 && (newOh = oh + q) >= 0;
              case ADJUSTMENT -> q != 0 && (newOh = oh + q) >= 0;
              case STOCK_COUNT -> q >= 0 && (newOh = q) >= 0;
            };
        if (!ok) {
          rejected++;
          continue;
        }
        onHand.put(key, newOh);
        reserved.put(key, newRes);
        long change = (newOh - oh) - (newRes - res);
        if (change == 0) {
          continue;
        }
        long a = available.getOrDefault(s.sku(), 0L) + change;
        available.put(s.sku(), a);
        long n = pending.getOrDefault(s.sku(), 0L) + 1;
        pending.put(s.sku(), n);
        boolean seedKind =
            s.type() == EventType.ORDER_PLACED
                || s.type() == EventType.ADJUSTMENT
                || s.type() == EventType.STOCK_COUNT
                || s.type() == EventType.PUTAWAY;
        long size = s.type() == EventType.STOCK_COUNT ? Math.abs(newOh - oh) : Math.abs(q);
        if (a <= p.threshold()
            || (seedKind && size >= p.significantQuantity())
            || n >= p.batchSize()) {
          syncs++;
          pending.put(s.sku(), 0L);
          long target = rules.target(a);
          if (target != shown.getOrDefault(s.sku(), 0L)) {
            pushes++;
            shown.put(s.sku(), target);
          }
        }
      }
    }
  }

  @Property(tries = 500)
  void syncsPushesAndFinalFiguresAreThoseOfTheReference(
      @ForAll("traces") List<Step> steps, @ForAll("policies") SyncPolicy policy) {
    Trace trace = build(steps);
    ChannelRules rules = new ChannelRules(3, 80, null, 1);
    ChannelModel channel = new ChannelModel("c", 1, Double.POSITIVE_INFINITY, 1, rules);
    SimulationResult r =
        new Simulator(trace, List.of(channel)).run(Strategy.Policy.of(policy), true);

    Reference ref = new Reference();
    ref.run(steps, policy, rules);

    assertThat(r.syncs()).isEqualTo(ref.syncs);
    assertThat(r.rejected()).isEqualTo(ref.rejected);
    // Pushes of one instant coalesce (the latest target wins), so the simulator sends at most
    // what the reference, which sends each at once, sends.
    assertThat(r.pushes()).isLessThanOrEqualTo(ref.pushes);
    for (String sku : List.of("A", "B", "C")) {
      assertThat(r.figures().shown("c", sku)).as(sku).isEqualTo(ref.shown.getOrDefault(sku, 0L));
    }
  }

  @Property(tries = 300)
  void everyTransactionOnAnUnlimitedChannelNeverOverstatesAndShowsTheTruth(
      @ForAll("traces") List<Step> steps) {
    Trace trace = build(steps);
    ChannelModel channel =
        new ChannelModel("c", 1, Double.POSITIVE_INFINITY, 1, ChannelRules.DEFAULT);
    SimulationResult r =
        new Simulator(trace, List.of(channel)).run(Strategy.EVERY_TRANSACTION, true);

    Reference ref = new Reference();
    ref.run(steps, new SyncPolicy(Long.MAX_VALUE, 1, 1, 0), ChannelRules.DEFAULT);

    assertThat(r.maxOverstatement()).isZero();
    assertThat(r.overstatementUnitSeconds()).isZero();
    for (String sku : List.of("A", "B", "C")) {
      assertThat(r.figures().shown("c", sku))
          .isEqualTo(Math.max(0, ref.available.getOrDefault(sku, 0L)));
    }
  }

  @Property(tries = 300)
  void aRateLimitedChannelEndsShowingWhatAnUnlimitedOneShows(
      @ForAll("traces") List<Step> steps, @ForAll("policies") SyncPolicy policy) {
    Trace trace = build(steps);
    ChannelModel open =
        new ChannelModel("open", 1, Double.POSITIVE_INFINITY, 1, ChannelRules.DEFAULT);
    ChannelModel slow = new ChannelModel("slow", 2, 0.5, 1, ChannelRules.DEFAULT);
    SimulationResult r =
        new Simulator(trace, List.of(open, slow)).run(Strategy.Policy.of(policy), true);

    SimulationResult.ChannelFigures o = r.channels().get(0);
    SimulationResult.ChannelFigures s = r.channels().get(1);
    for (String sku : List.of("A", "B", "C")) {
      assertThat(r.figures().shown("slow", sku)).isEqualTo(r.figures().shown("open", sku));
    }
    // A queued push that a newer target overtakes is replaced: a slower channel never needs more
    // updates. (Its exposure may be lower as well as higher: a stale figure can be a low one.)
    assertThat(s.pushes()).isLessThanOrEqualTo(o.pushes());
  }
}
