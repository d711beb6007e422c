package io.stocksync.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.event.EventType;
import io.stocksync.core.event.EventType.SeedKind;
import org.junit.jupiter.api.Test;

/** Step 3 of SPEC §3 as a pure function, and the policy's settings. */
class SyncPolicyTest {

  private static final SyncPolicy SEED = SyncPolicy.DEFAULT;

  @Test
  void theDefaultsAreTheSeeds() {
    assertThat(SEED).isEqualTo(new SyncPolicy(2000, 10, 100, 900));
  }

  @Test
  void syncsAtOrBelowTheThresholdWhateverElse() {
    assertThat(SEED.decide(2000, SeedKind.NONE, 1, 1)).isEqualTo(SyncTrigger.AT_OR_BELOW_THRESHOLD);
    assertThat(SEED.decide(-5, SeedKind.ORDER, 500, 10))
        .isEqualTo(SyncTrigger.AT_OR_BELOW_THRESHOLD);
    assertThat(SEED.decide(2001, SeedKind.NONE, 1, 1)).isEqualTo(SyncTrigger.NONE);
  }

  @Test
  void syncsForASignificantOrderAdjustmentOrPutaway() {
    for (SeedKind kind : new SeedKind[] {SeedKind.ORDER, SeedKind.ADJUSTMENT, SeedKind.PUTAWAY}) {
      assertThat(SEED.decide(5000, kind, 100, 1)).isEqualTo(SyncTrigger.SIGNIFICANT_QUANTITY);
      assertThat(SEED.decide(5000, kind, -100, 1)).isEqualTo(SyncTrigger.SIGNIFICANT_QUANTITY);
      assertThat(SEED.decide(5000, kind, 99, 1)).isEqualTo(SyncTrigger.NONE);
      assertThat(SEED.decide(5000, kind, -99, 1)).isEqualTo(SyncTrigger.NONE);
    }
    assertThat(SEED.decide(5000, SeedKind.NONE, 10_000, 1)).isEqualTo(SyncTrigger.NONE);
  }

  @Test
  void syncsOnTheNthPendingTransaction() {
    assertThat(SEED.decide(5000, SeedKind.ORDER, 1, 9)).isEqualTo(SyncTrigger.NONE);
    assertThat(SEED.decide(5000, SeedKind.ORDER, 1, 10)).isEqualTo(SyncTrigger.BATCH_COMPLETE);
    assertThat(SEED.decide(5000, SeedKind.NONE, 1, 11)).isEqualTo(SyncTrigger.BATCH_COMPLETE);
  }

  @Test
  void aBatchOfOneSyncsEveryTransaction() {
    assertThat(new SyncPolicy(0, 1, 1000, 0).decide(5000, SeedKind.NONE, 1, 1))
        .isEqualTo(SyncTrigger.BATCH_COMPLETE);
  }

  @Test
  void theSeedKindsAreOrdersAdjustmentsCountsAndPutaways() {
    assertThat(EventType.ORDER_PLACED.seedKind()).isEqualTo(SeedKind.ORDER);
    assertThat(EventType.ADJUSTMENT.seedKind()).isEqualTo(SeedKind.ADJUSTMENT);
    assertThat(EventType.STOCK_COUNT.seedKind()).isEqualTo(SeedKind.ADJUSTMENT);
    assertThat(EventType.PUTAWAY.seedKind()).isEqualTo(SeedKind.PUTAWAY);
    assertThat(EventType.ORDER_CANCELLED.seedKind()).isEqualTo(SeedKind.NONE);
    assertThat(EventType.ORDER_SHIPPED.seedKind()).isEqualTo(SeedKind.NONE);
    assertThat(EventType.RETURN_RECEIVED.seedKind()).isEqualTo(SeedKind.NONE);
  }

  @Test
  void anOverrideReplacesOnlyTheFieldsItSets() {
    assertThat(SEED.with(new PolicyOverride(null, 3L, null, 0L)))
        .isEqualTo(new SyncPolicy(2000, 3, 100, 0));
    assertThat(SEED.with(PolicyOverride.NONE)).isSameAs(SEED);
    assertThat(SEED.with(null)).isSameAs(SEED);
    assertThat(
            new PolicyOverride(1L, null, null, null)
                .merge(new PolicyOverride(null, 2L, null, null)))
        .isEqualTo(new PolicyOverride(1L, 2L, null, null));
    assertThat(new PolicyOverride(null, null, null, null).isEmpty()).isTrue();
  }

  @Test
  void refusesSettingsOutOfRangeNamingTheField() {
    assertThatThrownBy(() -> new SyncPolicy(-1, 10, 100, 0)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> new SyncPolicy(0, 0, 100, 0)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> new SyncPolicy(0, 1, 0, 0))
        .hasMessageContaining("significantQuantity");
    assertThatThrownBy(() -> new SyncPolicy(0, 1, 1, -1))
        .hasMessageContaining("maxStalenessSeconds");
    assertThatThrownBy(() -> new PolicyOverride(null, 0L, null, null))
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> new PolicyOverride(-1L, null, null, null))
        .hasMessageContaining("threshold");
  }
}
