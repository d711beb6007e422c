package io.stocksync.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

  private static SimulationResult point(String name, long calls, double unitSeconds) {
    return new SimulationResult(name, null, 0, 0, 0, 0, calls, 0, 0, unitSeconds, List.of(), null);
  }

  @Test
  void theGridTriesOneHundredDistinctPoliciesWithTheGivenStalenessBound() {
    List<SyncPolicy> grid = Sweep.grid(new SyncPolicy(2000, 10, 100, 300));

    assertThat(grid).hasSize(100).doesNotHaveDuplicates();
    assertThat(grid).allSatisfy(p -> assertThat(p.maxStalenessSeconds()).isEqualTo(300));
    assertThat(grid).contains(new SyncPolicy(2000, 10, 100, 300));
  }

  @Test
  void theFrontierKeepsOnlyPointsNoOtherBeatsOnBothCallsAndExposure() {
    SimulationResult cheap = point("cheap", 10, 500);
    SimulationResult middle = point("middle", 50, 100);
    SimulationResult dominated = point("dominated", 60, 200);
    SimulationResult tied = point("tied", 50, 150);
    SimulationResult safe = point("safe", 400, 0);

    assertThat(Sweep.frontier(List.of(safe, dominated, middle, tied, cheap)))
        .extracting(SimulationResult::name)
        .containsExactly("cheap", "middle", "safe");
  }

  @Test
  void aComparisonRunsEachPolicyOnceAndEveryBaseline() {
    Trace trace =
        Trace.builder()
            .add(EventType.PUTAWAY, "S", "WH1", 10, 0)
            .add(EventType.ORDER_PLACED, "S", "WH1", 1, 1000)
            .build();
    ChannelModel open =
        new ChannelModel("open", 1, Double.POSITIVE_INFINITY, 1, ChannelRules.DEFAULT);

    Comparison c =
        Comparison.run(
            trace, List.of(open), List.of(SyncPolicy.DEFAULT, SyncPolicy.DEFAULT), false);

    assertThat(c.events()).isEqualTo(2);
    assertThat(c.policies()).hasSize(1);
    assertThat(c.baselines())
        .extracting(SimulationResult::name)
        .containsExactly(
            "every transaction",
            "timer 10 min",
            "timer 15 min",
            "timer 10 min + out-of-stock 2 min");
    assertThat(c.frontier()).containsExactlyElementsOf(c.policies());
  }
}
