package io.stocksync.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.simulation.ChannelModel;
import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.Sweep;
import io.stocksync.core.simulation.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A sweep spread over threads reports what the single-threaded one reports, in its order. */
class ParallelComparisonTest {

  private static Trace trace() {
    SplittableRandom random = new SplittableRandom(7);
    Trace.Builder b = Trace.builder();
    long at = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    for (int s = 0; s < 40; s++) {
      b.add(EventType.PUTAWAY, "SKU-" + s, "WH1", 2500, at);
    }
    for (int i = 0; i < 20_000; i++) {
      at += random.nextInt(2_000);
      String sku = "SKU-" + random.nextInt(40);
      if (random.nextInt(10) < 8) {
        b.add(EventType.ORDER_PLACED, sku, "WH1", 1 + random.nextInt(30), at);
      } else {
        b.add(EventType.PUTAWAY, sku, "WH1", 1 + random.nextInt(200), at);
      }
    }
    return b.build();
  }

  @Test
  void spreadOverThreadsTheReportIsTheSameAsOnOneThread() {
    Trace trace = trace();
    List<SyncPolicy> policies = new ArrayList<>(List.of(SyncPolicy.DEFAULT));
    policies.addAll(Sweep.grid(SyncPolicy.DEFAULT).subList(0, 12));
    policies.add(SyncPolicy.DEFAULT); // a duplicate runs once

    Comparison one = Comparison.run(trace, ChannelModel.STANDARD, policies, true);
    Comparison three = ParallelComparison.run(trace, ChannelModel.STANDARD, policies, true, 3);

    assertThat(three.policies()).hasSize(13);
    assertThat(three).usingRecursiveComparison().isEqualTo(one);
  }

  @Test
  void refusesNoThreads() {
    assertThatThrownBy(
            () -> ParallelComparison.run(trace(), ChannelModel.STANDARD, List.of(), false, 0))
        .hasMessageContaining("threads");
  }
}
