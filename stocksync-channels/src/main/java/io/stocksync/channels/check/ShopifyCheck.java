package io.stocksync.channels.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shopify's check, with two Admin GraphQL queries: {@code location(id:)} for the access token and
 * {@code settings.locationId} (a 401 is the token refused, a null location the id unknown), then
 * {@code nodes(ids:)} for {@link #BATCH} InventoryItem gids a query, each with its level at the
 * location (an item not stocked there cannot be pushed to).
 *
 * <p>Paced on a share of its own ({@link #SHARE_RATE} queries a second) and by the cost bucket
 * Shopify reports in every answer: a query waits until the bucket holds its estimated cost above
 * half its size, so that a test leaves pushes the other half.
 */
final class ShopifyCheck implements ChannelCheck {
  /** Items a {@code nodes(ids:)} query asks for (Shopify accepts up to 250 ids). */
  static final int BATCH = 100;

  /** The test's own pace: one query a second, bursts of four. */
  static final double SHARE_RATE = 1;

  private static final Logger log = LoggerFactory.getLogger(ShopifyCheck.class);

  private final ChannelRow channel;
  private final URI endpoint;
  private final String token;
  private final String locationId;
  private final ConnectorContext context;
  private final TokenBucketPacer share;

  // What the last answer said of the cost bucket (null before the first).
  private JsonNode throttle;
  private Instant throttleAt;

  ShopifyCheck(ChannelRow channel, ChannelDescriptor.Configuration c, ConnectorContext context) {
    this.channel = channel;
    this.endpoint = URI.create(c.baseUrl() + ShopifyConnector.GRAPHQL_PATH);
    this.token = c.credential("accessToken");
    this.locationId = c.text("locationId");
    this.context = context;
    this.share = ChannelPacing.shared(channel, "test", () -> new TokenBucketPacer(SHARE_RATE, 4));
  }

  @Override
  public void run(List<Listing> listings, Instant deadline, Consumer<Check> results) {
    CheckCalls calls = new CheckCalls(context, deadline, share, null);
    ObjectNode variables = CheckCalls.json().createObjectNode();
    variables.put("locationId", locationId);
    CheckCalls.Answer a =
        query(calls, ShopifyCheckQueries.LOCATION, "StockSyncCheckLocation", variables, 2);
    if (a.status() == 401 || a.status() == 403) {
      results.accept(
          Check.failed("credentials", "Shopify refused the access token: " + a.reason()));
      notChecked(listings, results, "the access token was refused");
      return;
    }
    if (a.status() != 200 || !a.json().path("data").isObject()) {
      results.accept(Check.failed("credentials", "Shopify did not answer: " + a.reason()));
      notChecked(listings, results, "Shopify did not answer");
      return;
    }
    results.accept(Check.ok("credentials", "Shopify accepted the access token"));
    JsonNode location = a.json().path("data").path("location");
    if (!location.isObject()) {
      results.accept(
          Check.failed(
              "settings.locationId",
              "Shopify has no location " + locationId + " in this store" + errors(a.json())));
      notChecked(listings, results, "the location is unknown");
      return;
    }
    results.accept(
        Check.ok(
            "settings.locationId",
            "location '"
                + location.path("name").asText()
                + "'"
                + (location.path("isActive").asBoolean(true) ? "" : " (inactive)")));
    for (int from = 0; from < listings.size(); from += BATCH) {
      List<Listing> batch = listings.subList(from, Math.min(listings.size(), from + BATCH));
      ObjectNode v = CheckCalls.json().createObjectNode();
      ArrayNode ids = v.putArray("ids");
      batch.forEach(l -> ids.add(l.externalId()));
      v.put("locationId", locationId);
      CheckCalls.Answer items =
          query(calls, ShopifyCheckQueries.ITEMS, "StockSyncCheckItems", v, 1 + 2 * batch.size());
      JsonNode nodes = items.json().path("data").path("nodes");
      for (int i = 0; i < batch.size(); i++) {
        Listing l = batch.get(i);
        String name = Check.listing(l);
        if (items.status() != 200 || !nodes.isArray()) {
          results.accept(
              Check.failed(
                  name, "Shopify did not answer: " + items.reason() + errors(items.json())));
          continue;
        }
        JsonNode node = nodes.path(i);
        if (!node.isObject() || !"InventoryItem".equals(node.path("__typename").asText())) {
          results.accept(Check.failed(name, "Shopify has no inventory item " + l.externalId()));
        } else if (!node.path("inventoryLevel").isObject()) {
          results.accept(
              Check.failed(
                  name, "inventory item " + l.externalId() + " is not stocked at " + locationId));
        } else {
          results.accept(
              Check.ok(name, "inventory item " + l.externalId() + " stocked at the location"));
        }
      }
      if (listings.size() > BATCH) {
        log.info(
            "channel {} test: {} of {} listings checked",
            channel.id(),
            Math.min(listings.size(), from + BATCH),
            listings.size());
      }
    }
  }

  private CheckCalls.Answer query(
      CheckCalls calls, String query, String operation, ObjectNode variables, double cost) {
    calls.waitFor(bucketWait(cost, calls.now()));
    ObjectNode body = CheckCalls.json().createObjectNode();
    body.put("query", query);
    body.put("operationName", operation);
    body.set("variables", variables);
    byte[] bytes;
    try {
      bytes = CheckCalls.json().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    CheckCalls.Answer a =
        calls.send(
            HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(ShopifyConnector.ACCESS_TOKEN_HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    JsonNode status = a.json().path("extensions").path("cost").path("throttleStatus");
    if (status.isObject()) {
      throttle = status;
      throttleAt = calls.now();
    }
    return a;
  }

  /** How long until the bucket holds {@code cost} above half its size, as last reported. */
  private Duration bucketWait(double cost, Instant now) {
    if (throttle == null) {
      return Duration.ZERO;
    }
    double max = throttle.path("maximumAvailable").asDouble(0);
    double rate = throttle.path("restoreRate").asDouble(0);
    double seconds = Duration.between(throttleAt, now).toMillis() / 1000.0;
    double level = Math.min(max, throttle.path("currentlyAvailable").asDouble(0) + rate * seconds);
    double need = max / 2 + Math.min(cost, max / 2) - level;
    return need <= 0 || rate <= 0
        ? Duration.ZERO
        : Duration.ofMillis((long) Math.ceil(need / rate * 1000));
  }

  private static String errors(JsonNode body) {
    JsonNode e = body.path("errors");
    if (e.isArray() && e.size() > 0) {
      return " (" + e.get(0).path("message").asText() + ")";
    }
    return "";
  }

  static void notChecked(List<Listing> listings, Consumer<Check> results, String why) {
    if (!listings.isEmpty()) {
      results.accept(
          Check.failed("listings", "not checked: " + why + " (" + listings.size() + " listings)"));
    }
  }
}
