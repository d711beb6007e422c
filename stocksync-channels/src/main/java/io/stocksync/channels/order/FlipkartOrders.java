package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.channels.flipkart.FlipkartTokens;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.order.OrderLineState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Flipkart's orders (SPEC §9), polled through the shipments API v3: {@code POST
 * /sellers/v3/shipments/filter} with {@code filter.type} one of {@code preDispatch}, {@code
 * cancelled}, {@code postDispatch} (the API lists one kind of shipment a query, so a pass reads the
 * three in turn), {@code filter.modifiedDate.from}, {@code sort} by {@code modifiedDate} ascending,
 * {@code pagination.pageSize} 20; then {@code GET /sellers} + {@code nextPageUrl} while {@code
 * hasMore}. Flipkart has no order webhooks reachable here. Flipkart publishes no machine-readable
 * contract: these shapes are the emulator's reading of its v3 pages (docs/connectors/flipkart.md).
 *
 * <p>Ids: the line is the shipment item's {@code orderItemId} in {@code orderId}; the item is
 * matched by {@code sku}, which is what a Flipkart listing's {@code externalId} holds. Item states:
 * {@code CANCELLED} cancelled, {@code SHIPPED} and {@code DELIVERED} shipped, {@code RETURNED}
 * returned, the pre-dispatch ones ({@code APPROVED}, {@code PACKING_IN_PROGRESS}, {@code PACKED},
 * {@code FORM_FAILED}, {@code READY_TO_DISPATCH}) placed.
 *
 * <p>Every call spends a token of the channel's one Seller API bucket, the one its pushes spend
 * ({@link io.stocksync.channels.ChannelPacing}). Not thread-safe by itself: one poll at a time per
 * channel, as {@link OrderFeed} promises.
 */
public final class FlipkartOrders implements OrderFeed {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String FILTER_PATH = "/sellers/v3/shipments/filter";

  /** The shipment kinds a pass reads, in turn. */
  static final List<String> TYPES = List.of("preDispatch", "cancelled", "postDispatch");

  /** {@code pagination.pageSize}: 20, the largest the emulator's reading of v3 allows. */
  static final int PAGE = 20;

  /**
   * Read again before the cursor. Flipkart documents no indexing delay; two minutes, as for the
   * other marketplaces read here (an assumption).
   */
  static final Duration OVERLAP = Duration.ofMinutes(2);

  /** The longest a call waits for the bucket; beyond it the poll fails and goes on later. */
  static final Duration MAX_WAIT = Duration.ofSeconds(2);

