package io.stocksync.channels.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.order.OrderLine;
import io.stocksync.core.order.OrderLineState;
import io.stocksync.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Amazon's orders read through the emulator's Orders API v0 on loopback, as a poll reads them. */
class AmazonOrdersTest {
  private static final String MUG = Storefronts.SELLER + "/MUG";
  private static final String CUP = Storefronts.SELLER + "/CUP";

  private final Storefronts shop = new Storefronts();

  @AfterEach
  void stop() {
    shop.close();
  }

  private List<RecordedRequest> getOrders() {
    return shop.requests("amazon", "/orders/v0/orders").stream()
        .filter(r -> r.path().endsWith("/orders/v0/orders"))
        .toList();
  }

  private OrderFeed.Page read(OrderFeed feed, String cursor) {
    return feed.read(cursor, shop.clock.instant());
  }

  @Test
  void anOrderBoughtOnTheStorefrontIsReadAsItsLinesWithAmazonsIds() {
    shop.stock("amazon", "{\"" + MUG + "\":50,\"" + CUP + "\":5}");
    String orderId = shop.buy("amazon", MUG, 3, CUP, 1);
    Instant now = shop.clock.instant();

    OrderFeed.Page page = read(shop.amazonFeed(), null);

    assertThat(page.more()).isFalse();
    assertThat(page.caughtUpTo()).isEqualTo(now.minus(AmazonOrders.OVERLAP));
    assertThat(page.lines())
        .extracting(
            OrderLine::orderId, OrderLine::externalId, OrderLine::quantity, OrderLine::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(orderId, "MUG", 3L, OrderLineState.PLACED),
            org.assertj.core.groups.Tuple.tuple(orderId, "CUP", 1L, OrderLineState.PLACED));
    assertThat(page.lines()).allSatisfy(l -> assertThat(l.lineId()).matches("\\d{14}"));
    assertThat(page.lines()).extracting(OrderLine::channelId).containsOnly("amz");
    RecordedRequest getOrders = getOrders().get(0);
    assertThat(getOrders.query())
        .contains("MarketplaceIds=" + Storefronts.MARKETPLACE)
        .contains("LastUpdatedAfter=2026-11-27T09%3A57%3A00Z")
        .contains("MaxResultsPerPage=100");
    assertThat(getOrders.headers()).containsKey("x-amz-access-token");
    assertThat(shop.requests("amazon", "/orderItems")).hasSize(1);
  }

  @Test
  void cancelAndShipMoveTheLinesAndAReturnLeavesThemShipped() {
    shop.stock("amazon", "{\"" + MUG + "\":50}");
    String cancelled = shop.buy("amazon", MUG, 2);
    String shipped = shop.buy("amazon", MUG, 1);
    String returned = shop.buy("amazon", MUG, 4);
    shop.move("amazon", cancelled, "cancel");
    shop.move("amazon", shipped, "ship");
    shop.move("amazon", returned, "ship");
    shop.move("amazon", returned, "return");

    List<OrderLine> lines = read(shop.amazonFeed(), null).lines();

    assertThat(lines)
        .extracting(OrderLine::orderId, OrderLine::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(cancelled, OrderLineState.CANCELLED),
            org.assertj.core.groups.Tuple.tuple(shipped, OrderLineState.SHIPPED),
            // The Orders API has no returned state: a returned order stays Shipped.
            org.assertj.core.groups.Tuple.tuple(returned, OrderLineState.SHIPPED));
  }

  @Test
  void aPassThatOutrunsTheItemsUsagePlanWaitsForItAndAsksForEachOrdersItemsOnce() {
    shop.stock("amazon", "{\"" + MUG + "\":500}");
    Set<String> bought = new java.util.HashSet<>();
    for (int i = 0; i < 130; i++) {
      bought.add(shop.buy("amazon", MUG, 1));
    }
    OrderFeed feed = shop.amazonFeed();
    List<OrderLine> lines = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    String cursor = null;
    OrderFeed.Page page = null;
    for (int pass = 0; pass < 20 && (page == null || page.more()); pass++) {
      try {
        page = read(feed, cursor);
        lines.addAll(page.lines());
        cursor = page.next();
      } catch (IllegalStateException paced) {
        refusals.add(paced.getMessage());
        shop.clock.advance(Duration.ofSeconds(60)); // the poll's backoff
      }
    }

    assertThat(page).isNotNull();
    assertThat(page.more()).isFalse();
    assertThat(page.caughtUpTo()).isNotNull();
    assertThat(lines.stream().map(OrderLine::orderId).collect(Collectors.toSet()))
        .isEqualTo(bought);
    // 130 orders' items at 30 a burst and 0.5 a second: four waits of a minute.
    assertThat(refusals)
        .hasSize(4)
        .allSatisfy(
            m ->
                assertThat(m)
                    .contains("getOrderItems usage plan (0.5 requests a second, burst 30)"));
    assertThat(shop.requests("amazon", "/orderItems"))
        .extracting(RecordedRequest::status)
        .containsOnly(200)
        .hasSize(130);
    assertThat(getOrders().get(0).query()).contains("MaxResultsPerPage=100");
    assertThat(getOrders()).anySatisfy(r -> assertThat(r.query()).contains("NextToken="));
  }

