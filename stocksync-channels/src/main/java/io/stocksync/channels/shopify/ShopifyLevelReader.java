package io.stocksync.channels.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.readback.LevelReader;
import io.stocksync.channels.readback.ReadAnswers;
import io.stocksync.channels.readback.ReadBackPaced;
import io.stocksync.channels.readback.ReadShare;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads back a Shopify location's {@code available} figures (SPEC §12): one {@link
 * ShopifyDocuments#READ_BACK} query of up to 250 InventoryItem gids ({@code nodes(ids:)}, Shopify's
 * input-array limit), with the same access token as the channel's pushes.
 *
 * <p><b>Share of the cost bucket.</b> Shopify meters one bucket of cost points for the app on the
 * shop, pushes and reads alike. The reader's own {@link ReadShare} refills at a tenth of the
 * bucket's restore rate, as each answer's {@code throttleStatus} reports it (until one does, a
 * tenth of the lowest plan's 50 points a second); a read is charged what it is expected to cost (3
 * points an item until an answer says {@code requestedQueryCost}). Besides, a read goes only while
 * the shop's bucket, as last reported, keeps half of its size after the read: so reads leave pushes
 * the room they need. A {@code THROTTLED} answer (HTTP 200 or 429) is {@link ReadBackPaced}.
 *
 * <p>Thread-safe; called one read at a time per channel.
 */
public final class ShopifyLevelReader implements LevelReader {

  /**
   * The restore rate assumed until an answer reports the plan's: the lowest Shopify has published,
   * the long-standing standard plan's 50 points a second (GraphQL Admin API rate limits,
   * https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
   */
  static final double ASSUMED_RESTORE_RATE = 50;

  /** The bucket size assumed until an answer reports it: that plan's 1,000 points. */
  static final double ASSUMED_MAXIMUM = 1000;

  /** What one item is expected to cost until an answer says: nodes 1 + level 1 + quantities 1. */
  static final double FIRST_COST_PER_ITEM = 3;

  /** The part of the shop's bucket a read must leave for pushes. */
  static final double PUSH_RESERVE = 0.5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String accessToken;
  private final String locationId;
  private final ConnectorContext context;
  private final CostBucketPacer shop = new CostBucketPacer();
  private final ReadShare share;
  private volatile double costPerItem = FIRST_COST_PER_ITEM;

  ShopifyLevelReader(
      URI endpoint, String accessToken, String locationId, ConnectorContext context) {
    this.endpoint = endpoint;
    this.accessToken = accessToken;
    this.locationId = locationId;
    this.context = context;
    this.share =
        new ReadShare(
            "Shopify's cost bucket",
            ASSUMED_RESTORE_RATE * ReadShare.SHARE,
            capacity(ASSUMED_MAXIMUM, FIRST_COST_PER_ITEM));
  }

