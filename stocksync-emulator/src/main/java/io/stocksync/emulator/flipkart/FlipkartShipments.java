package io.stocksync.emulator.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.Storefront;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flipkart's shipments API v3 as the emulator assumes it (no machine-readable contract exists):
 * {@code POST /sellers/v3/shipments/filter} with {@code {"filter":{"type","states","orderDate",
 * "modifiedDate","cancellationDate","locationId"},"pagination":{"pageSize"},"sort":{"field",
 * "order"}}}, answering {@code {"hasMore","nextPageUrl","shipments":[…]}}; the next page is {@code
 * GET /sellers} + {@code nextPageUrl}. One shipment per order and location, its {@code orderItems}
 * one per order line with {@code orderItemId}, {@code orderId}, {@code sku}, {@code listingId},
 * {@code quantity}, {@code status} ({@code APPROVED}, {@code SHIPPED}, {@code CANCELLED}, {@code
 * RETURNED}), {@code orderDate} and {@code cancellationDate}.
 *
 * <p>Thread-safe.
 */
final class FlipkartShipments {

  /** The largest {@code pagination.pageSize} (our reading of Flipkart's page: 20). */
  static final int MAX_PAGE_SIZE = 20;

  static final String FILTER_PATH = "/sellers/v3/shipments/filter";

  private static final Map<String, Set<String>> STATES_BY_TYPE =
      Map.of(
          "preDispatch",
          Set.of("APPROVED", "PACKING_IN_PROGRESS", "PACKED", "FORM_FAILED", "READY_TO_DISPATCH"),
          "postDispatch",
          Set.of("SHIPPED", "DELIVERED", "RETURNED"),
          "cancelled",
          Set.of("CANCELLED"));

  /** One shipment: the lines of one order at one location. */
  private record Shipment(Order order, String locationId, List<OrderLine> lines) {
    String id() {
      return UUID.nameUUIDFromBytes((order.id() + "@" + locationId).getBytes()).toString();
    }
  }

  private record Query(
      String type,
      Set<String> states,
      Instant[] orderDate,
      Instant[] modifiedDate,
      Instant[] cancellationDate,
      String locationId,
      int pageSize,
      String sortField,
      boolean descending) {}

  private record Page(Query query, int offset) {}

  private final Storefront storefront;
  private final Map<String, Page> pages = new ConcurrentHashMap<>();

  FlipkartShipments(Storefront storefront) {
    this.storefront = storefront;
  }

  /** Flipkart's ids: orders {@code OD…}, order items numeric. */
  static Storefront.Ids ids() {
    return new Storefront.Ids(
        n -> String.format("OD%018d", 400_000_000_000_000_000L + n),
        n -> String.format("%018d", 200_000_000_000_000_000L + n));
  }

  /** The item status of a storefront order. */
  static String status(Order order) {
    return switch (order.state()) {
      case PLACED -> "APPROVED";
      case CANCELLED -> "CANCELLED";
      case SHIPPED -> "SHIPPED";
      case RETURNED -> "RETURNED";
    };
  }

  /** {@code POST /sellers/v3/shipments/filter}. */
  EmulatorResponse filter(EmulatorRequest request) {
    JsonNode body;
    try {
      body = request.json();
      return page(new Page(query(body), 0));
    } catch (IllegalArgumentException e) {
      return FlipkartEmulator.requestError(400, 400, e.getMessage());
    }
  }

  /** {@code GET /sellers/v3/shipments/filter?pageToken=…}: the page a {@code nextPageUrl} names. */
  EmulatorResponse next(EmulatorRequest request) {
    String token = request.queryParam("pageToken").orElse("");
    Page page = pages.get(token);
    if (page == null) {
      return FlipkartEmulator.requestError(400, 400, "unknown or expired pageToken: " + token);
    }
    return page(page);
  }

  private EmulatorResponse page(Page page) {
    Query query = page.query();
    List<Shipment> matching = new ArrayList<>();
    for (Order order : storefront.orders()) {
      if (!STATES_BY_TYPE.get(query.type()).contains(status(order))
          || (!query.states().isEmpty() && !query.states().contains(status(order)))
          || !within(order.createdAt(), query.orderDate())
          || !within(order.updatedAt(), query.modifiedDate())
          || (query.cancellationDate() != null
              && (order.cancelledAt() == null
                  || !within(order.cancelledAt(), query.cancellationDate())))) {
        continue;
      }
      Map<String, List<OrderLine>> byLocation = new LinkedHashMap<>();
      for (OrderLine line : order.lines()) {
        byLocation.computeIfAbsent(locationOf(line), k -> new ArrayList<>()).add(line);
      }
      byLocation.forEach(
          (location, lines) -> {
            if (query.locationId() == null || query.locationId().equals(location)) {
              matching.add(new Shipment(order, location, lines));
            }
          });
    }
    Comparator<Shipment> sort =
        Comparator.comparing(
                (Shipment s) ->
                    "modifiedDate".equals(query.sortField())
                        ? s.order().updatedAt()
                        : s.order().createdAt())
            .thenComparing(s -> s.order().number())
            .thenComparing(Shipment::locationId);
    matching.sort(query.descending() ? sort.reversed() : sort);
    int from = Math.min(page.offset(), matching.size());
    int to = Math.min(from + query.pageSize(), matching.size());
    Map<String, Object> answer = new LinkedHashMap<>();
    boolean more = to < matching.size();
    answer.put("hasMore", more);
    if (more) {
      String token = UUID.randomUUID().toString();
      pages.put(token, new Page(query, to));
      answer.put("nextPageUrl", "/v3/shipments/filter?pageToken=" + token);
    } else {
      answer.put("nextPageUrl", null);
    }
    answer.put(
        "shipments", matching.subList(from, to).stream().map(FlipkartShipments::view).toList());
    return EmulatorResponse.json(200, answer);
  }

