package io.stocksync.core.order;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The order mapping of SPEC §9, a pure function: an order line as a marketplace reports it, and
 * what is kept of it, give the inventory events still to book and the line as it is kept next.
 *
 * <p>The events carry fixed ids, {@code {channelId}:{orderId}:{lineId}:placed}, {@code …:cancelled}
 * and {@code …:shipped}, so that a webhook, a poll and any retry of either count once even where
 * the kept line is lost: the ledger sees the same id again as a duplicate. A line is booked at the
 * location chosen when it is first matched, and every later event of it goes there too. A line
 * whose listing is unknown is kept unmatched, with no event, and is booked when {@link #book} runs
 * again once its listing exists. A return is recorded on the line and never booked: stock comes
 * back when the warehouse posts {@code RETURN_RECEIVED}.
 */
public final class OrderBooking {
  private OrderBooking() {}

  /** The events to apply, in order, and the line as it is kept once they are applied. */
  public record Booking(OrderLineRow line, List<InventoryEvent> events) {

    /**
     * The line as kept once the ledger answered {@code results}, one per event in order: an event
     * the ledger refused is not booked, its reason is recorded, and the events after it count as
     * not booked either (a cancel or a shipment of a placement that is not in the ledger).
     */
    public OrderLineRow confirm(List<EventResult> results) {
      OrderLineRow row = line;
      for (int i = 0; i < events.size(); i++) {
        EventResult r = results.get(i);
        if (r.status() == EventResult.Status.REJECTED) {
          String why = events.get(i).type() + " refused: " + r.rejection().message();
          for (int j = i; j < events.size(); j++) {
            row = unbooked(row, events.get(j).type(), why);
          }
          break;
        }
      }
      return row;
    }
  }

  /** The id of a line's event of {@code type}: the fixed ids of SPEC §9. */
  public static String eventId(String channelId, String orderId, String lineId, EventType type) {
    String suffix =
        switch (type) {
          case ORDER_PLACED -> "placed";
          case ORDER_CANCELLED -> "cancelled";
          case ORDER_SHIPPED -> "shipped";
          default -> throw new IllegalArgumentException("no order line books " + type);
        };
    return channelId + ':' + orderId + ':' + lineId + ':' + suffix;
  }

  /**
   * Maps {@code reported} onto what is kept of its line ({@code kept}, null for a line never seen).
   *
   * @param accountId the account of the line
   * @param reported the line as the marketplace reported it now; for a new match of a kept line,
   *     the kept line itself (see {@link #asReported})
   * @param kept what is kept of the same line, or null
   * @param catalog the account's listings and locations now
   * @param now the time of the booking
   */
  public static Booking book(
      String accountId,
      OrderLine reported,
      OrderLineRow kept,
      ListingCatalog catalog,
      Instant now) {
    OrderLineState state = kept == null ? reported.state() : kept.state().merge(reported.state());
    // The first report fixes the units: an edit of the quantity afterwards is not followed (the
    // placement in the ledger cannot change), see docs/orders.md.
    long quantity = kept == null ? reported.quantity() : kept.quantity();
    String externalId =
        kept != null && kept.externalId() != null ? kept.externalId() : reported.externalId();
    String marketplaceSku =
        kept != null && kept.marketplaceSku() != null
            ? kept.marketplaceSku()
            : reported.marketplaceSku();
    Instant reportedAt = later(kept == null ? null : kept.reportedAt(), reported.reportedAt());
    String sku = kept == null ? null : kept.sku();
    String location = kept == null ? null : kept.location();
    if (sku == null) {
      sku = catalog.skuFor(reported.channelId(), externalId, marketplaceSku);
      location = sku == null ? null : bookingLocation(catalog, reported.channelId(), sku, quantity);
      if (location == null) {
        sku = null; // a channel with no sellable location: nowhere to book it yet
      }
    }
    boolean placed = kept != null && kept.placedBooked();
    boolean cancelled = kept != null && kept.cancelledBooked();
    boolean shipped = kept != null && kept.shippedBooked();
    String error = kept == null ? null : kept.error();
    List<InventoryEvent> events = new ArrayList<>(3);
    if (sku != null) {
      String channel = reported.channelId();
      String order = reported.orderId();
      String lineId = reported.lineId();
      if (!placed) {
        events.add(event(channel, order, lineId, EventType.ORDER_PLACED, sku, location, quantity));
        placed = true;
        error = null;
      }
      if (state == OrderLineState.CANCELLED && !cancelled && !shipped) {
        events.add(
            event(channel, order, lineId, EventType.ORDER_CANCELLED, sku, location, quantity));
        cancelled = true;
      }
      if (state.shipped() && !shipped) {
        if (cancelled) {
          // Its reservation was released already; a shipment on top would count its units twice.
          error = "shipped after its cancellation was booked: post the stock movement yourself";
        } else {
          events.add(
              event(channel, order, lineId, EventType.ORDER_SHIPPED, sku, location, quantity));
          shipped = true;
        }
      }
    }
    OrderLineRow line =
        new OrderLineRow(
            accountId,
            reported.channelId(),
            reported.orderId(),
            reported.lineId(),
            externalId,
            marketplaceSku,
            quantity,
            state,
            reportedAt,
            sku,
            location,
            placed,
            cancelled,
            shipped,
            error,
            kept == null ? now : kept.firstSeenAt(),
            now);
    return new Booking(line, List.copyOf(events));
  }

  /** A kept line as a report of itself, to book it again (once its listing appeared). */
  public static OrderLine asReported(OrderLineRow kept) {
    return new OrderLine(
        kept.channelId(),
        kept.orderId(),
        kept.lineId(),
        kept.externalId(),
        kept.marketplaceSku(),
        kept.quantity(),
        kept.state(),
        kept.reportedAt());
  }

  /**
   * SPEC §9: the channel's {@code orderLocation} if set; else the first of its sellable locations,
   * in its order, whose available covers the line; else the first of them (the sale happened: it is
   * booked, and OVERSOLD follows). Null when the channel has no sellable location.
   */
  static String bookingLocation(ListingCatalog catalog, String channelId, String sku, long units) {
    String configured = catalog.orderLocation(channelId);
    if (configured != null) {
      return configured;
    }
    List<String> sellable = catalog.sellableLocations(channelId);
    for (String location : sellable) {
      if (catalog.covers(sku, location, units)) {
        return location;
      }
    }
    return sellable.isEmpty() ? null : sellable.get(0);
  }

  private static InventoryEvent event(
      String channel,
      String order,
      String line,
      EventType type,
      String sku,
      String location,
      long quantity) {
    // occurredAt is left to the ingest time: the ledger's order is StockSync's, and a marketplace
    // clock behind ours must not date a booking before the state it changed.
    return new InventoryEvent(
        eventId(channel, order, line, type), type, sku, location, quantity, null);
  }

  private static OrderLineRow unbooked(OrderLineRow r, EventType type, String why) {
    return new OrderLineRow(
        r.accountId(),
        r.channelId(),
        r.orderId(),
        r.lineId(),
        r.externalId(),
        r.marketplaceSku(),
        r.quantity(),
        r.state(),
        r.reportedAt(),
        r.sku(),
        r.location(),
        r.placedBooked() && type != EventType.ORDER_PLACED,
        r.cancelledBooked() && type != EventType.ORDER_CANCELLED,
        r.shippedBooked() && type != EventType.ORDER_SHIPPED,
        why,
        r.firstSeenAt(),
        r.updatedAt());
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
