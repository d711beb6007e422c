package io.stocksync.channels.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.readback.LevelReader;
import io.stocksync.channels.readback.ReadAnswers;
import io.stocksync.channels.readback.ReadShare;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Reads back a WooCommerce store's stock (SPEC §12): {@code GET
 * /wp-json/wc/v3/products?include=…&per_page=100} for products and {@code GET
 * /wp-json/wc/v3/products/{id}/variations?include=…&per_page=100} for the variations of one
 * product, each item's {@code stock_quantity}, with the same HTTP Basic keys as the pushes.
 *
 * <p><b>Batches.</b> A read asks for up to 100 listings (WooCommerce's largest {@code per_page});
 * it sends one request per route among them (the products, and each parent's variations), each
 * request one unit of the read share.
 *
 * <p><b>Share.</b> WooCommerce publishes no rate limit for its REST API. With {@code
 * settings.maxRequestsPerSecond} set (the rate the pushes are held to), reads take a tenth of it;
 * without, a tenth of an assumed {@value #ASSUMED_RATE} requests a second. The reader's bucket is
 * its own, so a read never takes a push's turn. A 429 is {@link
 * io.stocksync.channels.readback.ReadBackPaced}.
 *
 * <p>Thread-safe; called one read at a time per channel.
 */
public final class WooCommerceLevelReader implements LevelReader {

  /**
   * The request rate assumed for a store without {@code settings.maxRequestsPerSecond}: 5 a second,
   * our assumption of what a modest WordPress host serves without strain (WooCommerce has no limit
   * of its own).
   */
  static final double ASSUMED_RATE = 5;

  /** WooCommerce's largest page: {@code per_page} is 1 to 100. */
  static final int MAX_PER_PAGE = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String root;
  private final String basic;
  private final ReadShare share;
  private final ConnectorContext context;

  WooCommerceLevelReader(String root, String basic, double rate, ConnectorContext context) {
    this.root = root;
    this.basic = basic;
    this.share = ReadShare.tenthOf("the WooCommerce store", rate, 1);
    this.context = context;
  }

  /**
   * The reader of a {@code woocommerce} channel, configured as its connector is ({@code baseUrl},
   * the consumer key and secret, {@code settings.maxRequestsPerSecond}).
   *
   * @throws IllegalArgumentException naming the first field that does not do
   */
  public static WooCommerceLevelReader create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration c =
        WooCommerceConnector.DESCRIPTOR.configure(channel, credentials);
    String keys = c.credential("consumerKey") + ":" + c.credential("consumerSecret");
    Double rate = c.number("maxRequestsPerSecond");
    return new WooCommerceLevelReader(
        c.baseUrl(),
        "Basic " + Base64.getEncoder().encodeToString(keys.getBytes(StandardCharsets.UTF_8)),
        rate == null ? ASSUMED_RATE : rate,
        context);
  }

  @Override
  public int batchSize() {
    return MAX_PER_PAGE;
  }

  /** The reader's share (tests and diagnostics). */
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
    // Route (null: products; else the parent product) → the listings read through it.
    Map<Long, List<Integer>> routes = new LinkedHashMap<>();
    for (int i = 0; i < listings.size(); i++) {
      Wanted w = listings.get(i);
      FieldError problem = WooCommerceConnector.DESCRIPTOR.listingProblem(w.externalId(), "{}");
      if (problem != null) {
        levels[i] = Level.unknown(w, now, "listing " + problem.field() + " " + problem.message());
        continue;
      }
      WooCommerceConnector.Target t = WooCommerceConnector.Target.parse(w.externalId());
      routes.computeIfAbsent(t.route(), k -> new ArrayList<>()).add(i);
    }
    if (routes.isEmpty()) {
      return List.of(levels);
    }
    // Every request of the read is paid for before any is sent: a refused read read nothing.
    share.take(routes.size(), now);
    for (Map.Entry<Long, List<Integer>> route : routes.entrySet()) {
      read(route.getKey(), route.getValue(), listings, levels);
    }
    return List.of(levels);
  }

  private void read(Long parent, List<Integer> indexes, List<Wanted> listings, Level[] levels) {
    StringJoiner include = new StringJoiner(",");
    indexes.stream()
        .map(i -> WooCommerceConnector.Target.parse(listings.get(i).externalId()).itemId())
        .distinct()
        .forEach(id -> include.add(Long.toString(id)));
    String path =
        WooCommerceConnector.API_ROOT
            + "/products"
            + (parent == null ? "" : "/" + parent + "/variations");
    URI uri =
        URI.create(root + path + "?include=" + include + "&per_page=" + MAX_PER_PAGE + "&page=1");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(context.requestTimeout())
            .header("Accept", "application/json")
            .header("Authorization", basic)
            .GET()
            .build();
    HttpResponse<String> response =
        ReadAnswers.await(
            "WooCommerce",
            context
                .http()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    Instant at = context.clock().instant();
    RuntimeException failure =
        ReadAnswers.failure(
            "WooCommerce",
            response,
            reason(response.body()),
            at,
            WooCommerceConnector.DEFAULT_THROTTLE_WAIT);
    if (failure != null) {
      throw failure;
    }
    JsonNode answer = parse(response.body());
    if (!answer.isArray()) {
      throw new IllegalStateException(
          "WooCommerce answered 200 without a list: " + HttpAnswers.quote(response.body()));
    }
    Map<Long, JsonNode> byId = new HashMap<>();
    answer.forEach(item -> byId.put(item.path("id").asLong(), item));
    for (int i : indexes) {
      Wanted w = listings.get(i);
      WooCommerceConnector.Target t = WooCommerceConnector.Target.parse(w.externalId());
      levels[i] = level(w, t, byId.get(t.itemId()), at);
    }
  }

  private static Level level(Wanted w, WooCommerceConnector.Target t, JsonNode item, Instant at) {
    String what =
        t.variationId() == null
            ? "product " + t.productId()
            : "variation " + t.variationId() + " of product " + t.productId();
    if (item == null) {
      return Level.unknown(w, at, "WooCommerce shows no " + what);
    }
    JsonNode quantity = item.path("stock_quantity");
    if (quantity.isIntegralNumber()) {
      return Level.read(w, quantity.asLong(), at);
    }
    JsonNode manage = item.path("manage_stock");
    String why =
        Objects.equals(manage.asText(), "parent")
            ? "its parent product manages its stock"
            : "it does not manage its stock (manage_stock " + manage.asText("absent") + ")";
    return Level.unknown(w, at, "WooCommerce keeps no stock quantity for " + what + ": " + why);
  }

  /** A WordPress REST error's {@code code: message}, else the start of the body. */
  private static String reason(String body) {
    JsonNode error = parse(body);
    if (error.path("code").isTextual()) {
      return error.path("code").asText() + ": " + HttpAnswers.quote(error.path("message").asText());
    }
    return HttpAnswers.quote(body);
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
