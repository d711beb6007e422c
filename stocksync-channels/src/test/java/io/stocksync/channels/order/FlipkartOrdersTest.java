package io.stocksync.channels.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.channels.flipkart.FlipkartConnector;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.order.OrderLineState;
import io.stocksync.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Flipkart's orders read through the emulator's shipments API v3 on loopback, pass by pass. */
class FlipkartOrdersTest {
  private static final String MUG = "MUG@" + Storefronts.LOCATION;
  private static final String CUP = "CUP@" + Storefronts.LOCATION;

  private final Storefronts shop = new Storefronts();

  @AfterEach
  void stop() {
    shop.close();
  }

  /** A whole pass from {@code cursor}: every page until the feed is caught up. */
  private record Pass(List<OrderLine> lines, int pages, OrderFeed.Page last) {}

  private Pass pass(OrderFeed feed, String cursor) {
    List<OrderLine> lines = new ArrayList<>();
    int pages = 0;
    OrderFeed.Page page;
    do {
      page = feed.read(cursor, shop.clock.instant());
      lines.addAll(page.lines());
      cursor = page.next();
      pages++;
    } while (page.more());
    return new Pass(lines, pages, page);
  }

  private List<RecordedRequest> shipmentCalls() {
    return shop.requests("flipkart", "/shipments/filter");
  }

  @Test
  void anOrderBoughtOnTheStorefrontIsReadAsItsLinesWithFlipkartsIds() {
    shop.stock("flipkart", "{\"" + MUG + "\":50,\"" + CUP + "\":5}");
    String orderId = shop.buy("flipkart", MUG, 3, CUP, 1);
    Instant now = shop.clock.instant();

    Pass pass = pass(shop.flipkartFeed(), null);

    assertThat(pass.lines())
        .extracting(
            OrderLine::orderId, OrderLine::externalId, OrderLine::quantity, OrderLine::state)
        .containsExactly(
            tuple(orderId, "MUG", 3L, OrderLineState.PLACED),
            tuple(orderId, "CUP", 1L, OrderLineState.PLACED));
    assertThat(orderId).startsWith("OD");
    assertThat(pass.lines()).allSatisfy(l -> assertThat(l.lineId()).matches("\\d{18}"));
    assertThat(pass.last().caughtUpTo()).isEqualTo(now.minus(FlipkartOrders.OVERLAP));
    // One query per kind of shipment, each from the cursor less the overlap.
    assertThat(shipmentCalls()).hasSize(3);
    assertThat(shipmentCalls())
        .extracting(RecordedRequest::body)
        .allSatisfy(
            b ->
                assertThat(b)
                    .contains("\"modifiedDate\":{\"from\":\"2026-11-27T09:58:00Z\"}")
                    .contains("\"pageSize\":20")
                    .contains("\"field\":\"modifiedDate\""));
    assertThat(shipmentCalls())
        .extracting(
            r ->
                r.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                    .map(java.util.Map.Entry::getValue)
                    .findFirst()
                    .orElse(null))
        .doesNotContainNull(); // the journal redacts its value
  }

  @Test
  void cancelShipAndReturnMoveTheLines() {
    shop.stock("flipkart", "{\"" + MUG + "\":50}");
    String cancelled = shop.buy("flipkart", MUG, 2);
    String shipped = shop.buy("flipkart", MUG, 1);
    String returned = shop.buy("flipkart", MUG, 4);
    String placed = shop.buy("flipkart", MUG, 1);
    shop.move("flipkart", cancelled, "cancel");
    shop.move("flipkart", shipped, "ship");
    shop.move("flipkart", returned, "ship");
    shop.move("flipkart", returned, "return");

    List<OrderLine> lines = pass(shop.flipkartFeed(), null).lines();

    assertThat(lines)
        .extracting(OrderLine::orderId, OrderLine::state)
        .containsExactlyInAnyOrder(
            tuple(placed, OrderLineState.PLACED),
            tuple(cancelled, OrderLineState.CANCELLED),
            tuple(shipped, OrderLineState.SHIPPED),
            tuple(returned, OrderLineState.RETURNED));
  }

  @Test
  void aPassFollowsNextPageUrlOverSeveralPages() {
    shop.stock("flipkart", "{\"" + MUG + "\":500}");
    Set<String> bought = new HashSet<>();
    for (int i = 0; i < 45; i++) {
      bought.add(shop.buy("flipkart", MUG, 1));
    }

    Pass pass = pass(shop.flipkartFeed(), null);

    assertThat(pass.lines().stream().map(OrderLine::orderId).collect(Collectors.toSet()))
        .isEqualTo(bought);
    assertThat(pass.lines()).hasSize(45);
    assertThat(pass.pages()).isEqualTo(5); // 20 + 20 + 5 pre-dispatch, then cancelled, post
    assertThat(shipmentCalls())
        .filteredOn(r -> r.method().equals("GET"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.query()).startsWith("pageToken="));
  }

  @Test
  void aLateIndexedOrderInsideTheOverlapIsReadAgainAndOneOutsideItIsNot() {
    shop.stock("flipkart", "{\"" + MUG + "\":50}");
    OrderFeed feed = shop.flipkartFeed();
    String early = shop.buy("flipkart", MUG, 1);
    Pass first = pass(feed, null);
    assertThat(first.last().next()).isEqualTo("2026-11-27T10:00:00Z");

    shop.clock.advance(Duration.ofMinutes(-1));
    String late = shop.buy("flipkart", MUG, 1);
    shop.clock.advance(Duration.ofMinutes(-4));
    String tooLate = shop.buy("flipkart", MUG, 1);
    shop.clock.advance(Duration.ofMinutes(6));

    Pass again = pass(shop.flipkartFeed(), first.last().next()); // the channel's next pass

    assertThat(again.lines()).extracting(OrderLine::orderId).containsExactly(late, early);
    // The session outlives the pass: one token for both.
    assertThat(shop.requests("flipkart", "/oauth-service/oauth/token")).hasSize(1);
    assertThat(again.lines()).extracting(OrderLine::orderId).doesNotContain(tooLate);
  }

  @Test
  void pollsSpendTheBucketThePushesOfTheChannelSpend() {
    FlipkartConnector.create(
        shop.flipkartChannel(), Storefronts.flipkartCredentials(), shop.context());
    TokenBucketPacer pushes =
        ChannelPacing.shared(
            shop.flipkartChannel(),
            FlipkartConnector.PACING,
            () -> {
              throw new AssertionError("the connector made the channel's bucket already");
            });
    Instant now = shop.clock.instant();
    for (int i = 0; i < 8; i++) {
      pushes.take(now); // pushes overdraw the 2 a second bucket by 6: 3 s to go
    }

    assertThatThrownBy(() -> shop.flipkartFeed().read(null, now))
        .isInstanceOf(OrderFeedPaced.class)
        .hasMessageContaining("request rate allows the next call in")
        .satisfies(
            e ->
                assertThat(((OrderFeedPaced) e).retryIn())
                    .isGreaterThan(Duration.ofSeconds(2))
                    .isLessThanOrEqualTo(Duration.ofSeconds(4)));
    assertThat(shipmentCalls()).isEmpty();
  }
}
