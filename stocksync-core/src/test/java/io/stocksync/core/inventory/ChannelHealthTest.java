package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A channel's health as the ledger knows it: its last acknowledgement and its lag. */
class ChannelHealthTest {

  private final Shop shop = Shop.standard(new SyncPolicy(2000, 10, 100, 0));

  private ChannelHealth health() {
    return ChannelHealth.of(shop.account, "shop", shop.now());
  }

  @Test
  void aChannelNeverAcknowledgedHasNoLastAcknowledgementAndNoFeed() {
    ChannelHealth h = health();

    assertThat(h.lastAcknowledgedAt()).isNull();
    assertThat(h.orderWatermark()).isNull();
    assertThat(h.lastPollAt()).isNull();
    assertThat(h.failed()).isZero();
  }

  @Test
  void itsLagIsHowLongItsOldestUnacknowledgedTargetHasWaited() {
    shop.event(EventType.PUTAWAY, 5000);
    shop.settle();
    assertThat(health().lag()).isEqualTo(Duration.ZERO);
    assertThat(health().lastAcknowledgedAt()).isNotNull();

    shop.event(EventType.ORDER_PLACED, 150); // Y: a push is queued and not answered
    shop.advance(Duration.ofSeconds(42));

    assertThat(health().lag()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void itsLagEndsWithTheAcknowledgement() {
    shop.event(EventType.PUTAWAY, 5000);
    shop.settle();
    shop.event(EventType.ORDER_PLACED, 150);
    shop.advance(Duration.ofSeconds(42));

    shop.settle();

    assertThat(health().lag()).isEqualTo(Duration.ZERO);
    assertThat(health().lastAcknowledgedAt()).isEqualTo(shop.now());
  }
}
