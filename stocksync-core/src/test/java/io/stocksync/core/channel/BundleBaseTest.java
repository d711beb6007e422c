package io.stocksync.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bundle base of SPEC §4: min over components of floor(base / quantity). */
class BundleBaseTest {

  @Test
  void isTheFewestWholeBundlesTheScarcestComponentAllows() {
    assertThat(BundleBase.of(new long[] {10, 30}, new long[] {2, 3})).isEqualTo(5);
    assertThat(BundleBase.of(new long[] {11, 30}, new long[] {2, 3})).isEqualTo(5);
    assertThat(BundleBase.of(new long[] {100, 7}, new long[] {1, 4})).isEqualTo(1);
    assertThat(BundleBase.of(new long[] {3}, new long[] {4})).isZero();
  }

  @Test
  void roundsAnOversoldComponentDownAsSpecSectionFourSays() {
    // floor(−3 / 2) = −2: two bundles short. Any channel is sent 0 for it (ChannelRules).
    assertThat(BundleBase.of(new long[] {-3, 30}, new long[] {2, 3})).isEqualTo(-2);
    assertThat(BundleBase.of(new long[] {-1, 30}, new long[] {2, 3})).isEqualTo(-1);
    assertThat(ChannelRules.DEFAULT.target(BundleBase.of(new long[] {-3}, new long[] {2})))
        .isZero();
  }

  @Test
  void aBundleWithoutComponentsHasNothing() {
    assertThat(BundleBase.of(new long[0], new long[0])).isZero();
  }
}
