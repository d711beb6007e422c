package io.stocksync.core.simulation;

import static io.stocksync.core.event.EventType.ADJUSTMENT;
import static io.stocksync.core.event.EventType.ORDER_CANCELLED;
import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.ORDER_SHIPPED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static io.stocksync.core.event.EventType.STOCK_COUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator against SPEC §3's worked examples and against figures worked out by hand from §3–§5
 * and §14 (the comments give the arithmetic).
 */
class SimulatorTest {

  /** 2026-11-27T10:00:00Z: a multiple of 10 and 15 minutes since the epoch. */
  static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

  static final SyncPolicy SEED_WITHOUT_STALENESS = new SyncPolicy(2000, 10, 100, 0);

  /** One channel with no limit and one item a call: every call is one push, sent at once. */
  static final ChannelModel OPEN =
      new ChannelModel("open", 1, Double.POSITIVE_INFINITY, 1, ChannelRules.DEFAULT);

  private final Trace.Builder trace = Trace.builder();

  private void at(long millis, EventType type, String sku, long quantity) {
    trace.add(type, sku, "WH1", quantity, T0 + millis);
  }

  private SimulationResult run(Strategy strategy, ChannelModel... channels) {
    return new Simulator(trace.build(), List.of(channels)).run(strategy, true);
  }

  private SimulationResult seed() {
    return run(Strategy.Policy.of(SEED_WITHOUT_STALENESS), OPEN);
  }

  @Test
  void anOrderAtOrBelowTheThresholdSyncsAtOnceAndTheChannelShowsNinetyFive() {
    at(0, PUTAWAY, "ABCS", 100);
    at(1000, ORDER_PLACED, "ABCS", 5);

    SimulationResult r = seed();

    assertThat(r.figures().shown("open", "ABCS")).isEqualTo(95);
    assertThat(r.syncs()).isEqualTo(2);
    assertThat(r.pushes()).isEqualTo(2);
  }

  @Test
  void waitsForTheTenthTransactionAboveTheThreshold() {
    at(0, PUTAWAY, "S", 5000); // ≥ Y: syncs, the channel shows 5000
    for (int i = 1; i <= 9; i++) {
      at(i * 1000L, ORDER_PLACED, "S", 1);
    }
    SimulationResult nine = seed();
    assertThat(nine.syncs()).isEqualTo(1);
    assertThat(nine.figures().shown("open", "S")).isEqualTo(5000);

    at(10_000, ORDER_PLACED, "S", 1);
    SimulationResult ten = seed();
    assertThat(ten.syncs()).isEqualTo(2);
    assertThat(ten.figures().shown("open", "S")).isEqualTo(4990);
  }

  @Test
  void anOrderOfTheSignificantQuantitySyncsAtOnceWhateverTheLevel() {
    at(0, PUTAWAY, "S", 5000);
    at(1000, ORDER_PLACED, "S", 150);

    assertThat(seed().figures().shown("open", "S")).isEqualTo(4850);
  }

  @Test
  void crossingTheThresholdAndSittingExactlyOnItAreRealTime() {
    at(0, PUTAWAY, "A", 2005);
    at(1000, ORDER_PLACED, "A", 10); // 1995 ≤ X
    at(0, PUTAWAY, "B", 2001);
    at(1000, ORDER_PLACED, "B", 1); // 2000 exactly

    SimulationResult r = seed();

    assertThat(r.figures().shown("open", "A")).isEqualTo(1995);
    assertThat(r.figures().shown("open", "B")).isEqualTo(2000);
    assertThat(r.syncs()).isEqualTo(4);
  }

  @Test
  void shippingDoesNotCountTowardsTheBatch() {
    at(0, PUTAWAY, "S", 5000);
    for (int i = 1; i <= 9; i++) {
      at(i * 1000L, ORDER_PLACED, "S", 1);
    }
    at(10_000, ORDER_SHIPPED, "S", 1);

    SimulationResult r = seed();

    assertThat(r.syncs()).isEqualTo(1);
    assertThat(r.figures().shown("open", "S")).isEqualTo(5000);
  }

  @Test
  void aStockCountsDeltaIsWhatRuleBWeighs() {
    at(0, PUTAWAY, "S", 5000);
    at(1000, STOCK_COUNT, "S", 4950); // delta −50 < Y: waits
    at(2000, STOCK_COUNT, "S", 4800); // delta −150 ≥ Y: syncs

    SimulationResult r = seed();

    assertThat(r.syncs()).isEqualTo(2);
    assertThat(r.figures().shown("open", "S")).isEqualTo(4800);
  }