  private static Map<String, Object> view(Shipment shipment) {
    Order order = shipment.order();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("shipmentId", shipment.id());
    view.put("locationId", shipment.locationId());
    view.put("dispatchByDate", time(order.createdAt().plus(2, ChronoUnit.DAYS)));
    view.put("updatedAt", time(order.updatedAt()));
    view.put("hold", false);
    List<Map<String, Object>> items = new ArrayList<>();
    for (OrderLine line : shipment.lines()) {
      String sku = line.listing().substring(0, line.listing().lastIndexOf('@'));
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("orderItemId", line.lineId());
      item.put("orderId", order.id());
      item.put("orderDate", time(order.createdAt()));
      item.put("status", status(order));
      item.put("quantity", line.quantity());
      item.put("sku", sku);
      item.put("listingId", "LST" + sku);
      item.put("fsn", null);
      item.put("cancellationDate", order.cancelledAt() == null ? null : time(order.cancelledAt()));
      item.put("cancellationReason", order.cancelledAt() == null ? null : "buyer_cancellation");
      item.put("paymentType", "PREPAID");
      items.add(item);
    }
    view.put("orderItems", items);
    return view;
  }

  private static String locationOf(OrderLine line) {
    return line.listing().substring(line.listing().lastIndexOf('@') + 1);
  }

  private static Query query(JsonNode body) {
    if (!body.isObject() || !body.path("filter").isObject()) {
      throw new IllegalArgumentException("filter is required");
    }
    JsonNode filter = body.get("filter");
    String type = filter.path("type").asText("");
    if (!STATES_BY_TYPE.containsKey(type)) {
      throw new IllegalArgumentException(
          "filter.type must be one of preDispatch, postDispatch, cancelled");
    }
    Set<String> states = new java.util.HashSet<>();
    if (filter.has("states")) {
      if (!filter.get("states").isArray()) {
        throw new IllegalArgumentException("filter.states must be an array");
      }
      for (JsonNode state : filter.get("states")) {
        if (!STATES_BY_TYPE.get(type).contains(state.asText())) {
          throw new IllegalArgumentException(
              "filter.states: " + state.asText() + " is not a state of " + type);
        }
        states.add(state.asText());
      }
    }
    int pageSize = MAX_PAGE_SIZE;
    JsonNode size = body.path("pagination").path("pageSize");
    if (!size.isMissingNode()) {
      if (!size.isIntegralNumber() || size.intValue() < 1 || size.intValue() > MAX_PAGE_SIZE) {
        throw new IllegalArgumentException(
            "pagination.pageSize must be between 1 and " + MAX_PAGE_SIZE);
      }
      pageSize = size.intValue();
    }
    String sortField = body.path("sort").path("field").asText("orderDate");
    if (!Set.of("orderDate", "modifiedDate").contains(sortField)) {
      throw new IllegalArgumentException("sort.field must be orderDate or modifiedDate");
    }
    String order = body.path("sort").path("order").asText("asc");
    if (!Set.of("asc", "desc").contains(order)) {
      throw new IllegalArgumentException("sort.order must be asc or desc");
    }
    JsonNode location = filter.get("locationId");
    return new Query(
        type,
        Set.copyOf(states),
        range(filter, "orderDate"),
        range(filter, "modifiedDate"),
        range(filter, "cancellationDate"),
        location == null || location.isNull() ? null : location.asText(),
        pageSize,
        sortField,
        "desc".equals(order));
  }

  private static Instant[] range(JsonNode filter, String name) {
    JsonNode range = filter.get(name);
    if (range == null || range.isNull()) {
      return null;
    }
    if (!range.isObject()) {
      throw new IllegalArgumentException("filter." + name + " must be {\"from\",\"to\"}");
    }
    return new Instant[] {
      instant(range.get("from"), "filter." + name + ".from"),
      instant(range.get("to"), "filter." + name + ".to")
    };
  }

  private static Instant instant(JsonNode value, String name) {
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO 8601 time with an offset");
    }
  }

  private static boolean within(Instant at, Instant[] range) {
    return range == null
        || ((range[0] == null || !at.isBefore(range[0]))
            && (range[1] == null || !at.isAfter(range[1])));
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  void clear() {
    pages.clear();
  }
}
