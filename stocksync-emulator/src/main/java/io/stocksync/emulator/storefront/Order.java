package io.stocksync.emulator.storefront;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One order an emulated customer placed, as the storefront core keeps it; each marketplace renders
 * it in its own order API's shape. Immutable: a change of state makes a new record.
 *
 * @param id the marketplace's order id (its own form: Shopify numeric id, Amazon {@code
 *     123-1234567-1234567}, Flipkart {@code OD…}, WooCommerce numeric id)
 * @param number the order's place in the store, 1 for the first
 * @param lines the lines bought, in the order given
 * @param state where the order is in its life
 * @param createdAt when it was placed (the emulator's clock)
 * @param updatedAt when it last changed
 * @param cancelledAt when it was cancelled, or null
 * @param shippedAt when it was shipped, or null
 * @param returnedAt when it was returned, or null
 */
public record Order(
    String id,
    long number,
    List<OrderLine> lines,
    OrderState state,
    Instant createdAt,
    Instant updatedAt,
    Instant cancelledAt,
    Instant shippedAt,
    Instant returnedAt) {

  /** Freezes the lines. */
  public Order {
    lines = List.copyOf(lines);
  }

  /** The same order moved to {@code next} at {@code now}. */
  Order moved(OrderState next, Instant now) {
    return new Order(
        id,
        number,
        lines,
        next,
        createdAt,
        now,
        next == OrderState.CANCELLED ? now : cancelledAt,
        next == OrderState.SHIPPED ? now : shippedAt,
        next == OrderState.RETURNED ? now : returnedAt);
  }

  /** The units per listing, lines of the same listing summed. */
  public Map<String, Long> units() {
    Map<String, Long> units = new LinkedHashMap<>();
    lines.forEach(line -> units.merge(line.listing(), line.quantity(), Long::sum));
    return units;
  }

  /** The order as {@code GET /emulator/{m}/orders} lists it. */
  public Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("orderId", id);
    view.put("number", number);
    view.put("state", state.name());
    view.put(
        "lines",
        lines.stream()
            .map(
                line ->
                    Map.<String, Object>of(
                        "lineId",
                        line.lineId(),
                        "listing",
                        line.listing(),
                        "quantity",
                        line.quantity()))
            .toList());
    view.put("createdAt", createdAt.toString());
    view.put("updatedAt", updatedAt.toString());
    view.put("cancelledAt", cancelledAt == null ? null : cancelledAt.toString());
    view.put("shippedAt", shippedAt == null ? null : shippedAt.toString());
    view.put("returnedAt", returnedAt == null ? null : returnedAt.toString());
    return view;
  }
}