  @Test
  void aPassOverTheOverlapAsksOnlyForTheItemsOfOrdersThatChanged() {
    shop.stock("amazon", "{\"" + MUG + "\":50}");
    String unchanged = shop.buy("amazon", MUG, 1);
    String shipped = shop.buy("amazon", MUG, 2);
    OrderFeed feed = shop.amazonFeed();
    OrderFeed.Page first = read(feed, null);
    assertThat(shop.requests("amazon", "/orderItems")).hasSize(2);

    shop.clock.advance(Duration.ofSeconds(61));
    shop.move("amazon", shipped, "ship");
    String later = shop.buy("amazon", MUG, 1);
    OrderFeed.Page second = read(feed, first.next());

    assertThat(second.lines())
        .extracting(OrderLine::orderId, OrderLine::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(unchanged, OrderLineState.PLACED),
            org.assertj.core.groups.Tuple.tuple(shipped, OrderLineState.SHIPPED),
            org.assertj.core.groups.Tuple.tuple(later, OrderLineState.PLACED));
    assertThat(shop.requests("amazon", "/orderItems"))
        .extracting(RecordedRequest::path)
        .hasSize(4)
        .filteredOn(p -> p.contains("/" + unchanged + "/"))
        .hasSize(1);
  }

  @Test
  void aLateIndexedOrderInsideTheOverlapIsReadAgainAndOneOutsideItIsNot() {
    shop.stock("amazon", "{\"" + MUG + "\":50}");
    OrderFeed feed = shop.amazonFeed();
    String early = shop.buy("amazon", MUG, 1);
    OrderFeed.Page pass = read(feed, null);
    assertThat(pass.next()).isEqualTo("2026-11-27T10:00:00Z");

    // Orders that Amazon lists only now, with update times before the cursor.
    shop.clock.advance(Duration.ofMinutes(-2));
    String late = shop.buy("amazon", MUG, 1);
    shop.clock.advance(Duration.ofMinutes(-4));
    String tooLate = shop.buy("amazon", MUG, 1);
    shop.clock.advance(Duration.ofMinutes(7));

    OrderFeed.Page again = read(feed, pass.next());

    assertThat(again.lines()).extracting(OrderLine::orderId).containsExactly(late, early);
    assertThat(again.lines()).extracting(OrderLine::orderId).doesNotContain(tooLate);
    assertThat(again.next()).isEqualTo("2026-11-27T10:00:00Z");
  }

  @Test
  void getOrdersIsKeptToItsBurstOfTwentyAcrossPassesAndThenToOneAMinute() {
    OrderFeed feed = shop.amazonFeed();
    for (int i = 0; i < 20; i++) {
      read(shop.amazonFeed(), null); // a new pass each time: the session's bucket is the same
    }

    assertThatThrownBy(() -> read(feed, null))
        .isInstanceOf(OrderFeedPaced.class)
        .hasMessageContaining("getOrders usage plan (0.0167 requests a second, burst 20)")
        .satisfies(
            e ->
                assertThat(((OrderFeedPaced) e).retryIn())
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofSeconds(60)));
    assertThat(getOrders()).hasSize(20);
    assertThat(shop.requests("amazon", "/auth/o2/token")).hasSize(1); // one LWA token for all
    shop.clock.advance(Duration.ofSeconds(60));
    assertThat(read(feed, null).more()).isFalse();
    assertThat(getOrders()).extracting(RecordedRequest::status).containsOnly(200);
  }

  @Test
  void aCancelledItemWhoseQuantityAmazonZeroedIsStillReportedCancelled() {
    var order =
        PollCallsTestJson.parse(
            "{\"AmazonOrderId\":\"114-1\",\"OrderStatus\":\"Canceled\","
                + "\"LastUpdateDate\":\"2026-11-27T10:00:00Z\"}");
    var item =
        PollCallsTestJson.parse(
            "{\"OrderItemId\":\"9\",\"SellerSKU\":\"MUG\",\"QuantityOrdered\":0,"
                + "\"QuantityShipped\":0}");

    List<OrderLine> lines = AmazonOrders.lines("amz", order, List.of(item));

    assertThat(lines)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.state()).isEqualTo(OrderLineState.CANCELLED);
              assertThat(l.quantity()).isEqualTo(1);
            });
  }
}