  private final String channelId;
  private final String root;
  private final FlipkartTokens tokens;
  private final TokenBucketPacer pacer;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param root the API root (the channel's {@code baseUrl}, {@code https://api.flipkart.net})
   * @param pacer the channel's Seller API bucket, shared with its pushes
   */
  public FlipkartOrders(
      String channelId,
      String root,
      FlipkartTokens tokens,
      TokenBucketPacer pacer,
      HttpClient http,
      Duration timeout) {
    this.channelId = channelId;
    this.root = root;
    this.tokens = tokens;
    this.pacer = pacer;
    this.http = http;
    this.timeout = timeout;
  }

  /** Between passes {@code since}; within one {@code since|newest|typeIndex|nextPageUrl}. */
  private record Cursor(Instant since, Instant newest, int type, String nextPageUrl) {
    static Cursor parse(String text, Instant now) {
      if (text == null) {
        return new Cursor(now, now, 0, "");
      }
      String[] parts = text.split("\\|", 4);
      if (parts.length < 4) {
        Instant since = Instant.parse(parts[0]);
        return new Cursor(since, since, 0, "");
      }
      return new Cursor(
          Instant.parse(parts[0]), Instant.parse(parts[1]), Integer.parseInt(parts[2]), parts[3]);
    }

    String mid() {
      return since + "|" + newest + "|" + type + "|" + nextPageUrl;
    }
  }

  @Override
  public Page read(String cursorText, Instant now) {
    Cursor cursor = Cursor.parse(cursorText, now);
    if (cursor.type() < 0 || cursor.type() >= TYPES.size()) {
      throw new IllegalStateException("the Flipkart order cursor names no shipment type");
    }
    JsonNode answer;
    if (cursor.nextPageUrl().isEmpty()) {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode filter = body.putObject("filter");
      filter.put("type", TYPES.get(cursor.type()));
      filter.putObject("modifiedDate").put("from", cursor.since().minus(OVERLAP).toString());
      body.putObject("pagination").put("pageSize", PAGE);
      body.putObject("sort").put("field", "modifiedDate").put("order", "asc");
      answer = call(URI.create(root + FILTER_PATH), body.toString(), now);
    } else {
      if (!cursor.nextPageUrl().startsWith("/")) {
        throw new IllegalStateException("Flipkart's nextPageUrl is not a path: refused");
      }
      answer = call(URI.create(root + "/sellers" + cursor.nextPageUrl()), null, now);
    }
    List<OrderLine> lines = new ArrayList<>();
    Instant newest = cursor.newest();
    for (JsonNode shipment : answer.path("shipments")) {
      Instant updated = ShopifyOrders.time(shipment.path("updatedAt"));
      if (updated != null && updated.isAfter(newest)) {
        newest = updated;
      }
      lines.addAll(lines(channelId, shipment));
    }
    String next = ShopifyOrders.text(answer.path("nextPageUrl"));
    if (answer.path("hasMore").asBoolean(false) && next != null) {
      return new Page(
          lines, new Cursor(cursor.since(), newest, cursor.type(), next).mid(), true, null);
    }
    if (cursor.type() + 1 < TYPES.size()) {
      return new Page(
          lines, new Cursor(cursor.since(), newest, cursor.type() + 1, "").mid(), true, null);
    }
    return new Page(lines, newest.toString(), false, now.minus(OVERLAP));
  }

  /** The lines of one v3 shipment. Pure. */
  static List<OrderLine> lines(String channelId, JsonNode shipment) {
    Instant updated = ShopifyOrders.time(shipment.path("updatedAt"));
    List<OrderLine> lines = new ArrayList<>();
    for (JsonNode item :
        ShopifyOrders.itemsBy(shipment.path("orderItems"), "orderItems", "orderItemId")) {
      String status = item.path("status").asText("");
      OrderLineState state =
          switch (status) {
            case "CANCELLED" -> OrderLineState.CANCELLED;
            case "SHIPPED", "DELIVERED" -> OrderLineState.SHIPPED;
            case "RETURNED" -> OrderLineState.RETURNED;
            default -> OrderLineState.PLACED;
          };
      String sku = ShopifyOrders.text(item.path("sku"));
      lines.add(
          new OrderLine(
              channelId,
              ShopifyOrders.id(item.path("orderId"), "orderItems[].orderId"),
              ShopifyOrders.id(item.path("orderItemId"), "orderItems[].orderItemId"),
              sku,
              sku,
              ShopifyOrders.quantity(item.path("quantity")),
              state,
              updated));
    }
    return lines;
  }

  /** One call with the bearer token; a 401 drops the token and tries once more with a new one. */
  private JsonNode call(URI uri, String body, Instant now) {
    pace(now);
    for (int attempt = 0; ; attempt++) {
      FlipkartTokens.Grant grant = tokens.token().join();
      if (grant.failure() != null) {
        throw new IllegalStateException("Flipkart's token service: " + failure(grant.failure()));
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Authorization", "Bearer " + grant.token().value())
              .header("Accept", "application/json");
      request =
          body == null
              ? request.GET()
              : request
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException("Flipkart's shipments could not be read: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading Flipkart's shipments", e);
      }
      if (response.statusCode() == 401 && attempt == 0) {
        tokens.invalidate(grant.token());
        continue;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Flipkart answered HTTP " + response.statusCode() + " to the shipments poll");
      }
      return PollCalls.tree(response.body());
    }
  }

  private static String failure(CallOutcome outcome) {
    if (outcome instanceof CallOutcome.Refused r) {
      return r.detail();
    }
    return outcome instanceof CallOutcome.Unavailable u ? u.detail() : String.valueOf(outcome);
  }

  /** Waits a short while for the shared bucket; a longer wait fails the poll instead. */
  private void pace(Instant now) {
    Duration wait = pacer.delay(now);
    if (wait.compareTo(MAX_WAIT) > 0) {
      throw new OrderFeedPaced(
          "the channel's Flipkart request rate allows the next call in "
              + Math.max(1, (wait.toMillis() + 999) / 1000)
              + " s: the poll goes on from its cursor then",
          wait);
    }
    if (!wait.isZero()) {
      LockSupport.parkNanos(wait.toNanos()); // a real-time wait of at most MAX_WAIT
    }
    pacer.take(now.plus(wait));
  }
}
