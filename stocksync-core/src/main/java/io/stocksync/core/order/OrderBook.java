package io.stocksync.core.order;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The order lines and feed states of one account, as the store holds them. Mutable; confined to the
 * account's writer, like the account state that holds it. Rebuilt from the store's rows at start-up
 * and after a failed commit, so it never runs ahead of what a restart would see.
 */
public final class OrderBook {
  private final NavigableMap<String, OrderLineRow> lines = new TreeMap<>();
  private final Map<String, OrderFeedRow> feeds = new HashMap<>();

  /** The key of a line within its account; orders the lines by channel, order and line. */
  public static String key(String channelId, String orderId, String lineId) {
    return channelId + '\u0000' + orderId + '\u0000' + lineId;
  }

  /** The kept line with this key, or null. */
  public OrderLineRow line(String key) {
    return lines.get(key);
  }

  /** How many lines are kept. */
  public int size() {
    return lines.size();
  }

  /** Puts a row read from the store. */
  public void restore(OrderLineRow row) {
    lines.put(key(row.channelId(), row.orderId(), row.lineId()), row);
  }

  /** Puts a feed state read from the store. */
  public void restore(OrderFeedRow row) {
    feeds.put(row.channelId(), row);
  }

  /** The channel's feed state, or null before its first poll or registration. */
  public OrderFeedRow feed(String channelId) {
    return feeds.get(channelId);
  }

  /** Records a new feed state of its channel; {@code out} receives the row to store. */
  public void putFeed(OrderFeedRow row, Consumer<OrderFeedRow> out) {
    feeds.put(row.channelId(), row);
    out.accept(row);
  }

  /**
   * Books {@code reported} lines (SPEC §9): each is mapped by {@link OrderBooking#book} onto what
   * is kept of it, its events go to {@code ledger} in order (which answers duplicates of ids it has
   * seen), and the line as it is kept next goes to {@code out} to be stored with those events.
   *
   * @return the lines as kept now, one per report, in order
   */
  public List<OrderLineRow> receive(
      String accountId,
      List<OrderLine> reported,
      ListingCatalog catalog,
      Function<InventoryEvent, EventResult> ledger,
      Instant now,
      Consumer<OrderLineRow> out) {
    List<OrderLineRow> kept = new ArrayList<>(reported.size());
    for (OrderLine line : reported) {
      kept.add(bookOne(accountId, line, lines.get(line.key()), catalog, ledger, now, out));
    }
    return kept;
  }

  /**
   * Books the channel's unmatched lines whose listing now exists (SPEC §9: "booked as soon as a
   * listing with that id appears"). Returns how many were booked.
   */
  public int bookUnmatched(
      String accountId,
      String channelId,
      ListingCatalog catalog,
      Function<InventoryEvent, EventResult> ledger,
      Instant now,
      Consumer<OrderLineRow> out) {
    int booked = 0;
    for (OrderLineRow row : List.copyOf(channelLines(channelId))) {
      if (row.unmatched()
          && catalog.skuFor(channelId, row.externalId(), row.marketplaceSku()) != null) {
        OrderLineRow after =
            bookOne(accountId, OrderBooking.asReported(row), row, catalog, ledger, now, out);
        if (!after.unmatched()) {
          booked++;
        }
      }
    }
    return booked;
  }

  private OrderLineRow bookOne(
      String accountId,
      OrderLine line,
      OrderLineRow before,
      ListingCatalog catalog,
      Function<InventoryEvent, EventResult> ledger,
      Instant now,
      Consumer<OrderLineRow> out) {
    OrderBooking.Booking booking = OrderBooking.book(accountId, line, before, catalog, now);
    List<EventResult> results = new ArrayList<>(booking.events().size());
    for (InventoryEvent e : booking.events()) {
      EventResult r = ledger.apply(e);
      results.add(r);
      if (r.status() == EventResult.Status.REJECTED) {
        break; // the rest of this line waits for the next report
      }
    }
    while (results.size() < booking.events().size()) {
      results.add(
          EventResult.rejected(
              booking.events().get(results.size()).id(),
              results.get(results.size() - 1).rejection()));
    }
    OrderLineRow after = booking.confirm(results);
    if (before != null && sameBut(after, before)) {
      return before; // a report that changes nothing writes nothing
    }
    lines.put(line.key(), after);
    out.accept(after);
    return after;
  }

  /** Whether two rows of a line differ in nothing but the time they were written. */
  private static boolean sameBut(OrderLineRow a, OrderLineRow b) {
    return a.equals(
        new OrderLineRow(
            b.accountId(),
            b.channelId(),
            b.orderId(),
            b.lineId(),
            b.externalId(),
            b.marketplaceSku(),
            b.quantity(),
            b.state(),
            b.reportedAt(),
            b.sku(),
            b.location(),
            b.placedBooked(),
            b.cancelledBooked(),
            b.shippedBooked(),
            b.error(),
            b.firstSeenAt(),
            a.updatedAt()));
  }

  /** The lines of one channel, in key order. */
  public java.util.Collection<OrderLineRow> channelLines(String channelId) {
    return lines.subMap(channelId + '\u0000', channelId + '\u0001').values();
  }

  /**
   * Up to {@code limit} lines that {@code filter} accepts, in key order, starting after the line
   * whose key is {@code afterKey} (null: from the first).
   */
  public List<OrderLineRow> page(Predicate<OrderLineRow> filter, String afterKey, int limit) {
    List<OrderLineRow> page = new ArrayList<>(Math.min(limit, 256));
    NavigableMap<String, OrderLineRow> from =
        afterKey == null ? lines : lines.tailMap(afterKey, false);
    for (OrderLineRow row : from.values()) {
      if (page.size() >= limit) {
        break;
      }
      if (filter.test(row)) {
        page.add(row);
      }
    }
    return page;
  }

  /** Every channel's feed state. */
  public List<OrderFeedRow> feeds() {
    return List.copyOf(feeds.values());
  }
}
