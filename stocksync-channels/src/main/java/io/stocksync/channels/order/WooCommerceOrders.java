package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.order.OrderLineState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * WooCommerce's orders (SPEC §9): webhooks {@code order.created} / {@code order.updated}, signed
 * {@code X-WC-Webhook-Signature} (base64 HMAC-SHA256 of the raw body with the webhook's secret,
 * {@code credentials.webhookSecret}); and polling of {@code GET /wp-json/wc/v3/orders} with {@code
 * modified_after}, {@code dates_are_gmt=true}, {@code orderby=modified&order=asc}, 100 a page.
 *
 * <p>Statuses: {@code pending}, {@code processing}, {@code on-hold} are placed (a pending order
 * reserves its units: it may still be paid); {@code completed} is shipped; {@code cancelled} and
 * {@code failed} are cancelled; {@code refunded} is a return when the order was completed ({@code
 * date_completed_gmt} set), else a cancellation. Line ids are the order's {@code line_items[].id};
 * {@code externalId} is {@code product_id}, or {@code product_id/variation_id} for a variation.
 */
public final class WooCommerceOrders implements WebhookIntake, OrderFeed {
  /** The most orders WooCommerce returns a page ({@code per_page} at most 100). */
  static final int PAGE = 100;

  /** Read again before the cursor: WooCommerce's modified dates are in whole seconds. */
  static final Duration OVERLAP = Duration.ofMinutes(2);

  private final String secret;
  private final String channelId;
  private final URI base;
  private final String authorization;
  private final HttpClient http;
  private final Duration timeout;

  public WooCommerceOrders(
      String channelId,
      String webhookSecret,
      URI base,
      String authorization,
      HttpClient http,
      Duration timeout) {
    this.channelId = channelId;
    this.secret = webhookSecret;
    this.base = base;
    this.authorization = authorization;
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public boolean verified(Headers headers, byte[] body, Instant now) {
    return Hmac.base64Matches(secret, body, headers.get("X-WC-Webhook-Signature"));
  }

  @Override
  public List<OrderLine> lines(String channelId, Headers headers, byte[] body) {
    String topic = headers.get("X-WC-Webhook-Topic");
    if (topic != null && !topic.startsWith("order.")) {
      return List.of();
    }
    JsonNode order = ShopifyOrders.read(body);
    if (!order.has("line_items") && order.has("webhook_id")) {
      return List.of(); // WooCommerce's ping on creation: {"webhook_id": n}
    }
    return order(channelId, order);
  }

  static List<OrderLine> order(String channelId, JsonNode order) {
    String orderId = ShopifyOrders.id(order.path("id"), "id");
    Instant updated = gmt(order.path("date_modified_gmt"));
    String status = order.path("status").asText("");
    OrderLineState state =
        switch (status) {
          case "completed" -> OrderLineState.SHIPPED;
          case "cancelled", "failed", "trash" -> OrderLineState.CANCELLED;
          case "refunded" ->
              order.hasNonNull("date_completed_gmt")
                  ? OrderLineState.RETURNED
                  : OrderLineState.CANCELLED;
          default -> OrderLineState.PLACED;
        };
    List<OrderLine> lines = new ArrayList<>();
    for (JsonNode item : ShopifyOrders.items(order.path("line_items"), "line_items")) {
      long product = item.path("product_id").asLong(0);
      long variation = item.path("variation_id").asLong(0);
      String externalId =
          product <= 0 ? null : variation > 0 ? product + "/" + variation : Long.toString(product);
      lines.add(
          new OrderLine(
              channelId,
              orderId,
              ShopifyOrders.id(item.path("id"), "line_items[].id"),
              externalId,
              ShopifyOrders.text(item.path("sku")),
              ShopifyOrders.quantity(item.path("quantity")),
              state,
              updated));
    }
    return lines;
  }

  /** WooCommerce's {@code *_gmt} dates: local date-times without an offset, in UTC. */
  static Instant gmt(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return LocalDateTime.parse(node.textValue()).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return ShopifyOrders.time(node);
    }
  }

  @Override
  public Page read(String cursor, Instant now) {
    // "+t": a pass in progress, go on from t (one second back: a page may end inside a second);
    // "t": a new pass, from t less the overlap window (orders the marketplace indexes late).
    boolean midPass = cursor != null && cursor.startsWith("+");
    Instant since = cursor == null ? now : Instant.parse(midPass ? cursor.substring(1) : cursor);
    Instant from =
        midPass ? since.minusSeconds(1) : since.minus(OVERLAP).truncatedTo(ChronoUnit.SECONDS);
    String query =
        "modified_after="
            + URLEncoder.encode(from.toString().replace("Z", ""), StandardCharsets.UTF_8)
            + "&dates_are_gmt=true&orderby=modified&order=asc&per_page="
            + PAGE
            + "&status=any";
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(base.getPath() + "/wp-json/wc/v3/orders?" + query))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    JsonNode orders = PollCalls.json(http, request);
    if (!orders.isArray()) {
      throw new IllegalStateException("WooCommerce answered orders that are not an array");
    }
    List<OrderLine> lines = new ArrayList<>();
    Instant pageMax = null;
    for (JsonNode order : orders) {
      lines.addAll(order(channelId, order));
      Instant modified = gmt(order.path("date_modified_gmt"));
      if (modified != null && (pageMax == null || modified.isAfter(pageMax))) {
        pageMax = modified;
      }
    }
    // A full page that moved forward may have more after it: keyset paging on the modification
    // time, so that orders modified meanwhile cannot shift a page number past one not yet read.
    // (More than a page of orders modified within one second would stall here: docs/orders.md.)
    boolean more = orders.size() >= PAGE && pageMax != null && (!midPass || pageMax.isAfter(since));
    if (more) {
      return new Page(lines, "+" + pageMax, true, null);
    }
    Instant newest = pageMax != null && pageMax.isAfter(since) ? pageMax : since;
    return new Page(lines, newest.toString(), false, now.minus(OVERLAP));
  }
}
