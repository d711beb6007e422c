package io.stocksync.emulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.emulator.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CostBucketTest {

  private final TestClock clock = new TestClock();
  private final CostBucket bucket = new CostBucket(clock, new ShopifyPlan(100, 50));

  @Test
  void startsFullAndTakesWhatARequestCosts() {
    assertThat(bucket.tryTake(60)).isTrue();
    assertThat(bucket.status().currentlyAvailable()).isEqualTo(40);
  }

  @Test
  void refusesACostLargerThanWhatIsLeftWithoutTakingAnything() {
    bucket.tryTake(60);

    assertThat(bucket.tryTake(41)).isFalse();
    assertThat(bucket.status().currentlyAvailable()).isEqualTo(40);
  }

  @Test
  void restoresAtTheRestoreRateUpToTheMaximum() {
    bucket.tryTake(100);

    clock.advance(Duration.ofMillis(300));
    assertThat(bucket.status().currentlyAvailable()).isEqualTo(15);
    clock.advance(Duration.ofSeconds(10));
    assertThat(bucket.status().currentlyAvailable()).isEqualTo(100);
  }

  @Test
  void publishesTheStandardPlansRestoreRate() {
    assertThat(ShopifyPlan.STANDARD.restoreRate()).isEqualTo(100);
    assertThat(ShopifyPlan.LEGACY_STANDARD).isEqualTo(new ShopifyPlan(1000, 50));
  }
}
