package io.stocksync.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventIdIndexTest {

  @Test
  void aTableOf2To30SlotsStaysAtThatSizeInsteadOfOverflowingWhenItWouldDouble() {
    int max = EventIdIndex.MAX_SEGMENT_SLOTS;
    assertThat(max).isEqualTo(1 << 30);
    assertThat(EventIdIndex.grownCapacity(1 << 30, max)).isEqualTo(1 << 30);
    assertThat(EventIdIndex.grownCapacity(1 << 29, max)).isEqualTo(1 << 30);
    for (int slots = 64; slots > 0 && slots <= max; slots <<= 1) {
      int grown = EventIdIndex.grownCapacity(slots, max);
      assertThat(grown).as("after %d slots", slots).isPositive().isGreaterThanOrEqualTo(slots);
      assertThat(Integer.bitCount(grown)).as("a power of two").isEqualTo(1);
    }
  }

  @Test
  void holdsEveryFingerprintAddedAndMissesMostOthers() {
    Random random = new Random(42);
    EventIdIndex index = new EventIdIndex();
    Set<Long> added = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      long fp = EventIdIndex.fingerprint("acme", "e-" + random.nextLong());
      index.add(fp);
      added.add(fp);
    }
    assertThat(index.size()).isEqualTo(added.size());
    assertThat(added).allMatch(index::mightContain);
    int falseHits = 0;
    for (int i = 0; i < 10_000; i++) {
      long other = EventIdIndex.fingerprint("globex", "x-" + i);
      if (!added.contains(other) && index.mightContain(other)) {
        falseHits++;
      }
    }
    assertThat(falseHits).isZero();
    assertThat(index.saturated()).isFalse();
  }

  @Test
  void segmentsFullAtTheirLargestSizeAnswerMaybeAndNeverDenyAnIdTheyWereGiven() {
    // The smallest maximum runs the code path a 2^30-slot segment takes, without 8 GiB of heap.
    EventIdIndex index = new EventIdIndex(64);
    Random random = new Random(7);
    Set<Long> added = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      long fp = EventIdIndex.fingerprint("acme", "e-" + random.nextLong());
      index.add(fp);
      added.add(fp);
    }
    assertThat(index.saturated()).isTrue();
    assertThat(added).allMatch(index::mightContain);
  }

  @Test
  void refusesAMaximumThatIsNotAPowerOfTwoWithinRange() {
    assertThatThrownBy(() -> new EventIdIndex(100)).hasMessageContaining("maxSegmentSlots");
    assertThatThrownBy(() -> new EventIdIndex(Integer.MIN_VALUE))
        .hasMessageContaining("maxSegmentSlots");
  }
}
