package io.stocksync.channels.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A THROTTLED order poll waits for Shopify's cost bucket to hold the query's cost, by the answer's
 * own {@code extensions.cost}: what is missing over the restore rate.
 */
class ShopifyOrdersPacingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aThrottledPollWaitsForTheMissingCostOverTheRestoreRate() throws Exception {
    var cost =
        JSON.readTree(
            "{\"requestedQueryCost\":52,\"throttleStatus\":"
                + "{\"maximumAvailable\":1000,\"currentlyAvailable\":12,\"restoreRate\":50}}");

    assertThat(ShopifyOrders.refill(cost)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void aThrottledPollWithoutACostGoesAgainInASecond() throws Exception {
    assertThat(ShopifyOrders.refill(JSON.readTree("{}"))).isEqualTo(OrderFeedPaced.UNSTATED);
  }
}
