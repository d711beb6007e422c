package io.stocksync.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Properties of the target formula of SPEC §4 over arbitrary rules and bases. */
class ChannelTargetProperties {

  private static final long LIMIT = 1_000_000_000_000_000_000L;

  @Provide
  Arbitrary<ChannelRules> rules() {
    Arbitrary<Long> small = Arbitraries.longs().between(0, 200);
    Arbitrary<Long> units = Arbitraries.oneOf(small, Arbitraries.longs().between(0, LIMIT));
    return Combinators.combine(
            units,
            Arbitraries.integers().between(0, 100),
            units.injectNull(0.4),
            Arbitraries.oneOf(small, units))
        .as(ChannelRules::new);
  }

  @Provide
  Arbitrary<Long> bases() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-50, 500), Arbitraries.longs().between(-LIMIT, LIMIT));
  }

  @Property(tries = 2000)
  void targetIsNeverNegativeNorAboveTheCapNorAboveThePositiveBase(
      @ForAll("rules") ChannelRules rules, @ForAll("bases") long base) {
    long target = rules.target(base);

    assertThat(target).isBetween(0L, Math.max(0, base));
    if (rules.max() != null) {
      assertThat(target).isLessThanOrEqualTo(rules.max());
    }
  }

  @Property(tries = 2000)
  void targetIsMonotoneInTheBase(
      @ForAll("rules") ChannelRules rules,
      @ForAll("bases") long base,
      @ForAll @LongRange(min = 0, max = 1000) long more) {
    assertThat(rules.target(base + more)).isGreaterThanOrEqualTo(rules.target(base));
  }

  @Property(tries = 2000)
  void targetIsTheFormulaOfSectionFour(
      @ForAll("rules") ChannelRules rules, @ForAll("bases") long base) {
    long expected;
    if (base <= rules.zeroAtOrBelow()) {
      expected = 0;
    } else {
      BigInteger offered =
          BigInteger.valueOf(Math.max(0, base - rules.buffer()))
              .multiply(BigInteger.valueOf(rules.percent()))
              .divide(BigInteger.valueOf(100));
      expected =
          rules.max() == null
              ? offered.longValueExact()
              : offered.min(BigInteger.valueOf(rules.max())).longValueExact();
    }
    assertThat(rules.target(base)).isEqualTo(expected);
  }

  @Property(tries = 1000)
  void aBundleBaseNeverExceedsWhatAnyComponentAllows(
      @ForAll @LongRange(min = -100, max = 10_000) long a,
      @ForAll @LongRange(min = -100, max = 10_000) long b,
      @ForAll @LongRange(min = 1, max = 7) long qa,
      @ForAll @LongRange(min = 1, max = 7) long qb) {
    long base = BundleBase.of(new long[] {a, b}, new long[] {qa, qb});

    assertThat(base * qa).isLessThanOrEqualTo(a);
    assertThat(base * qb).isLessThanOrEqualTo(b);
    assertThat((base + 1) * qa > a || (base + 1) * qb > b).isTrue();
  }
}
