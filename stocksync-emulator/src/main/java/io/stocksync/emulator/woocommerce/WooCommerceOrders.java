package io.stocksync.emulator.woocommerce;

import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.Storefront;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WooCommerce's orders REST API over the storefront's orders: {@code GET /wp-json/wc/v3/orders}
 * with {@code modified_after}/{@code modified_before}/{@code after}/{@code before}, {@code status},
 * {@code orderby} ({@code date}, {@code id}, {@code modified}), {@code order}, {@code page} and
 * {@code per_page} (1–100, default 10), the totals in {@code X-WP-Total} and {@code
 * X-WP-TotalPages}; the order objects hold a subset of WooCommerce's fields (see {@link #view}).
 *
 * <p>Stateless apart from the storefront it reads; thread-safe.
 */
final class WooCommerceOrders {

  /** WordPress's bound on {@code per_page}. */
  static final int MAX_PER_PAGE = 100;

  private static final DateTimeFormatter SITE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final Set<String> STATUSES =
      Set.of(
          "any",
          "pending",
          "processing",
          "on-hold",
          "completed",
          "cancelled",
          "refunded",
          "failed",
          "trash");

  private final Storefront storefront;

  WooCommerceOrders(Storefront storefront) {
    this.storefront = storefront;
  }

  /** The WooCommerce status of a storefront order. */
  static String status(Order order) {
    return switch (order.state()) {
      case PLACED -> "processing";
      case CANCELLED -> "cancelled";
      case SHIPPED -> "completed";
      case RETURNED -> "refunded";
    };
  }

  /** {@code GET /wp-json/wc/v3/orders}, already authenticated. */
  EmulatorResponse list(EmulatorRequest request) {
    int page;
    int perPage;
    Instant modifiedAfter;
    Instant modifiedBefore;
    Instant after;
    Instant before;
    try {
      page = integer(request, "page", 1, 1, Integer.MAX_VALUE);
      perPage = integer(request, "per_page", 10, 1, MAX_PER_PAGE);
      boolean gmt = request.queryParam("dates_are_gmt").map("true"::equals).orElse(false);
      modifiedAfter = date(request, "modified_after", gmt);
      modifiedBefore = date(request, "modified_before", gmt);
      after = date(request, "after", gmt);
      before = date(request, "before", gmt);
    } catch (BadParam e) {
      return e.response;
    }
    Set<String> statuses =
        Set.copyOf(List.of(request.queryParam("status").orElse("any").split(",")));
    for (String status : statuses) {
      if (!STATUSES.contains(status)) {
        return invalid(
            "status", "status[0] is not one of " + new java.util.TreeSet<>(STATUSES) + ".");
      }
    }
    String orderBy = request.queryParam("orderby").orElse("date");
    if (!Set.of("date", "id", "modified").contains(orderBy)) {
      return invalid(
          "orderby", "orderby is not one of date, id, modified (the emulator's subset).");
    }
    String direction = request.queryParam("order").orElse("desc");
    if (!Set.of("asc", "desc").contains(direction)) {
      return invalid("order", "order is not one of asc and desc.");
    }
    List<Order> matching = new ArrayList<>();
    for (Order order : storefront.orders()) {
      if ((statuses.contains("any") || statuses.contains(status(order)))
          && (modifiedAfter == null || order.updatedAt().isAfter(modifiedAfter))
          && (modifiedBefore == null || order.updatedAt().isBefore(modifiedBefore))
          && (after == null || order.createdAt().isAfter(after))
          && (before == null || order.createdAt().isBefore(before))) {
        matching.add(order);
      }
    }
    Comparator<Order> byNumber = Comparator.comparingLong(Order::number);
    Comparator<Order> sort =
        switch (orderBy) {
          case "id" -> byNumber;
          case "modified" -> Comparator.comparing(Order::updatedAt).thenComparing(byNumber);
          default -> Comparator.comparing(Order::createdAt).thenComparing(byNumber);
        };
    matching.sort("desc".equals(direction) ? sort.reversed() : sort);
    int total = matching.size();
    int pages = (total + perPage - 1) / perPage;
    int from = (int) Math.min((long) (page - 1) * perPage, total);
    List<Map<String, Object>> body =
        matching.subList(from, Math.min(from + perPage, total)).stream()
            .map(WooCommerceOrders::view)
            .toList();
    return EmulatorResponse.json(200, body)
        .withHeader("X-WP-Total", Integer.toString(total))
        .withHeader("X-WP-TotalPages", Integer.toString(pages));
  }

  /**
   * A WooCommerce order object: {@code id}, {@code parent_id}, {@code number}, {@code status},
   * {@code currency}, {@code created_via}, the {@code date_*} pairs (site time, the emulated site
   * runs on UTC, and GMT), and {@code line_items} with {@code id}, {@code name}, {@code
   * product_id}, {@code variation_id}, {@code quantity}, {@code sku}.
   */
  static Map<String, Object> view(Order order) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", Long.parseLong(order.id()));
    view.put("parent_id", 0);
    view.put("number", order.id());
    view.put("status", status(order));
    view.put("currency", "USD");
    view.put("created_via", "checkout");
    view.put("date_created", siteTime(order.createdAt()));
    view.put("date_created_gmt", siteTime(order.createdAt()));
    view.put("date_modified", siteTime(order.updatedAt()));
    view.put("date_modified_gmt", siteTime(order.updatedAt()));
    view.put("date_completed", siteTime(order.shippedAt()));
    view.put("date_completed_gmt", siteTime(order.shippedAt()));
    List<Map<String, Object>> items = new ArrayList<>();
    for (OrderLine line : order.lines()) {
      String[] ids = line.listing().split("/");
      long productId = Long.parseLong(ids[0]);
      long variationId = ids.length > 1 ? Long.parseLong(ids[1]) : 0;
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", Long.parseLong(line.lineId()));
      item.put("name", "Product " + productId);
      item.put("product_id", productId);
      item.put("variation_id", variationId);
      item.put("quantity", line.quantity());
      // The emulated products carry no SKU (their "sku" is ""), so neither do their lines.
      item.put("sku", "");
      items.add(item);
    }
    view.put("line_items", items);
    return view;
  }

  private static String siteTime(Instant instant) {
    return instant == null
        ? null
        : SITE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  private static int integer(EmulatorRequest request, String name, int fallback, int min, int max)
      throws BadParam {
    String raw = request.queryParam(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value >= min && value <= max) {
        return (int) value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    String bound =
        max == Integer.MAX_VALUE
            ? name + " must be greater than or equal to " + min
            : name + " must be between " + min + " (inclusive) and " + max + " (inclusive)";
    throw new BadParam(invalid(name, bound));
  }

  /** An ISO 8601 date; without an offset it is site time (UTC here) unless {@code gmt}. */
  private static Instant date(EmulatorRequest request, String name, boolean gmt) throws BadParam {
    String raw = request.queryParam(name).orElse(null);
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeException e) {
      try {
        return LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException again) {
        throw new BadParam(invalid(name, "Invalid date."));
      }
    }
  }

  private static EmulatorResponse invalid(String param, String why) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", "rest_invalid_param");
    body.put("message", "Invalid parameter(s): " + param);
    body.put("data", Map.of("status", 400, "params", Map.of(param, why)));
    return EmulatorResponse.json(400, body);
  }

  private static final class BadParam extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient EmulatorResponse response;

    BadParam(EmulatorResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }
}
