package io.stocksync.channels.shopify;

import static io.stocksync.channels.shopify.ShopifyFixture.key;
import static io.stocksync.channels.shopify.ShopifyFixture.push;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.NotApplied;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.Throttling;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Shopify connector against the Shopify emulator over real HTTP. */
class ShopifyConnectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  final ShopifyFixture f = new ShopifyFixture();
  final ShopifyConnector connector = f.connector(Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    f.close();
  }

  private JsonNode lastVariables() throws Exception {
    List<RecordedRequest> requests = f.shopify.requests().list();
    return JSON.readTree(requests.get(requests.size() - 1).body()).path("variables");
  }

  @Test
  void setsEveryQuantityInOneCallAndAcknowledgesEachItem() throws Exception {
    f.shopify.seedQuantities(Map.of(key(1), 10L, key(2), 10L));
    ShopifyConnector.ShopifyCall call =
        connector.prepare(List.of(push(3, 0, 5L, 2), push(1, 4, 10L, 7), push(2, 25, 10L, 3)), 0);

    CallOutcome outcome = connector.send(call).join();

    assertThat(outcome).isInstanceOf(Answered.class);
    assertThat(((Answered) outcome).items())
        .containsExactly(new Applied(0), new Applied(4), new Applied(25));
    assertThat(f.shopify.quantities())
        .containsEntry(key(1), 4L)
        .containsEntry(key(2), 25L)
        .containsEntry(key(3), 0L);
    JsonNode variables = lastVariables();
    JsonNode quantities = variables.path("input").path("quantities");
    assertThat(variables.path("input").path("name").asText()).isEqualTo("available");
    // The increase and the decrease are compared against what was acknowledged; the push to 0
    // carries an explicit null (0 never raises anything).
    assertThat(quantities.get(0).has("changeFromQuantity")).isTrue();
    assertThat(quantities.get(0).get("changeFromQuantity").isNull()).isTrue();
    assertThat(quantities.get(1).get("changeFromQuantity").asLong()).isEqualTo(10);
    assertThat(quantities.get(2).get("changeFromQuantity").asLong()).isEqualTo(10);
    assertThat(variables.path("idempotencyKey").asText()).isEqualTo(call.idempotencyKey());
  }

  @Test
  void aTargetAboveWhatShopifyTakesIsSentAtItsMaximumAndTheAttemptLogSaysSo() throws Exception {
    f.shopify.seedQuantities(Map.of(key(1), 10L));
    io.stocksync.core.inventory.PendingPush huge = push(1, 5_000_000_000L, 10L, 2);
    ShopifyConnector.ShopifyCall call = connector.prepare(List.of(huge), 0);

    connector.send(call).join();

    long sent = lastVariables().path("input").path("quantities").get(0).path("quantity").asLong();
    assertThat(sent).isEqualTo(ShopifyConnector.MAX_QUANTITY);
    // SPEC §5: the attempt log records the quantity actually sent, not the target.
    assertThat(call.quantitySent(huge)).isEqualTo(sent);
  }

  @Test
  void derivesTheIdempotencyKeyFromTheListingsTheirVersionsAndTheRetryRound() {
    List<io.stocksync.core.inventory.PendingPush> pushes = List.of(push(1, 4, 10L, 7));

    String key = connector.prepare(pushes, 0).idempotencyKey();

    assertThat(connector.prepare(pushes, 0).idempotencyKey()).isEqualTo(key);
    assertThat(connector.prepare(pushes, 1).idempotencyKey()).isNotEqualTo(key);
    assertThat(connector.prepare(List.of(push(1, 4, 10L, 8)), 0).idempotencyKey())
        .isNotEqualTo(key);
    assertThat(key).matches("stocksync-[0-9a-f]{32}");
  }

  @Test
  void readsTheLevelAfterACompareConflictAndComparesAgainstItNextTime() throws Exception {
    f.shopify.seedQuantities(Map.of(key(1), 7L, key(2), 3L)); // two sold on Shopify
    CallOutcome first =
        connector.send(connector.prepare(List.of(push(1, 20, 9L, 4), push(2, 1, 3L, 1)), 0)).join();

    assertThat(((Answered) first).items().get(0))
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(AttemptStatus.STALE);
              assertThat(r.code()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
              assertThat(r.message()).contains("Shopify holds 7 where 9 was expected");
              assertThat(r.held()).isEqualTo(7);
            });
    assertThat(((Answered) first).items().get(1)).isInstanceOf(NotApplied.class);
    assertThat(f.shopify.quantities()).containsEntry(key(1), 7L).containsEntry(key(2), 3L);

    CallOutcome second = connector.send(connector.prepare(List.of(push(1, 20, 9L, 4)), 1)).join();

    assertThat(((Answered) second).items()).containsExactly(new Applied(20));
    assertThat(
            lastVariables()
                .path("input")
                .path("quantities")
                .get(0)
                .get("changeFromQuantity")
                .asLong())
        .isEqualTo(7);
  }

  @Test
  void aDecreaseOverUnitsShopifySoldIsRefusedAsStaleAndAnswersWhatShopifyHolds() throws Exception {
    // Acknowledged 10; Shopify sold 4 the ledger has not heard of and shows 6. A decrease to 8
    // (another channel's sale) would raise it back over 2 of the units it sold.
    f.shopify.seedQuantities(Map.of(key(1), 6L));

    CallOutcome outcome = connector.send(connector.prepare(List.of(push(1, 8, 10L, 5)), 0)).join();

    assertThat(((Answered) outcome).items().get(0))
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(AttemptStatus.STALE);
              assertThat(r.held()).isEqualTo(6);
            });
    assertThat(f.shopify.quantities()).containsEntry(key(1), 6L);
  }

  @Test
  void mapsUserErrorsToTheItemsTheyName() {
    f.shopify.faults().failListings(List.of(ShopifyFixture.item(2)));

    CallOutcome outcome =
        connector
            .send(connector.prepare(List.of(push(1, 5, null, 1), push(2, 5, null, 1)), 0))
            .join();

    List<CallOutcome.ItemResult> items = ((Answered) outcome).items();
    assertThat(items.get(0)).isInstanceOf(NotApplied.class);
    assertThat(items.get(1))
        .isInstanceOfSatisfying(
            Rejected.class, r -> assertThat(r.code()).isEqualTo("NON_MUTABLE_INVENTORY_ITEM"));
    assertThat(f.shopify.quantities()).isEmpty();
  }

  @Test
  void backsOffOnThrottledWhetherItComesWithStatus200Or429() {
    f.shopify.faults().throttling(Throttling.ALWAYS);

    CallOutcome on200 = connector.send(connector.prepare(List.of(push(1, 5, null, 1)), 0)).join();
    f.shopify.faults().throttledStatus(Integer.valueOf(429));
    CallOutcome on429 = connector.send(connector.prepare(List.of(push(1, 5, null, 1)), 0)).join();

    assertThat(on200)
        .isInstanceOfSatisfying(
            CallOutcome.Throttled.class, t -> assertThat(t.httpStatus()).isEqualTo(200));
    assertThat(on429)
        .isInstanceOfSatisfying(
            CallOutcome.Throttled.class, t -> assertThat(t.httpStatus()).isEqualTo(429));
    assertThat(f.shopify.quantities()).isEmpty();
  }

  @Test
  void pacesToTheCostBucketShopifyReports() {
    f.shopify.faults().throttling(Throttling.BUCKET);
    // The standard plan: 2000 points restoring at 100/s; each call costs 10.
    int calls = 0;
    while (connector.delayBeforeNextCall(f.clock.instant()).isZero() && calls < 1_000) {
      CallOutcome o =
          connector.send(connector.prepare(List.of(push(1, calls, null, calls)), 0)).join();
      assertThat(o).isInstanceOf(Answered.class);
      calls++;
    }

    assertThat(calls).isBetween(195, 201);
    Duration wait = connector.delayBeforeNextCall(f.clock.instant());
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
    f.clock.advance(wait);
    assertThat(connector.delayBeforeNextCall(f.clock.instant())).isZero();
    assertThat(connector.send(connector.prepare(List.of(push(1, 1, null, 999)), 0)).join())
        .isInstanceOf(Answered.class);
  }

  @Test
  void aCallSentAgainAfterATimeoutIsAppliedOnlyOnce() {
    ShopifyConnector impatient = f.connector(Duration.ofMillis(300));
    f.shopify.faults().timeout(Duration.ofMillis(1_500), 1, true);
    ShopifyConnector.ShopifyCall call = impatient.prepare(List.of(push(1, 40, null, 3)), 0);

    CallOutcome first = impatient.send(call).join();
    assertThat(first)
        .isInstanceOfSatisfying(
            CallOutcome.Unavailable.class, u -> assertThat(u.uncertain()).isTrue());
    // Shopify applied it; then a sale there took the figure to 39.
    org.awaitility.Awaitility.await()
        .until(() -> Long.valueOf(40).equals(f.shopify.quantities().get(key(1))));
    f.shopify.seedQuantities(Map.of(key(1), 39L));

    CallOutcome again = impatient.send(call).join();

    assertThat(((Answered) again).items()).containsExactly(new Applied(40));
    assertThat(f.shopify.quantities()).containsEntry(key(1), 39L); // not applied a second time
  }
}
