package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.order.OrderLineState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shopify's orders (SPEC §9): its webhooks, signed {@code X-Shopify-Hmac-Sha256} (base64
 * HMAC-SHA256 of the raw body with the app's client secret, {@code credentials.webhookSecret}),
 * topic in {@code X-Shopify-Topic}: {@code orders/create}, {@code orders/updated}, {@code
 * orders/cancelled}, {@code orders/fulfilled} carry an Order (REST shape: {@code id}, {@code
 * updated_at}, {@code cancelled_at}, {@code line_items[]} with {@code id}, {@code sku}, {@code
 * quantity}, {@code fulfillment_status}, and {@code refunds[].refund_line_items[]}); {@code
 * fulfillments/create} carries a Fulfillment ({@code order_id}, {@code line_items[]}).
 *
 * <p>Ids: the order's and line's numeric ids (a GraphQL gid's last segment is the same number), so
 * that a webhook and a poll name a line alike. A webhook's line item has no InventoryItem id, only
 * the variant's and the SKU: a webhook line is matched by its SKU; a poll (which reads the
 * InventoryItem gid) matches by {@code externalId}.
 */
public final class ShopifyOrders implements WebhookIntake, OrderFeed {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Read again before the cursor: Shopify's order search is indexed with a lag of its own. */
  static final java.time.Duration OVERLAP = java.time.Duration.ofMinutes(2);

  /**
   * The GraphQL query of the poll, validated against the 2026-10 Admin schema in a test. Its size
   * keeps it under Shopify's single-query limit of 1,000 cost points: 10 orders of up to 25 lines
   * cost 2 + 10 + 10 × (2 + 25 + 25 × 2) = 782 (the first form, 50 orders of 100 lines, cost 15,152
   * and was refused with MAX_COST_EXCEEDED). Lines past an order's 25th are not read by the poll
   * (docs/orders.md).
   */
  public static final String POLL_QUERY =
      "query StockSyncOrders($query: String!, $after: String) {"
          + " orders(first: 10, after: $after, query: $query, sortKey: UPDATED_AT) {"
          + " pageInfo { hasNextPage endCursor }"
          + " nodes { id updatedAt cancelledAt returnStatus"
          + " lineItems(first: 25) { nodes { id sku quantity unfulfilledQuantity"
          + " variant { inventoryItem { id } } } } } } }";

  private final String secret;
  private final String channelId;
  private final java.net.URI graphQl;
  private final String accessToken;
  private final java.net.http.HttpClient http;
  private final java.time.Duration timeout;