  /**
   * The reader of a {@code shopify} channel, configured as its connector is ({@code baseUrl},
   * {@code settings.locationId}, {@code credentials.accessToken}).
   *
   * @throws IllegalArgumentException naming the first field that does not do
   */
  public static ShopifyLevelReader create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration c = ShopifyConnector.DESCRIPTOR.configure(channel, credentials);
    return new ShopifyLevelReader(
        URI.create(c.baseUrl() + ShopifyConnector.GRAPHQL_PATH),
        c.credential("accessToken"),
        c.text("locationId"),
        context);
  }

  /** {@value ShopifyConnector#MAX_QUANTITIES_PER_CALL}: Shopify's input-array limit. */
  @Override
  public int batchSize() {
    return ShopifyConnector.MAX_QUANTITIES_PER_CALL;
  }

  /** The reader's share of the cost bucket (tests and diagnostics). */
  ReadShare share() {
    return share;
  }

  @Override
  public List<Level> read(List<Wanted> listings, Instant now) {
    if (listings.size() > batchSize()) {
      throw new IllegalArgumentException(
          "at most " + batchSize() + " listings a read, not " + listings.size());
    }
    Level[] levels = new Level[listings.size()];
    List<Integer> asked = new ArrayList<>();
    for (int i = 0; i < listings.size(); i++) {
      Wanted w = listings.get(i);
      FieldError problem = ShopifyConnector.DESCRIPTOR.listingProblem(w.externalId(), "{}");
      if (problem != null) {
        // Shopify refuses a whole query for one malformed gid: this one is not asked.
        levels[i] = Level.unknown(w, now, "listing " + problem.field() + " " + problem.message());
      } else {
        asked.add(i);
      }
    }
    if (!asked.isEmpty()) {
      query(listings, asked, levels, now);
    }
    return List.of(levels);
  }

  private void query(List<Wanted> listings, List<Integer> asked, Level[] levels, Instant now) {
    double cost = asked.size() * costPerItem;
    leaveRoomForPushes(cost, now);
    share.take(cost, now);
    ObjectNode variables = JSON.createObjectNode();
    ArrayNode ids = variables.putArray("ids");
    asked.forEach(i -> ids.add(listings.get(i).externalId()));
    variables.put("locationId", locationId);
    HttpResponse<String> response = ReadAnswers.await("Shopify", post(variables));
    Instant at = context.clock().instant();
    JsonNode body = parse(response.body());
    JsonNode costs = body.path("extensions").path("cost");
    shop.observe(costs, false, at);
    follow(costs, asked.size(), cost, at);
    boolean throttled = hasErrorCode(body, "THROTTLED");
    if (throttled || HttpAnswers.ladder(response.statusCode()) == HttpAnswers.Ladder.THROTTLED) {
      share.giveBack(cost, at); // nothing was read
      throw ReadAnswers.paced(
          "Shopify answered THROTTLED (HTTP " + response.statusCode() + ")",
          HttpAnswers.retryAfter(response, at),
          shop.waitFor(cost, at, ReadAnswers.DEFAULT_THROTTLE_WAIT));
    }
    RuntimeException failure =
        ReadAnswers.failure(
            "Shopify", response, HttpAnswers.quote(response.body()), at, Duration.ZERO);
    if (failure != null) {
      throw failure;
    }
    JsonNode nodes = body.path("data").path("nodes");
    if (!nodes.isArray() || nodes.size() != asked.size()) {
      throw new IllegalStateException("Shopify answered no nodes: " + errors(body));
    }
    for (int k = 0; k < asked.size(); k++) {
      int i = asked.get(k);
      levels[i] = level(listings.get(i), nodes.get(k), at);
    }
  }

  private Level level(Wanted w, JsonNode node, Instant at) {
    if (node == null || node.isNull()) {
      return Level.unknown(w, at, "Shopify has no inventory item " + w.externalId());
    }
    JsonNode level = node.path("inventoryLevel");
    if (level.isMissingNode() || level.isNull()) {
      return Level.unknown(
          w, at, "inventory item " + w.externalId() + " is not stocked at " + locationId);
    }
    for (JsonNode q : level.path("quantities")) {
      if ("available".equals(q.path("name").asText()) && q.path("quantity").isIntegralNumber()) {
        return Level.read(w, q.path("quantity").asLong(), at);
      }
    }
    return Level.unknown(w, at, "Shopify showed no available quantity for " + w.externalId());
  }

  /**
   * Refuses a read that would leave the shop's bucket, as last reported, under {@link
   * #PUSH_RESERVE} of its size.
   */
  private void leaveRoomForPushes(double cost, Instant now) {
    double level = shop.levelAt(now);
    if (Double.isNaN(level)) {
      return;
    }
    double wanted = cost + shop.maximum() * PUSH_RESERVE;
    if (level < wanted) {
      throw new ReadBackPaced(
          "Shopify's cost bucket holds "
              + Math.round(level)
              + " points: a read of "
              + Math.round(cost)
              + " waits so that half of the bucket stays for pushes",
          Duration.ofNanos((long) Math.ceil((wanted - level) / shop.restoreRate() * 1e9)));
    }
  }

  /** Learns the plan and the query's cost from an answer's {@code extensions.cost}. */
  private void follow(JsonNode costs, int items, double charged, Instant at) {
    JsonNode requested = costs.path("requestedQueryCost");
    if (requested.isNumber() && requested.doubleValue() > 0 && items > 0) {
      costPerItem = requested.doubleValue() / items;
    }
    JsonNode actual = costs.path("actualQueryCost");
    if (actual.isNumber() && actual.doubleValue() < charged) {
      share.giveBack(charged - actual.doubleValue(), at); // Shopify refunds what was not used
    }
    double rate = shop.restoreRate();
    double maximum = shop.maximum();
    if (!Double.isNaN(rate)
        && (Math.abs(rate * ReadShare.SHARE - share.rate()) > 1e-9
            || Math.abs(capacity(maximum, costPerItem) - share.capacity()) > 1e-9)) {
      share.resize(rate * ReadShare.SHARE, capacity(maximum, costPerItem), at);
    }
  }

  /** A tenth of the bucket, but at least one full batch's cost (which then leaves it in debt). */
  private static double capacity(double maximum, double perItem) {
    return Math.max(maximum * ReadShare.SHARE, perItem * ShopifyConnector.MAX_QUANTITIES_PER_CALL);
  }

  private java.util.concurrent.CompletableFuture<HttpResponse<String>> post(ObjectNode variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", ShopifyDocuments.READ_BACK);
    body.put("operationName", ShopifyDocuments.READ_BACK_OPERATION);
    body.set("variables", variables);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(context.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header(ShopifyConnector.ACCESS_TOKEN_HEADER, accessToken)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return context
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static boolean hasErrorCode(JsonNode body, String code) {
    for (JsonNode error : body.path("errors")) {
      if (code.equals(error.path("extensions").path("code").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String errors(JsonNode body) {
    JsonNode first = body.path("errors").path(0);
    if (first.isMissingNode()) {
      return HttpAnswers.quote(body.toString());
    }
    String code = first.path("extensions").path("code").asText("");
    return (code.isEmpty() ? "" : code + ": ") + HttpAnswers.quote(first.path("message").asText());
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = JSON.readTree(text == null ? "" : text);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
