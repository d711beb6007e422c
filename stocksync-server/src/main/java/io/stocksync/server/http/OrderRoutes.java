package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.order.OrderBook;
import io.stocksync.core.order.OrderLineState;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.server.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /v1/orders?channel=&sku=&state=&limit=&cursor=} (SPEC §7, §9): the order lines read
 * from the marketplaces and what became of each; and {@code GET /v1/channels/{id}/feed}: the
 * channel's order feed (watermark, last poll, webhook registered, last error). Each handler parses
 * its query, makes one call to the engine and renders what it gets.
 */
final class OrderRoutes implements Routes {
  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1_000;

  private final Engine engine;

  OrderRoutes(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/orders", this::orders);
    routes.route(HandlerType.GET, "/v1/channels/{id}/feed", this::feed);
  }

  private void orders(Context ctx) {
    Query q = new Query(ctx, Set.of("channel", "sku", "state", "limit", "cursor"));
    String channel = q.single("channel");
    String sku = q.single("sku");
    String state = q.single("state");
    Predicate<OrderLineRow> filter = row -> true;
    if (channel != null && !channel.isEmpty()) {
      filter = filter.and(row -> row.channelId().equals(channel));
    }
    if (sku != null && !sku.isEmpty()) {
      filter = filter.and(row -> sku.equals(row.sku()));
    }
    if (state != null && !state.isEmpty()) {
      String s = state.toUpperCase(Locale.ROOT);
      if (s.equals("UNMATCHED")) {
        filter = filter.and(OrderLineRow::unmatched);
      } else {
        try {
          OrderLineState wanted = OrderLineState.valueOf(s);
          filter = filter.and(row -> row.state() == wanted);
        } catch (IllegalArgumentException e) {
          q.errors.add(
              new FieldError(
                  "state", "must be one of placed, cancelled, shipped, returned, unmatched"));
        }
      }
    }
    int limit = (int) q.integer("limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String after = decode(q, q.single("cursor"));
    q.throwIfAny();
    Predicate<OrderLineRow> f = filter;
    List<OrderLineRow> page =
        engine
            .execute(
                ApiServer.account(ctx),
                (a, c, now) -> {
                  if (channel != null && !channel.isEmpty() && !a.hasChannel(channel)) {
                    throw new NotFoundException("channel", channel);
                  }
                  return a.orders().page(f, after, limit + 1);
                })
            .join();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (OrderLineRow row : page.subList(0, Math.min(limit, page.size()))) {
      lines.add(view(row));
    }
    String next = null;
    if (page.size() > limit) {
      OrderLineRow last = page.get(limit - 1);
      next = encode(OrderBook.key(last.channelId(), last.orderId(), last.lineId()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orders", lines);
    body.put("next", next);
    ctx.contentType(ApiServer.JSON).result(write(body));
  }

  private void feed(Context ctx) {
    String id = ctx.pathParam("id");
    new Query(ctx, Set.of()).throwIfAny();
    OrderFeedRow row =
        engine
            .execute(
                ApiServer.account(ctx),
                (a, c, now) -> {
                  if (!a.hasChannel(id)) {
                    throw new NotFoundException("channel", id);
                  }
                  return a.orders().feed(id);
                })
            .join();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", id);
    body.put("watermark", text(row == null ? null : row.watermark()));
    body.put("lastPollAt", text(row == null ? null : row.lastPollAt()));
    body.put("webhookRegistered", row != null && row.webhookRegistered());
    body.put("lastError", row == null ? null : row.lastError());
    ctx.contentType(ApiServer.JSON).result(write(body));
  }

  /** One line as {@code GET /v1/orders} shows it: what the marketplace said, what was booked. */
  static Map<String, Object> view(OrderLineRow r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("channel", r.channelId());
    v.put("orderId", r.orderId());
    v.put("lineId", r.lineId());
    v.put("externalId", r.externalId());
    v.put("marketplaceSku", r.marketplaceSku());
    v.put("quantity", r.quantity());
    v.put("state", r.state().name().toLowerCase(Locale.ROOT));
    v.put("reportedAt", text(r.reportedAt()));
    v.put("matched", !r.unmatched());
    v.put("sku", r.sku());
    v.put("location", r.location());
    List<String> booked = new ArrayList<>();
    if (r.placedBooked()) {
      booked.add("placed");
    }
    if (r.cancelledBooked()) {
      booked.add("cancelled");
    }
    if (r.shippedBooked()) {
      booked.add("shipped");
    }
    v.put("booked", booked);
    v.put("returned", r.state() == OrderLineState.RETURNED);
    v.put("error", r.error());
    v.put("firstSeenAt", text(r.firstSeenAt()));
    v.put("updatedAt", text(r.updatedAt()));
    return v;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static byte[] write(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("1:" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(Query q, String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith("1:")) {
        return text.substring(2);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    q.errors.add(new FieldError("cursor", "is not a cursor this server gave"));
    return null;
  }
}