  @Test
  void eventsTheLedgerRefusesAreCountedAndChangeNothing() {
    at(0, PUTAWAY, "S", 10);
    at(1000, ORDER_CANCELLED, "S", 1); // nothing reserved
    at(2000, ADJUSTMENT, "S", -11); // below 0 on hand
    at(3000, ORDER_SHIPPED, "S", 1); // nothing reserved
    at(4000, PUTAWAY, "S", -3); // wrong sign

    SimulationResult r = seed();

    assertThat(r.rejected()).isEqualTo(4);
    assertThat(r.syncs()).isEqualTo(1);
    assertThat(r.figures().shown("open", "S")).isEqualTo(10);
  }

  @Test
  void overstatementIsWhatTheChannelShowsBeyondTheTrueAvailableOverTime() {
    at(0, PUTAWAY, "S", 5000);
    for (int i = 1; i <= 9; i++) {
      at(i * 1000L, ORDER_PLACED, "S", 1); // over-statement i from second i
    }

    SimulationResult r = seed();

    // 1 + 2 + … + 8 unit-seconds up to the 9th order, which ends the trace.
    assertThat(r.overstatementUnitSeconds()).isCloseTo(36.0, within(1e-9));
    assertThat(r.maxOverstatement()).isEqualTo(9);
    // Ten samples (0, 1, …, 9): the 99th percentile is the 10th.
    assertThat(r.p99Overstatement()).isEqualTo(9);
  }

  @Test
  void syncingEveryTransactionOnAnUnlimitedChannelNeverOverstates() {
    at(0, PUTAWAY, "S", 5000);
    for (int i = 1; i <= 9; i++) {
      at(i * 1000L, ORDER_PLACED, "S", 1);
    }

    SimulationResult r = run(Strategy.EVERY_TRANSACTION, OPEN);

    assertThat(r.syncs()).isEqualTo(10);
    assertThat(r.pushes()).isEqualTo(10);
    assertThat(r.maxOverstatement()).isZero();
    assertThat(r.overstatementUnitSeconds()).isZero();
  }

  @Test
  void theStalenessBoundSyncsAWaitingSkuWhenItsOldestTransactionIsTSecondsOld() {
    at(0, PUTAWAY, "S", 5000);
    at(1000, ORDER_PLACED, "S", 1);
    at(2_000_000, PUTAWAY, "OTHER", 5); // moves the clock past 1 s + 900 s

    SimulationResult r = run(Strategy.Policy.of(new SyncPolicy(2000, 10, 100, 900)), OPEN);

    assertThat(r.figures().shown("open", "S")).isEqualTo(4999);
    assertThat(r.syncs()).isEqualTo(3);
    // 1 unit shown too many from 1 s to 901 s.
    assertThat(r.overstatementUnitSeconds()).isCloseTo(900.0, within(1e-9));
  }

  @Test
  void aFixedTimerSyncsWhatChangedAtItsNextTick() {
    at(0, PUTAWAY, "S", 50);
    at(5 * 60_000, ORDER_PLACED, "S", 5);
    at(20 * 60_000, PUTAWAY, "OTHER", 1); // the clock reaches 10:20; OTHER waits for 10:30

    SimulationResult r = run(new Strategy.Timer("timer", 600, 0), OPEN);

    assertThat(r.syncs()).isEqualTo(1); // S, at 10:10
    assertThat(r.figures().shown("open", "S")).isEqualTo(45);
    assertThat(r.figures().shown("open", "OTHER")).isZero();
  }

  @Test
  void outOfStockPushesCutTheExposureOfASkuThatSellsOut() {
    at(0, PUTAWAY, "S", 5);
    at(11 * 60_000, ORDER_PLACED, "S", 5); // shown 5 (synced 10:10), available 0
    at(20 * 60_000, PUTAWAY, "OTHER", 1);

    SimulationResult timer = run(new Strategy.Timer("timer", 600, 0), OPEN);
    SimulationResult withOutOfStock = run(new Strategy.Timer("oos", 600, 120), OPEN);

    // Over-stated by 5 from 10:11 to the 10:20 tick, or to the 10:12 out-of-stock tick.
    assertThat(timer.overstatementUnitSeconds()).isCloseTo(5 * 540.0, within(1e-9));
    assertThat(withOutOfStock.overstatementUnitSeconds()).isCloseTo(5 * 60.0, within(1e-9));
    assertThat(withOutOfStock.figures().shown("open", "S")).isZero();
  }

  @Test
  void aRateLimitedChannelSpacesItsCallsAndCountsThem() {
    ChannelModel slow = new ChannelModel("slow", 1, 5, 5, ChannelRules.DEFAULT);
    for (int i = 0; i < 10; i++) {
      at(0, PUTAWAY, "S" + i, 10);
    }

    SimulationResult r = run(Strategy.Policy.of(SEED_WITHOUT_STALENESS), slow);

    // Five at once (the burst), then one every 200 ms: all ten land, one call each.
    assertThat(r.calls()).isEqualTo(10);
    assertThat(r.pushes()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(r.figures().shown("slow", "S" + i)).isEqualTo(10);
    }
  }

