package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.channels.amazon.SpApi;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.order.OrderLineState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon's orders (SPEC §9), polled through the Orders API v0 ({@code ordersV0.json}): {@code
 * getOrders} ({@code GET /orders/v0/orders?MarketplaceIds&LastUpdatedAfter&MaxResultsPerPage}, then
 * {@code NextToken}) and, for each order listed, {@code getOrderItems} ({@code GET
 * /orders/v0/orders/{orderId}/orderItems}). Amazon has no order webhooks reachable here.
 *
 * <p>Why v0 and not {@code searchOrders} of {@code orders_2026-01-01.json}: v0's getOrders allows
 * one call a minute (0.0167/s) where searchOrders allows one in three (0.0056/s), so new orders are
 * heard of three times sooner; v0 is the version the emulator serves. Its cost is one getOrderItems
 * call per order, which the page size keeps inside that operation's own plan.
 *
 * <p>Ids: the line is {@code OrderItemId} of the order {@code AmazonOrderId}; the item is matched
 * by {@code SellerSKU}, which is what an Amazon listing's {@code externalId} holds. States: {@code
 * Canceled} cancelled, {@code Shipped} shipped, any other status placed unless the item's {@code
 * QuantityShipped} reached {@code QuantityOrdered}. The Orders API has no returned state: returns
 * are not read here. Orders that Amazon fulfils itself ({@code FulfillmentChannel} {@code AFN}) are
 * left out: their units never were in the seller's warehouses.
 *
 * <p>Not thread-safe by itself: one poll at a time per channel, as {@link OrderFeed} promises; the
 * pacers are, and outlive a pass (the feed is kept per channel session).
 */
public final class AmazonOrders implements OrderFeed {

  /** getOrders' usage plan: 0.0167 requests a second, burst 20 (ordersV0.json, getOrders). */
  public static final double GET_ORDERS_RATE = 0.0167;

  public static final int GET_ORDERS_BURST = 20;

  /** getOrderItems' usage plan: 0.5 a second, burst 30 (ordersV0.json, getOrderItems). */
  public static final double GET_ORDER_ITEMS_RATE = 0.5;

  public static final int GET_ORDER_ITEMS_BURST = 30;

  /**
   * Orders asked for a page: {@code MaxResultsPerPage}'s largest (1–100). Every pass reads its
   * overlap window again, so the page is as large as allowed to keep the re-read to one getOrders
   * call; the items of orders read before are not asked for again ({@link #ITEMS_KEPT}).
   */
  public static final int PAGE = 100;

  /**
   * How many orders' items a feed keeps, so that an order listed again unchanged (the overlap
   * window, a page read again after the items plan ran dry) costs no getOrderItems call: only new
   * orders and orders whose {@code LastUpdateDate} moved are asked for. The least recently used are
   * dropped beyond this; a feed made again (a restart) starts empty and asks again.
   */
  static final int ITEMS_KEPT = 10_000;

  /**
   * Read again before the cursor. ordersV0.json asks that {@code LastUpdatedBefore} be "at least
   * two minutes before current time": orders are not all listed sooner. Three minutes cover that.
   */
  static final Duration OVERLAP = Duration.ofMinutes(3);

