package io.stocksync.emulator.shopify;

import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.emulator.storefront.Storefront;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storefront's orders as Shopify's Admin GraphQL API shows them: the {@code orders} connection
 * ({@code first}/{@code last}, {@code after}/{@code before}, {@code query} with {@code updated_at}
 * and {@code created_at} comparisons, {@code sortKey} {@code ID}/{@code CREATED_AT}/{@code
 * UPDATED_AT}, {@code reverse}) and the {@code Order}/{@code LineItem} objects.
 *
 * <p>Ids: the n-th order is {@code gid://shopify/Order/(5000000000+n)}, named {@code #(1000+n)};
 * the line bought from {@code gid://shopify/InventoryItem/N@…} has the variant {@code
 * gid://shopify/ProductVariant/N} whose {@code inventoryItem} is that item (the emulator's
 * assumption: one variant per inventory item, same number), and the order's {@code
 * physicalLocation} is the location of its first line.
 *
 * <p>Thread-safe: it reads the storefront's snapshots.
 */
final class ShopifyOrders {

  static final long ORDER_ID_BASE = 5_000_000_000L;
  static final long LINE_ID_BASE = 7_000_000_000L;

  private static final Pattern TERM =
      Pattern.compile("(updated_at|created_at):(>=|<=|>|<)?['\"]?([^'\"]+)['\"]?");

  private final Storefront storefront;

  ShopifyOrders(Storefront storefront) {
    this.storefront = storefront;
  }

  /** How Shopify names the n-th order and line. */
  static Storefront.Ids ids() {
    return new Storefront.Ids(
        n -> Long.toString(ORDER_ID_BASE + n), n -> Long.toString(LINE_ID_BASE + n));
  }

  Storefront storefront() {
    return storefront;
  }

  /** The {@code orders} connection. */
  Map<String, Object> orders(
      Integer first,
      Integer last,
      String after,
      String before,
      String query,
      String sortKey,
      boolean reverse) {
    Predicate<Order> filter = filter(query);
    Function<Order, String> key = sortKey(sortKey == null ? "ID" : sortKey);
    List<Order> sorted = new ArrayList<>(storefront.orders().stream().filter(filter).toList());
    Comparator<Order> order = Comparator.comparing(key);
    sorted.sort(reverse ? order.reversed() : order);
    return Connection.page(sorted, first, last, after, before, reverse, key, ShopifyOrders::view);
  }

  private static Function<Order, String> sortKey(String sortKey) {
    return switch (sortKey) {
      case "ID" -> o -> String.format("%020d", o.number());
      case "CREATED_AT" ->
          o -> String.format("%020d|%020d", o.createdAt().toEpochMilli(), o.number());
      case "UPDATED_AT" ->
          o -> String.format("%020d|%020d", o.updatedAt().toEpochMilli(), o.number());
      default ->
          throw new IllegalArgumentException(
              "the emulator sorts orders by ID, CREATED_AT or UPDATED_AT only, not " + sortKey);
    };
  }

  /**
   * The search filter of {@code query}: terms {@code updated_at:>=T}, {@code updated_at:>T}, {@code
   * <=}, {@code <} and the same for {@code created_at} (T an ISO 8601 time or date), joined by
   * spaces or {@code AND}.
   */
  static Predicate<Order> filter(String query) {
    Predicate<Order> all = order -> true;
    if (query == null || query.isBlank()) {
      return all;
    }
    for (String term : query.trim().split("\\s+")) {
      if (term.equals("AND")) {
        continue;
      }
      Matcher matcher = TERM.matcher(term);
      if (!matcher.matches()) {
        throw new IllegalArgumentException(
            "the emulator's order search understands only updated_at and created_at comparisons,"
                + " not '"
                + term
                + "'");
      }
      Instant bound = time(matcher.group(3));
      String op = matcher.group(2) == null ? ">=" : matcher.group(2);
      Function<Order, Instant> field =
          matcher.group(1).equals("updated_at") ? Order::updatedAt : Order::createdAt;
      Predicate<Order> test =
          switch (op) {
            case ">=" -> o -> !seconds(field.apply(o)).isBefore(bound);
            case ">" -> o -> seconds(field.apply(o)).isAfter(bound);
            case "<=" -> o -> !seconds(field.apply(o)).isAfter(bound);
            default -> o -> seconds(field.apply(o)).isBefore(bound);
          };
      all = all.and(test);
    }
    return all;
  }

  private static Instant seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }

  private static Instant time(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException("not an ISO 8601 time in the order search: " + text);
      }
    }
  }

  /** An {@code Order} object, the fields the emulator serves. */
  static Map<String, Object> view(Order order) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("__typename", "Order");
    view.put("id", "gid://shopify/Order/" + order.id());
    view.put("legacyResourceId", order.id());
    view.put("name", "#" + (1000 + order.number()));
    view.put("createdAt", time(order.createdAt()));
    view.put("updatedAt", time(order.updatedAt()));
    view.put("processedAt", time(order.createdAt()));
    view.put("cancelledAt", time(order.cancelledAt()));
    view.put("cancelReason", order.cancelledAt() == null ? null : "CUSTOMER");
    view.put("closed", order.state() != OrderState.PLACED);
    view.put("closedAt", order.state() == OrderState.PLACED ? null : time(order.updatedAt()));
    view.put("displayFulfillmentStatus", fulfilled(order) ? "FULFILLED" : "UNFULFILLED");
    view.put("returnStatus", order.state() == OrderState.RETURNED ? "RETURNED" : "NO_RETURN");
    view.put("physicalLocation", location(order.lines().get(0)));
    view.put("_order", order);
    return view;
  }

  static boolean fulfilled(Order order) {
    return order.state() == OrderState.SHIPPED || order.state() == OrderState.RETURNED;
  }

  /** A {@code LineItem} object. */
  static Map<String, Object> lineView(Order order, OrderLine line) {
    String item = item(line);
    String number = item.substring(item.lastIndexOf('/') + 1);
    long current = order.state() == OrderState.CANCELLED ? 0 : line.quantity();
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("__typename", "ProductVariant");
    variant.put("id", "gid://shopify/ProductVariant/" + number);
    variant.put("legacyResourceId", number);
    variant.put("sku", null);
    variant.put("inventoryItem", Map.of("__typename", "InventoryItem", "id", item));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("__typename", "LineItem");
    view.put("id", "gid://shopify/LineItem/" + line.lineId());
    view.put("name", "Variant " + number);
    view.put("title", "Variant " + number);
    view.put("sku", null);
    view.put("quantity", (int) line.quantity());
    view.put("currentQuantity", (int) current);
    view.put("unfulfilledQuantity", order.state() == OrderState.PLACED ? (int) line.quantity() : 0);
    view.put("nonFulfillableQuantity", 0);
    view.put("refundableQuantity", fulfilled(order) ? (int) line.quantity() : 0);
    view.put("variant", variant);
    return view;
  }

  static String item(OrderLine line) {
    return line.listing().substring(0, line.listing().indexOf('@'));
  }

  static String locationId(OrderLine line) {
    return line.listing().substring(line.listing().indexOf('@') + 1);
  }

  private static Map<String, Object> location(OrderLine line) {
    return Map.of("__typename", "Location", "id", locationId(line));
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
