package io.stocksync.emulator.amazon;

import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.emulator.storefront.Storefront;
import java.time.Clock;
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
import java.util.function.Function;

/**
 * The Orders API v0 ({@code ordersV0.json}) over the storefront's orders: {@code getOrders} ({@code
 * GET /orders/v0/orders}, {@code MarketplaceIds}, {@code CreatedAfter}/{@code CreatedBefore} or
 * {@code LastUpdatedAfter}/{@code LastUpdatedBefore}, {@code OrderStatuses}, {@code
 * MaxResultsPerPage} 1–100, {@code NextToken}) and {@code getOrderItems} ({@code GET
 * /orders/v0/orders/{orderId}/orderItems}). Authentication and the usage plans (getOrders 0.0167/s
 * burst 20, getOrderItems 0.5/s burst 30) are the emulator's {@code spApi} wrapper's.
 *
 * <p>Orders are listed oldest first by the date filtered on ({@code PurchaseDate} or {@code
 * LastUpdateDate}); a {@code NextToken} holds the query and where the page ended, and is kept until
 * reset. Statuses: placed {@code Unshipped}, cancelled {@code Canceled}, shipped {@code Shipped}
 * (the Orders API has no returned state: a returned order stays {@code Shipped}).
 *
 * <p>Thread-safe.
 */
final class AmazonOrders {

  /** The marketplace of every emulated order (Amazon.com's id). */
  static final String MARKETPLACE_ID = "ATVPDKIKX0DER";

  private static final int MAX_PER_PAGE = 100;
  private static final Set<String> STATUSES =
      Set.of(
          "PendingAvailability",
          "Pending",
          "Unshipped",
          "PartiallyShipped",
          "Shipped",
          "Canceled",
          "Unfulfillable",
          "InvoiceUnconfirmed");

  /** A getOrders query: its filter and sort key, and how far its pages have gone. */
  private record Query(
      boolean byUpdate, Instant after, Instant before, Set<String> statuses, int perPage) {
    Function<Order, String> key() {
      return o ->
          String.format(
              "%020d|%020d", (byUpdate ? o.updatedAt() : o.createdAt()).toEpochMilli(), o.number());
    }
  }

  private record Token(Query query, String lastKey) {}

  private final Clock clock;
  private final Storefront storefront;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  AmazonOrders(Clock clock, Storefront storefront) {
    this.clock = clock;
    this.storefront = storefront;
  }

  /** How Amazon names the n-th order ({@code 3-7-7 digits}) and line ({@code OrderItemId}). */
  static Storefront.Ids ids() {
    return new Storefront.Ids(
        n -> String.format("114-%07d-%07d", n, (n * 7_919L) % 10_000_000L),
        n -> String.format("%014d", 40_000_000_000_000L + n));
  }

  static String status(Order order) {
    return switch (order.state()) {
      case PLACED -> "Unshipped";
      case CANCELLED -> "Canceled";
      case SHIPPED, RETURNED -> "Shipped";
    };
  }

  /** {@code getOrders}. */
  EmulatorResponse getOrders(EmulatorRequest request) {
    if (request.queryParam("MarketplaceIds").filter(s -> !s.isBlank()).isEmpty()) {
      return invalid("MarketplaceIds is required.");
    }
    Token token;
    String next = request.queryParam("NextToken").orElse(null);
    if (next != null) {
      token = tokens.get(next);
      if (token == null) {
        return invalid("Invalid NextToken: " + next);
      }
    } else {
      try {
        token = new Token(query(request), null);
      } catch (IllegalArgumentException e) {
        return invalid(e.getMessage());
      }
    }
    Query query = token.query();
    Function<Order, String> key = query.key();
    List<Order> matching = new ArrayList<>();
    for (Order order : storefront.orders()) {
      Instant at = query.byUpdate() ? order.updatedAt() : order.createdAt();
      if (!at.isBefore(query.after())
          && (query.before() == null || !at.isAfter(query.before()))
          && (query.statuses().isEmpty() || query.statuses().contains(status(order)))
          && (token.lastKey() == null || key.apply(order).compareTo(token.lastKey()) > 0)) {
        matching.add(order);
      }
    }
    matching.sort(Comparator.comparing(key));
    List<Order> page = matching.subList(0, Math.min(query.perPage(), matching.size()));
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("Orders", page.stream().map(AmazonOrders::view).toList());
    if (matching.size() > page.size()) {
      String nextToken = UUID.randomUUID().toString();
      tokens.put(nextToken, new Token(query, key.apply(page.get(page.size() - 1))));
      payload.put("NextToken", nextToken);
    }
    String bound = time(query.before() == null ? clock.instant() : query.before());
    payload.put(query.byUpdate() ? "LastUpdatedBefore" : "CreatedBefore", bound);
    return EmulatorResponse.json(200, Map.of("payload", payload));
  }

