package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.order.OrderLineState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The {@code webhook} channel's orders (SPEC §9), in StockSync's own order format: the seller's
 * shop posts each order to {@code /hooks/{channelId}} signed exactly as StockSync signs its pushes
 * ({@code X-StockSync-Timestamp}, unix seconds, and {@code X-StockSync-Signature: v1=<hex
 * HMAC-SHA256(secret, timestamp + "." + rawBody)>}, several comma-separated values allowed), and
 * offers the same orders at {@code settings.ordersUrl?updatedAfter=<ISO-8601>&limit=100}, oldest
 * update first, as {@code {"orders":[…]}}. One order:
 *
 * <pre>{"orderId":"A-1","state":"placed","updatedAt":"2026-12-01T10:00:00Z",
 *  "lines":[{"lineId":"1","externalId":"MUG-BLUE","quantity":2}]}</pre>
 *
 * {@code state} is {@code placed}, {@code cancelled}, {@code shipped} or {@code returned}, for the
 * whole order or per line (a line's own {@code state} wins). See docs/orders.md.
 */
public final class WebhookOrders implements WebhookIntake, OrderFeed {
  /** How far a delivery's timestamp may be from our clock (the push recipe's five minutes). */
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  static final int PAGE = 100;

  /** Read again before the cursor: the shop's own indexing is unknown to us. */
  static final Duration OVERLAP = Duration.ofMinutes(1);

  private final String secret;
  private final String channelId;
  private final URI ordersUrl;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param ordersUrl null when the shop offers no polling
   */
  public WebhookOrders(
      String channelId, String secret, URI ordersUrl, HttpClient http, Duration timeout) {
    this.channelId = channelId;
    this.secret = secret;
    this.ordersUrl = ordersUrl;
    this.http = http;
    this.timeout = timeout;
  }

  /** Whether the shop offers its orders for polling ({@code settings.ordersUrl}). */
  public boolean polls() {
    return ordersUrl != null;
  }

  @Override
  public boolean verified(Headers headers, byte[] body, Instant now) {
    String timestamp = headers.get("X-StockSync-Timestamp");
    String signatures = headers.get("X-StockSync-Signature");
    if (secret == null || timestamp == null || signatures == null || timestamp.length() > 20) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return false;
    }
    byte[] expected =
        ("v1="
                + HexFormat.of()
                    .formatHex(
                        Hmac.sha256(
                            secret, (seconds + ".").getBytes(StandardCharsets.UTF_8), body)))
            .getBytes(StandardCharsets.US_ASCII);
    boolean ok = false;
    for (String s : signatures.split(",")) {
      // every value is compared, so that the time taken does not say which one matched
      ok |= MessageDigest.isEqual(expected, s.trim().getBytes(StandardCharsets.US_ASCII));
    }
    return ok;
  }

  @Override
  public List<OrderLine> lines(String channelId, Headers headers, byte[] body) {
    return order(channelId, ShopifyOrders.read(body));
  }

  static List<OrderLine> order(String channelId, JsonNode order) {
    String orderId = ShopifyOrders.text(order.path("orderId"));
    if (orderId == null || orderId.length() > 100) {
      throw new IllegalArgumentException("orderId: is required (at most 100 characters)");
    }
    OrderLineState orderState = state(order.path("state"), "state", OrderLineState.PLACED);
    Instant updated = ShopifyOrders.time(order.path("updatedAt"));
    List<OrderLine> lines = new ArrayList<>();
    for (JsonNode line : ShopifyOrders.itemsBy(order.path("lines"), "lines", "lineId")) {
      String lineId = ShopifyOrders.text(line.path("lineId"));
      if (lineId == null || lineId.length() > 100) {
        throw new IllegalArgumentException("lines[].lineId: is required");
      }
      String externalId = ShopifyOrders.text(line.path("externalId"));
      if (externalId == null) {
        throw new IllegalArgumentException("lines[].externalId: is required");
      }
      lines.add(
          new OrderLine(
              channelId,
              orderId,
              lineId,
              externalId,
              null,
              ShopifyOrders.quantity(line.path("quantity")),
              state(line.path("state"), "lines[].state", orderState),
              updated));
    }
    return lines;
  }

  private static OrderLineState state(JsonNode node, String field, OrderLineState fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    try {
      return OrderLineState.valueOf(node.asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + ": must be one of placed, cancelled, shipped, returned");
    }
  }

  @Override
  public Page read(String cursor, Instant now) {
    if (ordersUrl == null) {
      throw new IllegalStateException("the channel has no settings.ordersUrl to poll");
    }
    // "+t": a pass in progress, go on from t (one second back: a page may end inside a second);
    // "t": a new pass, from t less the overlap window (orders the marketplace indexes late).
    boolean midPass = cursor != null && cursor.startsWith("+");
    Instant since = cursor == null ? now : Instant.parse(midPass ? cursor.substring(1) : cursor);
    Instant from = midPass ? since.minusSeconds(1) : since.minus(OVERLAP);
    String sep = ordersUrl.getQuery() == null ? "?" : "&";
    URI uri =
        URI.create(
            ordersUrl
                + sep
                + "updatedAfter="
                + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                + "&limit="
                + PAGE);
    JsonNode answer =
        PollCalls.json(
            http,
            HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build());
    JsonNode orders = answer.path("orders");
    if (!orders.isArray()) {
      throw new IllegalStateException("the shop's ordersUrl answered no \"orders\" array");
    }
    List<OrderLine> lines = new ArrayList<>();
    Instant pageMax = null;
    for (JsonNode order : orders) {
      lines.addAll(order(channelId, order));
      Instant updated = ShopifyOrders.time(order.path("updatedAt"));
      if (updated != null && (pageMax == null || updated.isAfter(pageMax))) {
        pageMax = updated;
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
