package io.stocksync.emulator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.Storefront;
import io.stocksync.emulator.storefront.WebhookDispatcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The seller's own shop behind a {@code webhook} channel (SPEC §8, §9): its storefront's orders in
 * StockSync's order format, offered for polling at {@code GET /webhook/orders} (a channel's {@code
 * settings.ordersUrl}) and posted, as they happen, to the address set with {@code PUT
 * /webhook/orders/hook {"url"}} (the channel's {@code /hooks/{channelId}}), signed with the
 * emulator's secret exactly as StockSync signs its pushes ({@code X-StockSync-Timestamp}, {@code
 * X-StockSync-Signature: v1=…}).
 *
 * <p>The order format is the emulator's reading of SPEC §9 ("order id, lines with externalId and
 * quantity, state"): {@code {"orderId","state","createdAt","updatedAt","lines":[{"lineId",
 * "externalId","quantity"}]}}, {@code state} one of {@code placed}, {@code cancelled}, {@code
 * shipped}, {@code returned}.
 *
 * <p>Thread-safe.
 */
final class WebhookShop {

  static final int MAX_LIMIT = 500;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Function<Order, String> KEY =
      o -> String.format("%020d.%020d", o.updatedAt().toEpochMilli(), o.number());

  private final Clock clock;
  private final String secret;
  private final Storefront storefront;
  private final WebhookDispatcher dispatcher;
  private volatile URI hook;

  WebhookShop(Clock clock, String secret, Storefront storefront, WebhookDispatcher dispatcher) {
    this.clock = clock;
    this.secret = secret;
    this.storefront = storefront;
    this.dispatcher = dispatcher;
    storefront.listen(this::changed);
  }

  static Storefront.Ids ids() {
    return new Storefront.Ids(n -> "W-" + n, n -> Long.toString(n));
  }

  /** The order in StockSync's order format. */
  static Map<String, Object> view(Order order) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("orderId", order.id());
    view.put("state", order.state().name().toLowerCase(Locale.ROOT));
    view.put("createdAt", order.createdAt().toString());
    view.put("updatedAt", order.updatedAt().toString());
    List<Map<String, Object>> lines = new ArrayList<>();
    for (OrderLine line : order.lines()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("lineId", line.lineId());
      item.put("externalId", line.listing());
      item.put("quantity", line.quantity());
      lines.add(item);
    }
    view.put("lines", lines);
    return view;
  }

  /** Where orders are posted from now on; null stops posting. */
  void hook(URI address) {
    this.hook = address;
  }

  /** {@code PUT /webhook/orders/hook {"url": "…" | null}}. */
  EmulatorResponse setHook(EmulatorRequest request) {
    JsonNode body;
    try {
      body = request.json();
    } catch (IllegalArgumentException e) {
      return EmulatorResponse.json(400, Map.of("error", e.getMessage()));
    }
    JsonNode url = body.get("url");
    if (url == null || (!url.isNull() && !url.isTextual())) {
      return EmulatorResponse.json(400, Map.of("error", "url must be an http(s) URL or null"));
    }
    if (url.isNull()) {
      hook(null);
      return EmulatorResponse.json(200, Map.of("url", "none"));
    }
    try {
      URI address = URI.create(url.textValue());
      if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
        throw new IllegalArgumentException("not http");
      }
      hook(address);
      return EmulatorResponse.json(200, Map.of("url", address.toString()));
    } catch (IllegalArgumentException e) {
      return EmulatorResponse.json(400, Map.of("error", "url must be an http(s) URL or null"));
    }
  }

  /**
   * {@code GET /webhook/orders?updatedAfter=…&limit=…&cursor=…}: orders changed at or after {@code
   * updatedAfter}, oldest change first, {@code limit} (1–500, default 100) per page; {@code next}
   * is the cursor of the following page, or null.
   */
  EmulatorResponse list(EmulatorRequest request) {
    Instant after;
    int limit;
    try {
      after =
          request
              .queryParam("updatedAfter")
              .map(t -> OffsetDateTime.parse(t).toInstant())
              .orElse(null);
    } catch (DateTimeParseException e) {
      return EmulatorResponse.json(400, Map.of("error", "updatedAfter must be an ISO 8601 time"));
    }
    try {
      limit = Integer.parseInt(request.queryParam("limit").orElse("100"));
    } catch (NumberFormatException e) {
      limit = 0;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return EmulatorResponse.json(
          400, Map.of("error", "limit must be between 1 and " + MAX_LIMIT));
    }
    String cursor = request.queryParam("cursor").orElse(null);
    List<Order> matching = new ArrayList<>();
    for (Order order : storefront.orders()) {
      if ((after == null || !order.updatedAt().isBefore(after))
          && (cursor == null || KEY.apply(order).compareTo(cursor) > 0)) {
        matching.add(order);
      }
    }
    matching.sort(Comparator.comparing(KEY));
    List<Order> page = matching.subList(0, Math.min(limit, matching.size()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("orders", page.stream().map(WebhookShop::view).toList());
    answer.put("next", matching.size() > page.size() ? KEY.apply(page.get(page.size() - 1)) : null);
    return EmulatorResponse.json(200, answer);
  }

  private void changed(Order order) {
    URI address = hook;
    if (address == null) {
      return;
    }
    String body;
    try {
      body = JSON.writeValueAsString(view(order));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String delivery = UUID.randomUUID().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    if (secret != null) {
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      headers.put("X-StockSync-Timestamp", timestamp);
      headers.put(
          "X-StockSync-Signature",
          WebhookSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }
    headers.put("X-StockSync-Delivery", delivery);
    dispatcher.send("order." + view(order).get("state"), address, delivery, headers, body);
  }
}
