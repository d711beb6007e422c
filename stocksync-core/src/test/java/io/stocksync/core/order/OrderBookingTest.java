package io.stocksync.core.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderBookingTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  /** A channel drawing from WH1 then WH2, with the given available per location of SKU MUG. */
  private static ListingCatalog catalog(String orderLocation, Map<String, Long> available) {
    return new ListingCatalog() {
      @Override
      public String skuFor(String channelId, String externalId, String marketplaceSku) {
        if ("gid-mug".equals(externalId) || "MUG".equals(marketplaceSku)) {
          return "MUG";
        }
        return null;
      }

      @Override
      public String orderLocation(String channelId) {
        return orderLocation;
      }

      @Override
      public List<String> sellableLocations(String channelId) {
        return List.of("WH1", "WH2");
      }

      @Override
      public boolean covers(String sku, String location, long quantity) {
        return available.getOrDefault(location, 0L) >= quantity;
      }
    };
  }

  private static OrderLine line(OrderLineState state, long qty) {
    return new OrderLine("shop", "1001", "1", "gid-mug", null, qty, state, NOW);
  }

  @Test
  void aPlacedLineBooksAnOrderPlacedWithTheFixedIdOfSectionNine() {
    var booking =
        OrderBooking.book(
            "acc", line(OrderLineState.PLACED, 2), null, catalog(null, Map.of("WH1", 5L)), NOW);

    assertThat(booking.events())
        .containsExactly(
            new InventoryEvent(
                "shop:1001:1:placed", EventType.ORDER_PLACED, "MUG", "WH1", 2, null));
    assertThat(booking.line().placedBooked()).isTrue();
  }

  @Test
  void theOrderLocationSettingWinsOverAvailability() {
    var booking =
        OrderBooking.book(
            "acc", line(OrderLineState.PLACED, 2), null, catalog("WH2", Map.of("WH1", 5L)), NOW);

    assertThat(booking.events()).extracting(InventoryEvent::location).containsExactly("WH2");
  }

  @Test
  void withoutOrderLocationTheFirstLocationThatCoversTheLineIsUsed() {
    var booking =
        OrderBooking.book(
            "acc",
            line(OrderLineState.PLACED, 3),
            null,
            catalog(null, Map.of("WH1", 2L, "WH2", 3L)),
            NOW);

    assertThat(booking.events()).extracting(InventoryEvent::location).containsExactly("WH2");
  }

  @Test
  void whenNoLocationCoversTheLineItIsBookedAtTheFirstAnyway() {
    var booking =
        OrderBooking.book(
            "acc", line(OrderLineState.PLACED, 9), null, catalog(null, Map.of("WH2", 3L)), NOW);

    assertThat(booking.events()).extracting(InventoryEvent::location).containsExactly("WH1");
  }

  @Test
  void aLaterCancellationGoesToTheLocationThePlacementWasBookedAt() {
    ListingCatalog c = catalog(null, Map.of("WH1", 5L));
    OrderLineRow kept =
        OrderBooking.book("acc", line(OrderLineState.PLACED, 2), null, c, NOW).line();

    // WH1 has nothing left by now; the cancellation must still release WH1's reservation.
    var cancel =
        OrderBooking.book(
            "acc", line(OrderLineState.CANCELLED, 2), kept, catalog(null, Map.of("WH2", 9L)), NOW);

    assertThat(cancel.events())
        .containsExactly(
            new InventoryEvent(
                "shop:1001:1:cancelled", EventType.ORDER_CANCELLED, "MUG", "WH1", 2, null));
  }

  @Test
  void aReturnIsRecordedOnTheLineButBooksNoStock() {
    ListingCatalog c = catalog(null, Map.of("WH1", 5L));
    OrderLineRow shipped =
        OrderBooking.book("acc", line(OrderLineState.SHIPPED, 1), null, c, NOW).line();

    var returned = OrderBooking.book("acc", line(OrderLineState.RETURNED, 1), shipped, c, NOW);

    assertThat(returned.events()).isEmpty();
    assertThat(returned.line().state()).isEqualTo(OrderLineState.RETURNED);
  }

  @Test
  void aStalePlacedReportAfterACancellationBooksNothing() {
    ListingCatalog c = catalog(null, Map.of("WH1", 5L));
    OrderLineRow cancelled =
        OrderBooking.book("acc", line(OrderLineState.CANCELLED, 1), null, c, NOW).line();

    var stale = OrderBooking.book("acc", line(OrderLineState.PLACED, 1), cancelled, c, NOW);

    assertThat(stale.events()).isEmpty();
    assertThat(stale.line().state()).isEqualTo(OrderLineState.CANCELLED);
  }

  @Test
  void aLineWhoseListingIsUnknownIsKeptUnmatchedAndBooksNothing() {
    OrderLine unknown =
        new OrderLine("shop", "1002", "7", "gid-other", "OTHER", 1, OrderLineState.PLACED, NOW);

    var booking = OrderBooking.book("acc", unknown, null, catalog(null, Map.of()), NOW);

    assertThat(booking.events()).isEmpty();
    assertThat(booking.line().unmatched()).isTrue();
  }

  @Test
  void aLineIsMatchedByTheMarketplaceSkuWhenItsItemIdIsUnknown() {
    OrderLine bySku =
        new OrderLine("shop", "1003", "1", "gid-variant-9", "MUG", 1, OrderLineState.PLACED, NOW);

    var booking = OrderBooking.book("acc", bySku, null, catalog(null, Map.of("WH1", 1L)), NOW);

    assertThat(booking.events()).extracting(InventoryEvent::sku).containsExactly("MUG");
  }

  @Test
  void statesMergeForwardWhateverOrderTheyArriveIn() {
    for (OrderLineState a : OrderLineState.values()) {
      for (OrderLineState b : OrderLineState.values()) {
        assertThat(a.merge(b).merge(a)).isEqualTo(b.merge(a).merge(b));
      }
    }
    assertThat(Set.of(OrderLineState.SHIPPED.merge(OrderLineState.CANCELLED)))
        .containsExactly(OrderLineState.SHIPPED);
    assertThat(OrderLineState.RETURNED.merge(OrderLineState.PLACED))
        .isEqualTo(OrderLineState.RETURNED);
  }
}