  private final String channelId;
  private final URI base;
  private final String marketplaceId;
  private final SpApi spApi;
  private final TokenBucketPacer getOrders;
  private final TokenBucketPacer getOrderItems;
  private final Map<String, KnownItems> known =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KnownItems> eldest) {
          return size() > ITEMS_KEPT;
        }
      };

  /** The items of an order as read when its {@code LastUpdateDate} was {@code updated}. */
  private record KnownItems(String updated, List<JsonNode> items) {}

  /**
   * @param base the SP-API endpoint of the region (the channel's {@code baseUrl})
   * @param spApi the channel's signed-in sender (its LWA token cache)
   */
  public AmazonOrders(String channelId, URI base, String marketplaceId, SpApi spApi) {
    this.channelId = channelId;
    this.base = base;
    this.marketplaceId = marketplaceId;
    this.spApi = spApi;
    this.getOrders = new TokenBucketPacer(GET_ORDERS_RATE, GET_ORDERS_BURST);
    this.getOrderItems = new TokenBucketPacer(GET_ORDER_ITEMS_RATE, GET_ORDER_ITEMS_BURST);
  }

  /**
   * The cursor: {@code since} (the newest {@code LastUpdateDate} booked) between passes; within a
   * pass {@code since|newest|pageSize|NextToken}.
   */
  private record Cursor(Instant since, Instant newest, int size, String nextToken) {
    static Cursor parse(String text, Instant now) {
      if (text == null) {
        return new Cursor(now, now, 0, null);
      }
      String[] parts = text.split("\\|", 4);
      if (parts.length < 4) {
        Instant since = Instant.parse(parts[0]);
        return new Cursor(since, since, 0, null);
      }
      return new Cursor(
          Instant.parse(parts[0]), Instant.parse(parts[1]), Integer.parseInt(parts[2]), parts[3]);
    }

    @Override
    public String toString() {
      return nextToken == null
          ? since.toString()
          : since + "|" + newest + "|" + size + "|" + nextToken;
    }
  }

  /**
   * One getOrders page and the items of its orders. The items of an order already read unchanged
   * come from {@link #known}; the others each take a getOrderItems call. A page whose new orders
   * the items plan cannot all carry now is read as far as it can, those items kept, and the pass
   * fails ({@link IllegalStateException} saying when it can go on) with the cursor where it was:
   * the next pass reads the page again and asks only for the items still missing. A pass that the
   * getOrders plan cannot carry fails before any call.
   */
  @Override
  public Page read(String cursorText, Instant now) {
    Cursor cursor = Cursor.parse(cursorText, now);
    Duration wait = getOrders.delay(now);
    if (!wait.isZero()) {
      throw paced("getOrders", GET_ORDERS_RATE, GET_ORDERS_BURST, wait);
    }
    String query = "MarketplaceIds=" + encode(marketplaceId);
    if (cursor.nextToken() == null) {
      query +=
          "&LastUpdatedAfter="
              + encode(cursor.since().minus(OVERLAP).toString())
              + "&MaxResultsPerPage="
              + PAGE;
    } else {
      query += "&NextToken=" + encode(cursor.nextToken());
    }
    getOrders.take(now);
    JsonNode payload = call("getOrders", "/orders/v0/orders?" + query);
    List<OrderLine> lines = new ArrayList<>();
    Instant newest = cursor.newest();
    int missing = 0;
    for (JsonNode order : payload.path("Orders")) {
      if ("AFN".equals(order.path("FulfillmentChannel").asText())) {
        continue; // fulfilled by Amazon from its own stock
      }
      List<JsonNode> items = knownItems(order);
      if (items == null && missing == 0 && getOrderItems.available(now) >= 1) {
        items = items(order, now);
      }
      if (items == null) {
        missing++;
        continue;
      }
      lines.addAll(lines(channelId, order, items));
    }
    if (missing > 0) {
      throw paced(
          "getOrderItems",
          GET_ORDER_ITEMS_RATE,
          GET_ORDER_ITEMS_BURST,
          Duration.ofSeconds((long) Math.ceil(missing / GET_ORDER_ITEMS_RATE)));
    }
    for (JsonNode order : payload.path("Orders")) {
      Instant updated = ShopifyOrders.time(order.path("LastUpdateDate"));
      if (updated != null && updated.isAfter(newest)) {
        newest = updated;
      }
    }
    String next = ShopifyOrders.text(payload.path("NextToken"));
    if (next != null) {
      return new Page(lines, new Cursor(cursor.since(), newest, PAGE, next).toString(), true, null);
    }
    Instant bound = ShopifyOrders.time(payload.path("LastUpdatedBefore"));
    Instant known = bound == null || bound.isAfter(now) ? now : bound;
    return new Page(lines, newest.toString(), false, known.minus(OVERLAP));
  }

  /** The items read before for {@code order} as it is now, or null when they must be asked for. */
  private List<JsonNode> knownItems(JsonNode order) {
    KnownItems k = known.get(order.path("AmazonOrderId").asText());
    return k != null && k.updated().equals(order.path("LastUpdateDate").asText())
        ? k.items()
        : null;
  }

  /** Every {@code OrderItem} of {@code order}, through its own {@code NextToken} pages. */
  private List<JsonNode> items(JsonNode order, Instant now) {
    String orderId = ShopifyOrders.id(order.path("AmazonOrderId"), "Orders[].AmazonOrderId");
    String path = "/orders/v0/orders/" + encode(orderId) + "/orderItems";
    List<JsonNode> items = new ArrayList<>();
    String next = null;
    do {
      getOrderItems.take(now); // sized into the bucket above; a second items page may overdraw
      JsonNode payload =
          call("getOrderItems", path + (next == null ? "" : "?NextToken=" + encode(next)));
      payload.path("OrderItems").forEach(items::add);
      next = ShopifyOrders.text(payload.path("NextToken"));
    } while (next != null);
    known.put(
        order.path("AmazonOrderId").asText(),
        new KnownItems(order.path("LastUpdateDate").asText(), List.copyOf(items)));
    return items;
  }

  /** The lines of one v0 {@code Order} and its {@code OrderItem}s. Pure. */
  static List<OrderLine> lines(String channelId, JsonNode order, List<JsonNode> items) {
    String orderId = ShopifyOrders.id(order.path("AmazonOrderId"), "Orders[].AmazonOrderId");
    String status = order.path("OrderStatus").asText("");
    Instant updated = ShopifyOrders.time(order.path("LastUpdateDate"));
    List<OrderLine> lines = new ArrayList<>();
    for (JsonNode item : items) {
      long ordered = item.path("QuantityOrdered").asLong(0);
      long shipped = item.path("QuantityShipped").asLong(0);
      OrderLineState state =
          switch (status) {
            case "Canceled" -> OrderLineState.CANCELLED;
            case "Shipped" -> OrderLineState.SHIPPED;
            default ->
                ordered > 0 && shipped >= ordered ? OrderLineState.SHIPPED : OrderLineState.PLACED;
          };
      long quantity = ordered;
      if (quantity <= 0) {
        if (state != OrderLineState.CANCELLED) {
          continue; // nothing ordered on the line: nothing to book
        }
        // Amazon may zero a cancelled item's QuantityOrdered (unconfirmed here). A line heard of
        // before keeps the units it was placed with; one first heard cancelled books 1 placed and
        // 1 cancelled, which nets to nothing.
        quantity = Math.max(1, shipped);
      }
      String sku = ShopifyOrders.text(item.path("SellerSKU"));
      lines.add(
          new OrderLine(
              channelId,
              orderId,
              ShopifyOrders.id(item.path("OrderItemId"), "OrderItems[].OrderItemId"),
              sku,
              sku,
              quantity,
              state,
              updated));
    }
    return lines;
  }

  private JsonNode call(String operation, String pathAndQuery) {
    URI uri = URI.create(base + pathAndQuery);
    HttpResponse<String> response;
    try {
      response =
          spApi.send(b -> b.uri(uri).header("Accept", "application/json").GET().build()).join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof java.io.IOException io) {
        throw new java.io.UncheckedIOException(
            "Amazon " + operation + " could not be reached: " + io.getMessage(), io);
      }
      throw new IllegalStateException("Amazon " + operation + ": " + cause.getMessage(), cause);
    }
    JsonNode body = PollCalls.tree(response.body());
    if (response.statusCode() == 429) {
      // QuotaExceeded: Amazon's own plan refused the call (after a restart, say, when this
      // session's mirror of the plan starts full): one token's time, by the rate it states.
      double rate = "getOrders".equals(operation) ? GET_ORDERS_RATE : GET_ORDER_ITEMS_RATE;
      int burst = "getOrders".equals(operation) ? GET_ORDERS_BURST : GET_ORDER_ITEMS_BURST;
      try {
        rate =
            Double.parseDouble(
                response.headers().firstValue("x-amzn-RateLimit-Limit").orElse("" + rate));
      } catch (NumberFormatException notARate) {
        // keep the published rate
      }
      throw paced(operation, rate, burst, Duration.ofMillis((long) Math.ceil(1000 / rate)));
    }
    if (response.statusCode() != 200) {
      JsonNode error = body.path("errors").path(0);
      throw new IllegalStateException(
          "Amazon "
              + operation
              + " answered HTTP "
              + response.statusCode()
              + (error.isMissingNode()
                  ? ""
                  : " " + error.path("code").asText() + ": " + error.path("message").asText()));
    }
    return body.path("payload");
  }

  private static OrderFeedPaced paced(String operation, double rate, int burst, Duration wait) {
    return new OrderFeedPaced(
        "Amazon's "
            + operation
            + " usage plan ("
            + rate
            + " requests a second, burst "
            + burst
            + ") allows the next call in "
            + Math.max(1, (wait.toMillis() + 999) / 1000)
            + " s: the poll goes on from its cursor then",
        wait);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