  @Test
  void aBatchingChannelCarriesManyUpdatesInOneCall() {
    ChannelModel batching =
        new ChannelModel("batching", 250, Double.POSITIVE_INFINITY, 1, ChannelRules.DEFAULT);
    for (int i = 0; i < 600; i++) {
      at(0, PUTAWAY, "S" + i, 10);
    }

    SimulationResult r = run(Strategy.Policy.of(SEED_WITHOUT_STALENESS), batching);

    assertThat(r.pushes()).isEqualTo(600);
    assertThat(r.calls()).isEqualTo(3); // 250 + 250 + 100
  }

  @Test
  void whenTheRateLimitBindsZerosGoFirstThenDecreasesThenIncreases() {
    ChannelModel oneASecond = new ChannelModel("one", 1, 1, 1, ChannelRules.DEFAULT);
    at(0, PUTAWAY, "A", 10);
    at(0, PUTAWAY, "B", 10);
    at(0, PUTAWAY, "C", 10); // landed at 0 s, 1 s, 2 s
    at(10_000, PUTAWAY, "C", 5); // an increase, queued first
    at(10_000, ORDER_PLACED, "B", 1); // a decrease
    at(10_000, ORDER_PLACED, "A", 10); // to zero, queued last

    SimulationResult r = run(Strategy.Policy.of(SEED_WITHOUT_STALENESS), oneASecond);

    // A goes at 10 s (no exposure), B at 11 s (1 unit for 1 s), C at 12 s (an increase: none).
    // In arrival order it would be C, B, A: 1 + 10 × 2 = 21 unit-seconds.
    assertThat(r.overstatementUnitSeconds()).isCloseTo(1.0, within(1e-9));
    assertThat(r.figures().shown("one", "A")).isZero();
    assertThat(r.figures().shown("one", "B")).isEqualTo(9);
    assertThat(r.figures().shown("one", "C")).isEqualTo(15);
  }

  @Test
  void aQueuedPushThatANewerTargetOvertakesIsReplacedNotSent() {
    ChannelModel oneASecond = new ChannelModel("one", 1, 1, 1, ChannelRules.DEFAULT);
    at(0, PUTAWAY, "S", 10); // sent at 0 s
    at(100, ORDER_PLACED, "S", 1); // 9 queued for 1 s
    at(200, ORDER_PLACED, "S", 1); // 8 replaces it

    SimulationResult r = run(Strategy.Policy.of(SEED_WITHOUT_STALENESS), oneASecond);

    assertThat(r.pushes()).isEqualTo(2);
    assertThat(r.calls()).isEqualTo(2);
    assertThat(r.figures().shown("one", "S")).isEqualTo(8);
  }

  @Test
  void aPushThatTheChannelAlreadyShowsIsNotSent() {
    at(0, PUTAWAY, "S", 10);
    at(1000, ORDER_PLACED, "S", 1);
    at(1000, ORDER_CANCELLED, "S", 1); // back to 10 within the same instant

    SimulationResult r = seed();

    assertThat(r.syncs()).isEqualTo(3);
    assertThat(r.pushes()).isEqualTo(1); // 10; the 9 was dropped when 10 came back
  }

  @Test
  void eachChannelIsSentItsOwnRules() {
    ChannelModel buffered =
        new ChannelModel(
            "buffered", 1, Double.POSITIVE_INFINITY, 1, new ChannelRules(5, 50, 20L, 0));
    at(0, PUTAWAY, "S", 100);

    SimulationResult r = run(Strategy.Policy.of(SEED_WITHOUT_STALENESS), OPEN, buffered);

    assertThat(r.figures().shown("open", "S")).isEqualTo(100);
    assertThat(r.figures().shown("buffered", "S")).isEqualTo(20); // min(20, (100 − 5) × 50 %)
    assertThat(r.channels())
        .extracting(SimulationResult.ChannelFigures::channel)
        .containsExactly("open", "buffered");
  }

  @Test
  void anEventOlderThanTheClockHappensAtTheClocksTime() {
    at(10_000, PUTAWAY, "S", 5000);
    at(11_000, ORDER_PLACED, "S", 1); // over-statement 1 from 11 s
    at(0, ORDER_PLACED, "S", 1); // older: taken at 11 s; 2 from 11 s
    at(21_000, ORDER_PLACED, "S", 1); // ends the trace at 21 s

    SimulationResult r = seed();

    assertThat(r.overstatementUnitSeconds()).isCloseTo(2 * 10.0, within(1e-9));
  }
}