  private Query query(EmulatorRequest request) {
    String createdAfter = request.queryParam("CreatedAfter").orElse(null);
    String updatedAfter = request.queryParam("LastUpdatedAfter").orElse(null);
    if ((createdAfter == null) == (updatedAfter == null)) {
      throw new IllegalArgumentException(
          "Exactly one of CreatedAfter and LastUpdatedAfter is required.");
    }
    boolean byUpdate = updatedAfter != null;
    String otherBefore = byUpdate ? "CreatedBefore" : "LastUpdatedBefore";
    if (request.queryParam(otherBefore).isPresent()) {
      throw new IllegalArgumentException(
          otherBefore
              + " cannot be combined with "
              + (byUpdate ? "LastUpdatedAfter" : "CreatedAfter"));
    }
    String beforeName = byUpdate ? "LastUpdatedBefore" : "CreatedBefore";
    Instant after =
        date(
            byUpdate ? "LastUpdatedAfter" : "CreatedAfter", byUpdate ? updatedAfter : createdAfter);
    Instant before =
        request.queryParam(beforeName).map(value -> date(beforeName, value)).orElse(null);
    if (before != null && before.isAfter(clock.instant().minus(java.time.Duration.ofMinutes(2)))) {
      // ordersV0.json: "…Before must be … at least two minutes before current time."
      throw new IllegalArgumentException(
          beforeName + " must be at least two minutes before the current time.");
    }
    if (before != null && before.isBefore(after)) {
      throw new IllegalArgumentException(
          beforeName + " must be after " + (byUpdate ? "LastUpdatedAfter" : "CreatedAfter"));
    }
    Set<String> statuses = Set.of();
    String statusList = request.queryParam("OrderStatuses").orElse(null);
    if (statusList != null) {
      statuses = Set.of(statusList.split(","));
      for (String status : statuses) {
        if (!STATUSES.contains(status)) {
          throw new IllegalArgumentException("OrderStatuses has an unknown status: " + status);
        }
      }
    }
    int perPage = MAX_PER_PAGE;
    String max = request.queryParam("MaxResultsPerPage").orElse(null);
    if (max != null) {
      try {
        perPage = Integer.parseInt(max);
      } catch (NumberFormatException e) {
        perPage = 0;
      }
      if (perPage < 1 || perPage > MAX_PER_PAGE) {
        throw new IllegalArgumentException("MaxResultsPerPage must be between 1 and 100.");
      }
    }
    return new Query(byUpdate, after, before, statuses, perPage);
  }

  /** {@code getOrderItems}. */
  EmulatorResponse getOrderItems(String orderId) {
    Order order = storefront.order(orderId).orElse(null);
    if (order == null) {
      return AmazonEmulator.spApiError(
          404, "NotFound", "The requested order was not found.", orderId);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("AmazonOrderId", order.id());
    payload.put("OrderItems", order.lines().stream().map(line -> item(order, line)).toList());
    return EmulatorResponse.json(200, Map.of("payload", payload));
  }

  /** An {@code Order} of the v0 model, the fields the emulator fills. */
  static Map<String, Object> view(Order order) {
    long units = order.lines().stream().mapToLong(OrderLine::quantity).sum();
    boolean shipped = order.state() == OrderState.SHIPPED || order.state() == OrderState.RETURNED;
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("AmazonOrderId", order.id());
    view.put("PurchaseDate", time(order.createdAt()));
    view.put("LastUpdateDate", time(order.updatedAt()));
    view.put("OrderStatus", status(order));
    view.put("FulfillmentChannel", "MFN");
    view.put("SalesChannel", "Amazon.com");
    view.put("NumberOfItemsShipped", shipped ? units : 0);
    view.put("NumberOfItemsUnshipped", order.state() == OrderState.PLACED ? units : 0);
    view.put("MarketplaceId", MARKETPLACE_ID);
    view.put("OrderType", "StandardOrder");
    view.put("IsBusinessOrder", false);
    view.put("IsPrime", false);
    view.put("IsPremiumOrder", false);
    view.put("IsReplacementOrder", false);
    view.put("IsISPU", false);
    return view;
  }

  /** An {@code OrderItem} of the v0 model. */
  static Map<String, Object> item(Order order, OrderLine line) {
    String sku = line.listing().substring(line.listing().indexOf('/') + 1);
    boolean shipped = order.state() == OrderState.SHIPPED || order.state() == OrderState.RETURNED;
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("ASIN", String.format("B0%08X", sku.hashCode() & 0xFFFFFFFFL).substring(0, 10));
    item.put("SellerSKU", sku);
    item.put("OrderItemId", line.lineId());
    item.put("Title", sku);
    item.put("QuantityOrdered", line.quantity());
    item.put("QuantityShipped", shipped ? line.quantity() : 0);
    item.put("BuyerRequestedCancel", Map.of("IsBuyerRequestedCancel", "false"));
    return item;
  }

  private static Instant date(String name, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " is not an ISO 8601 date: " + value);
    }
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static EmulatorResponse invalid(String details) {
    return AmazonEmulator.spApiError(
        400,
        "InvalidInput",
        "Request has missing or invalid parameters and cannot be parsed.",
        details);
  }

  void clear() {
    tokens.clear();
  }
}
