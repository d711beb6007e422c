package io.stocksync.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The target formula of SPEC §4, as a pure function. */
class ChannelRulesTest {

  private static final long BIG = 1_000_000_000_000_000_000L;

  @Test
  void byDefaultSendsTheBaseAsItIs() {
    assertThat(ChannelRules.DEFAULT).isEqualTo(new ChannelRules(0, 100, null, 0));
    assertThat(ChannelRules.DEFAULT.target(1)).isEqualTo(1);
    assertThat(ChannelRules.DEFAULT.target(4990)).isEqualTo(4990);
    assertThat(ChannelRules.DEFAULT.target(BIG)).isEqualTo(BIG);
  }

  @Test
  void sendsZeroForAnEmptyOrOversoldBase() {
    assertThat(ChannelRules.DEFAULT.target(0)).isZero();
    assertThat(ChannelRules.DEFAULT.target(-5)).isZero();
    assertThat(ChannelRules.DEFAULT.target(Long.MIN_VALUE)).isZero();
  }

  @Test
  void holdsTheBufferBack() {
    ChannelRules rules = new ChannelRules(10, 100, null, 0);
    assertThat(rules.target(100)).isEqualTo(90);
    assertThat(rules.target(11)).isEqualTo(1);
    assertThat(rules.target(10)).isZero();
    assertThat(rules.target(3)).isZero();
  }

  @Test
  void offersAShareRoundedDown() {
    ChannelRules half = new ChannelRules(0, 50, null, 0);
    assertThat(half.target(99)).isEqualTo(49);
    assertThat(half.target(1)).isZero();
    ChannelRules third = new ChannelRules(0, 33, null, 0);
    assertThat(third.target(10)).isEqualTo(3); // 3.3
    assertThat(third.target(199)).isEqualTo(65); // 65.67
    assertThat(new ChannelRules(0, 0, null, 0).target(5000)).isZero();
  }

  @Test
  void takesTheShareAfterTheBuffer() {
    // floor((1000 − 100) × 70 / 100) = 630
    assertThat(new ChannelRules(100, 70, null, 0).target(1000)).isEqualTo(630);
  }

  @Test
  void neverSendsMoreThanTheCap() {
    ChannelRules rules = new ChannelRules(0, 100, 50L, 0);
    assertThat(rules.target(49)).isEqualTo(49);
    assertThat(rules.target(50)).isEqualTo(50);
    assertThat(rules.target(5000)).isEqualTo(50);
    assertThat(new ChannelRules(0, 100, 0L, 0).target(5000)).isZero();
  }

  @Test
  void capsAfterTheBufferAndShare() {
    // floor((300 − 20) × 50 / 100) = 140, capped at 100
    assertThat(new ChannelRules(20, 50, 100L, 0).target(300)).isEqualTo(100);
    assertThat(new ChannelRules(20, 50, 100L, 0).target(200)).isEqualTo(90);
  }

  @Test
  void sendsZeroAtOrBelowTheZeroLevel() {
    ChannelRules rules = new ChannelRules(0, 100, null, 5);
    assertThat(rules.target(5)).isZero();
    assertThat(rules.target(4)).isZero();
    assertThat(rules.target(6)).isEqualTo(6);
  }

  @Test
  void comparesTheZeroLevelWithTheBaseBeforeTheBuffer() {
    // base 8 > zeroAtOrBelow 5, so the formula applies: 8 − 2 = 6.
    assertThat(new ChannelRules(2, 100, null, 5).target(8)).isEqualTo(6);
    assertThat(new ChannelRules(2, 100, null, 5).target(5)).isZero();
  }

  @Test
  void computesTheShareExactlyForTheLargestBases() {
    assertThat(new ChannelRules(0, 99, null, 0).target(Long.MAX_VALUE))
        .isEqualTo(
            java.math.BigInteger.valueOf(Long.MAX_VALUE)
                .multiply(java.math.BigInteger.valueOf(99))
                .divide(java.math.BigInteger.valueOf(100))
                .longValueExact());
    assertThat(new ChannelRules(Long.MAX_VALUE, 100, null, 0).target(Long.MAX_VALUE)).isZero();
  }

  @Test
  void refusesRulesOutOfRange() {
    assertThatThrownBy(() -> new ChannelRules(-1, 100, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buffer");
    assertThatThrownBy(() -> new ChannelRules(0, 101, null, 0)).hasMessageContaining("percent");
    assertThatThrownBy(() -> new ChannelRules(0, -1, null, 0)).hasMessageContaining("percent");
    assertThatThrownBy(() -> new ChannelRules(0, 100, -1L, 0)).hasMessageContaining("max");
    assertThatThrownBy(() -> new ChannelRules(0, 100, null, -1))
        .hasMessageContaining("zeroAtOrBelow");
  }
}