  /**
   * @param graphQl the Admin GraphQL endpoint ({@code baseUrl + /admin/api/2026-10/graphql.json})
   */
  public ShopifyOrders(
      String channelId,
      String webhookSecret,
      java.net.URI graphQl,
      String accessToken,
      java.net.http.HttpClient http,
      java.time.Duration timeout) {
    this.channelId = channelId;
    this.secret = webhookSecret;
    this.graphQl = graphQl;
    this.accessToken = accessToken;
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * One page of {@code orders(query: "updated_at:>=…", sortKey: UPDATED_AT)}. The cursor is the
   * pass's start time, and while a pass pages, {@code |} and the connection's {@code endCursor}.
   * Shopify's THROTTLED answer is {@link OrderFeedPaced}: the poll goes again once the cost bucket
   * (its {@code extensions.cost.throttleStatus}) holds the query's cost.
   */
  @Override
  public Page read(String cursor, Instant now) {
    String sinceText = cursor == null ? null : cursor.split("\\|", 2)[0];
    String after = cursor != null && cursor.contains("|") ? cursor.split("\\|", 2)[1] : null;
    Instant since = sinceText == null ? now : Instant.parse(sinceText);
    var variables = JSON.createObjectNode();
    variables.put("query", "updated_at:>='" + since.minus(OVERLAP) + "'");
    if (after == null) {
      variables.putNull("after");
    } else {
      variables.put("after", after);
    }
    var body = JSON.createObjectNode();
    body.put("query", POLL_QUERY);
    body.set("variables", variables);
    JsonNode answer;
    try {
      answer =
          PollCalls.json(
              http,
              java.net.http.HttpRequest.newBuilder(graphQl)
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .header("X-Shopify-Access-Token", accessToken)
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                          JSON.writeValueAsBytes(body)))
                  .build());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (throttled(answer)) {
      Duration wait = refill(answer.path("extensions").path("cost"));
      throw new OrderFeedPaced(
          "Shopify's cost bucket refused the order poll (THROTTLED): it holds the query's cost in "
              + Math.max(1, (wait.toMillis() + 999) / 1000)
              + " s, when the poll goes on from its cursor",
          wait);
    }
    if (answer.hasNonNull("errors")) {
      throw new IllegalStateException("Shopify refused the order poll: " + answer.get("errors"));
    }
    JsonNode orders = answer.path("data").path("orders");
    List<OrderLine> lines = graphQlOrders(channelId, orders.path("nodes"));
    Instant newest = since;
    for (JsonNode order : orders.path("nodes")) {
      Instant updated = time(order.path("updatedAt"));
      if (updated != null && updated.isAfter(newest)) {
        newest = updated;
      }
    }
    boolean more = orders.path("pageInfo").path("hasNextPage").asBoolean(false);
    if (more) {
      return new Page(
          lines, since + "|" + orders.path("pageInfo").path("endCursor").asText(), true, null);
    }
    return new Page(lines, newest.toString(), false, now.minus(OVERLAP));
  }

  private static boolean throttled(JsonNode answer) {
    for (JsonNode error : answer.path("errors")) {
      if ("THROTTLED".equals(error.path("extensions").path("code").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long Shopify's bucket takes to hold the query's cost again, by the answer's {@code
   * extensions.cost} ({@code requestedQueryCost}, {@code throttleStatus.currentlyAvailable} and
   * {@code restoreRate}); {@link OrderFeedPaced#UNSTATED} when it does not say.
   */
  static Duration refill(JsonNode cost) {
    double requested = cost.path("requestedQueryCost").asDouble(0);
    JsonNode status = cost.path("throttleStatus");
    double available = status.path("currentlyAvailable").asDouble(0);
    double rate = status.path("restoreRate").asDouble(0);
    if (rate <= 0 || requested <= 0) {
      return OrderFeedPaced.UNSTATED;
    }
    double seconds = Math.max(requested - available, 1) / rate;
    return Duration.ofMillis((long) Math.ceil(seconds * 1000));
  }

  @Override
  public boolean verified(Headers headers, byte[] body, Instant now) {
    return Hmac.base64Matches(secret, body, headers.get("X-Shopify-Hmac-Sha256"));
  }

  @Override
  public List<OrderLine> lines(String channelId, Headers headers, byte[] body) {
    String topic = headers.get("X-Shopify-Topic");
    JsonNode node = read(body);
    if ("fulfillments/create".equals(topic) || "fulfillments/update".equals(topic)) {
      return fulfillment(channelId, node);
    }
    if (topic == null || !topic.startsWith("orders/")) {
      return List.of(); // a topic without order lines
    }
    return restOrder(channelId, node);
  }

  static List<OrderLine> restOrder(String channelId, JsonNode order) {
    String orderId = id(order.path("id"), "id");
    Instant updated = time(order.path("updated_at"));
    boolean cancelled = order.hasNonNull("cancelled_at");
    Map<String, String> restock = new HashMap<>();
    for (JsonNode refund : order.path("refunds")) {
      for (JsonNode r : refund.path("refund_line_items")) {
        restock.put(r.path("line_item_id").asText(), r.path("restock_type").asText(""));
      }
    }
    List<OrderLine> lines = new ArrayList<>();
    for (JsonNode item : items(order.path("line_items"), "line_items")) {
      String lineId = id(item.path("id"), "line_items[].id");
      boolean shipped = "fulfilled".equals(item.path("fulfillment_status").asText(""));
      OrderLineState state = OrderLineState.PLACED;
      if (shipped) {
        state =
            "return".equals(restock.get(lineId)) ? OrderLineState.RETURNED : OrderLineState.SHIPPED;
      } else if (cancelled || "cancel".equals(restock.get(lineId))) {
        state = OrderLineState.CANCELLED;
      }
      lines.add(
          new OrderLine(
              channelId,
              orderId,
              lineId,
              null,
              text(item.path("sku")),
              quantity(item.path("quantity")),
              state,
              updated));
    }
    return lines;
  }

  private static List<OrderLine> fulfillment(String channelId, JsonNode f) {
    String status = f.path("status").asText("success");
    if (status.equals("cancelled") || status.equals("failure") || status.equals("error")) {
      return List.of();
    }
    String orderId = id(f.path("order_id"), "order_id");
    Instant updated = time(f.path("updated_at"));
    List<OrderLine> lines = new ArrayList<>();
    for (JsonNode item : items(f.path("line_items"), "line_items")) {
      lines.add(
          new OrderLine(
              channelId,
              orderId,
              id(item.path("id"), "line_items[].id"),
              null,
              text(item.path("sku")),
              quantity(item.path("quantity")),
              OrderLineState.SHIPPED,
              updated));
    }
    return lines;
  }

  /** The lines of one page of the GraphQL {@code orders} connection's {@code nodes}. */
  static List<OrderLine> graphQlOrders(String channelId, JsonNode nodes) {
    List<OrderLine> lines = new ArrayList<>();
    for (JsonNode order : nodes) {
      String orderId = id(order.path("id"), "orders.nodes[].id");
      Instant updated = time(order.path("updatedAt"));
      boolean cancelled = order.hasNonNull("cancelledAt");
      boolean returned = "RETURNED".equals(order.path("returnStatus").asText(""));
      for (JsonNode item : order.path("lineItems").path("nodes")) {
        boolean shipped = item.path("unfulfilledQuantity").asLong(1) == 0 && !cancelled;
        OrderLineState state =
            shipped
                ? (returned ? OrderLineState.RETURNED : OrderLineState.SHIPPED)
                : cancelled ? OrderLineState.CANCELLED : OrderLineState.PLACED;
        lines.add(
            new OrderLine(
                channelId,
                orderId,
                id(item.path("id"), "lineItems.nodes[].id"),
                text(item.path("variant").path("inventoryItem").path("id")),
                text(item.path("sku")),
                quantity(item.path("quantity")),
                state,
                updated));
      }
    }
    return lines;
  }

  static JsonNode read(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("body: must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("body: is not JSON", e);
    }
  }

  /** A numeric id, or a gid's last segment: both name the same object. */
  static String id(JsonNode node, String field) {
    String v = node.isNumber() ? node.asText() : node.asText("");
    int slash = v.lastIndexOf('/');
    v = slash >= 0 ? v.substring(slash + 1) : v;
    if (v.isEmpty() || v.length() > 100) {
      throw new IllegalArgumentException(field + ": is required");
    }
    return v;
  }

  static Iterable<JsonNode> items(JsonNode node, String field) {
    return itemsBy(node, field, "id");
  }

  /** The array's items, the first of each {@code key} only (a line listed twice counts once). */
  static Iterable<JsonNode> itemsBy(JsonNode node, String field, String key) {
    if (!node.isArray()) {
      throw new IllegalArgumentException(field + ": must be an array");
    }
    Set<String> seen = new HashSet<>();
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : node) {
      if (seen.add(item.path(key).asText())) {
        items.add(item);
      }
    }
    return items;
  }

  static long quantity(JsonNode node) {
    long q = node.asLong(0);
    if (!node.canConvertToLong() || q <= 0) {
      throw new IllegalArgumentException("quantity: must be a whole number greater than 0");
    }
    return q;
  }

  static String text(JsonNode node) {
    String v = node.isTextual() ? node.textValue().trim() : null;
    return v == null || v.isEmpty() ? null : v;
  }

  static Instant time(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.textValue()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
