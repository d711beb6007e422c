package io.stocksync.channels.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelField;
import io.stocksync.channels.Connector;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes to a WooCommerce store through the REST API v3: {@code POST /wp-json/wc/v3/products/batch}
 * for products and {@code POST /wp-json/wc/v3/products/{id}/variations/batch} for the variations of
 * one product, each with up to 100 {@code update} items {@code {"id", "stock_quantity"}} (never
 * {@code manage_stock}: an item that does not manage its own stock is refused, naming what to list
 * instead), authenticated with HTTP Basic (consumer key and secret). See {@code
 * docs/connectors/woocommerce.md}.
 *
 * <p><b>One route a call.</b> A call carries the items of one route only: the route of the most
 * urgent push, and the other pushes for that route; pushes for other routes wait for the next call.
 *
 * <p><b>Per-item answer.</b> Items are matched to the answer's {@code update} list by {@code id}:
 * an item with an {@code error} object is refused (charged) with its code, every other one is
 * acknowledged with the {@code stock_quantity} it reports.
 *
 * <p><b>413.</b> A store may lower its batch limit ({@code woocommerce_rest_batch_items_limit}): a
 * 413 halves the connector's batch size for the rest of its life and sends the call's items again
 * in parts of that size, within the same call.
 *
 * <p>Thread-safe.
 */
public final class WooCommerceConnector implements Connector {

  /** The channel type. */
  public static final String TYPE = "woocommerce";

  /** The item code of a variation whose stock its parent product manages. */
  public static final String MANAGED_BY_PARENT = "stocksync_managed_by_parent";

  /** The item code of a product or variation that does not manage its stock. */
  public static final String STOCK_NOT_MANAGED = "stocksync_stock_not_managed";

  /** The REST namespace below the site root. */
  public static final String API_ROOT = "/wp-json/wc/v3";

  /**
   * WooCommerce's default batch limit: 100 objects created, updated or deleted per request
   * (https://woocommerce.github.io/woocommerce-rest-api-docs/#batch-update-products; {@code
   * WC_REST_Controller::check_batch_limit}).
   */
  public static final int MAX_ITEMS_PER_CALL = 100;

  /** Calls in flight at once unless {@code settings.maxInFlight} says otherwise. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 2;

  /** The wait after a 429 without {@code Retry-After}. */
  static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofSeconds(1);

  /**
   * What a {@code woocommerce} channel takes (SPEC §7): credentials {@code consumerKey}, {@code
   * consumerSecret} and optional {@code webhookSecret} (§9); listing {@code externalId} {@code
   * <productId>} or {@code <productId>/<variationId>}. The connector authenticates with HTTP Basic
   * (WooCommerce's way over https), which sends the key and secret readable by anyone on the path:
   * so {@code baseUrl} must be https, except on a loopback host (a local site or the emulator).
   */
  public static final ChannelDescriptor DESCRIPTOR = descriptor();

  private static ChannelDescriptor descriptor() {
    ChannelDescriptor.Builder b = ChannelDescriptor.of(TYPE);
    ChannelDescriptor.pacing(null, MAX_ITEMS_PER_CALL, MAX_ITEMS_PER_CALL, 8, DEFAULT_MAX_IN_FLIGHT)
        .forEach(b::setting);
    return b.credential(ChannelField.text("consumerKey").length(1, 10_000).required())
        .credential(ChannelField.text("consumerSecret").length(1, 10_000).required())
        .credential(ChannelField.text("webhookSecret").length(1, 10_000))
        .externalId(
            ChannelField.text("externalId")
                .required()
                .shaped(
                    s -> Target.parse(s) != null,
                    "must be <productId> or <productId>/<variationId> (WooCommerce ids)"))
        .rule(WooCommerceConnector::basicAuthNeedsHttps)
        .build();
  }

  /** Basic auth over plain http only to this machine (WooCommerce itself refuses it elsewhere). */
  private static void basicAuthNeedsHttps(
      ChannelDescriptor.Proposed channel, List<FieldError> problems) {
    URI uri = URI.create(channel.baseUrl().strip());
    if ("http".equals(uri.getScheme()) && !ChannelDescriptor.isLoopback(uri.getHost())) {
      problems.add(
          new FieldError(
              "baseUrl",
              "must be https: the consumer key and secret go as HTTP Basic auth, readable on plain"
                  + " http (http is accepted only for a loopback host)"));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String root;
  private final String basic;
  private final AtomicInteger batchSize;
  private final int maxInFlight;
  private final TokenBucketPacer pacer;
  private final ConnectorContext context;

  private WooCommerceConnector(
      String root,
      String basic,
      int batchSize,
      int maxInFlight,
      TokenBucketPacer pacer,
      ConnectorContext context) {
    this.root = root;
    this.basic = basic;
    this.batchSize = new AtomicInteger(batchSize);
    this.maxInFlight = maxInFlight;
    this.pacer = pacer;
    this.context = context;
  }

  /**
   * The connector of a {@code woocommerce} channel: {@code baseUrl} the site root ({@code
   * https://shop.example}), {@code credentials.consumerKey} and {@code consumerSecret}; optional
   * settings {@code batchSize} (1–100), {@code maxInFlight} (1–8) and {@code maxRequestsPerSecond}
   * (with {@code burst}; no pacing without it).
   */
  public static WooCommerceConnector create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration config = DESCRIPTOR.configure(channel, credentials);
    String key = config.credential("consumerKey");
    String secret = config.credential("consumerSecret");
    return new WooCommerceConnector(
        config.baseUrl(),
        "Basic "
            + Base64.getEncoder()
                .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8)),
        (int) config.whole("batchSize"),
        (int) config.whole("maxInFlight"),
        config.pacer(),
        context);
  }

  /**
   * What a listing's {@code externalId} names: a product ({@code variationId} null) or a variation
   * of one.
   */
  record Target(long productId, Long variationId) {

    /** {@code "12"} or {@code "12/34"}; null when it is neither. */
    static Target parse(String externalId) {
      if (externalId == null || !externalId.matches("[1-9][0-9]{0,17}(/[1-9][0-9]{0,17})?")) {
        return null;
      }
      int slash = externalId.indexOf('/');
      return slash < 0
          ? new Target(Long.parseLong(externalId), null)
          : new Target(
              Long.parseLong(externalId.substring(0, slash)),
              Long.parseLong(externalId.substring(slash + 1)));
    }

    /** The route's parent: null for products, the product for variations. */
    Long route() {
      return variationId == null ? null : productId;
    }

    /** The {@code id} of the batch item. */
    long itemId() {
      return variationId == null ? productId : variationId;
    }
  }

  @Override
  public int batchSize() {
    return batchSize.get();
  }

  @Override
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public Duration delayBeforeNextCall(Instant now) {
    return pacer == null ? Duration.ZERO : pacer.delay(now);
  }

  @Override
  public double budgetInUse(Instant now) {
    return pacer == null ? Double.NaN : pacer.inUse(now); // no rate set: unpaced
  }

  /**
   * One batch call on one route ({@code uri} null: the pushes' external ids are not WooCommerce
   * ids, and the call is answered without a request).
   */
  record WooCommerceCall(List<PendingPush> pushes, URI uri, List<Long> itemIds) implements Call {

    @Override
    public long quantitySent(PendingPush push) {
      return Math.max(0, push.target());
    }
  }

  @Override
  public WooCommerceCall prepare(List<PendingPush> pushes, int retryRound) {
    int limit = batchSize.get();
    List<PendingPush> invalid = new ArrayList<>();
    for (PendingPush p : pushes) {
      if (Target.parse(p.externalId()) == null && invalid.size() < limit) {
        invalid.add(p);
      }
    }
    if (!invalid.isEmpty() && Target.parse(pushes.get(0).externalId()) == null) {
      return new WooCommerceCall(List.copyOf(invalid), null, List.of());
    }
    Target first = null;
    List<PendingPush> chosen = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (PendingPush p : pushes) {
      Target t = Target.parse(p.externalId());
      if (t == null || chosen.size() >= limit) {
        continue;
      }
      if (first == null) {
        first = t;
      }
      // One route a call, and one item once: a second listing of the same item waits.
      if (Objects.equals(t.route(), first.route()) && seen.add(t.itemId())) {
        chosen.add(p);
        ids.add(t.itemId());
      }
    }
    if (first == null) {
      return new WooCommerceCall(List.copyOf(invalid), null, List.of());
    }
    String path =
        first.route() == null
            ? API_ROOT + "/products/batch"
            : API_ROOT + "/products/" + first.route() + "/variations/batch";
    return new WooCommerceCall(List.copyOf(chosen), URI.create(root + path), List.copyOf(ids));
  }

  @Override
  public CompletableFuture<CallOutcome> send(Call call) {
    WooCommerceCall c = (WooCommerceCall) call;
    if (c.uri() == null) {
      List<ItemResult> results = new ArrayList<>();
      for (PendingPush p : c.pushes()) {
        results.add(
            new Rejected(
                AttemptStatus.REJECTED,
                "INVALID_EXTERNAL_ID",
                "externalId must be <productId> or <productId>/<variationId>"));
      }
      return CompletableFuture.completedFuture(new CallOutcome.Answered(200, results));
    }
    return sendPart(c, 0, c.pushes().size()).exceptionally(HttpAnswers::noAnswer);
  }

  /** Sends items [from, to) of the call; on 413, in smaller parts. */
  private CompletableFuture<CallOutcome> sendPart(WooCommerceCall call, int from, int to) {
    if (pacer != null) {
      pacer.take(context.clock().instant());
    }
    HttpRequest request =
        HttpRequest.newBuilder(call.uri())
            .timeout(context.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", basic)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body(call, from, to)))
            .build();
    return context
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenCompose(
            response -> {
              if (response.statusCode() == 413 && to - from > 1) {
                int half = (to - from + 1) / 2;
                batchSize.accumulateAndGet(half, Math::min);
                return sendInParts(call, from, to, half);
              }
              return CompletableFuture.completedFuture(read(call, from, to, response));
            });
  }

  /** Sends [from, to) in parts of {@code size}, one after the other, and joins their answers. */
  private CompletableFuture<CallOutcome> sendInParts(
      WooCommerceCall call, int from, int to, int size) {
    CompletableFuture<List<CallOutcome>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (int start = from; start < to; start += size) {
      int s = start;
      int e = Math.min(to, start + size);
      all = all.thenCompose(done -> sendPart(call, s, e).thenApply(o -> append(done, o)));
    }
    return all.thenApply(WooCommerceConnector::join);
  }

  private static List<CallOutcome> append(List<CallOutcome> done, CallOutcome outcome) {
    done.add(outcome);
    return done;
  }

  /**
   * The parts' outcomes as one: every part answered → their items in order; otherwise the first
   * part that was not answered speaks for the call (an answered part's items are absolute
   * quantities, so sending them again is harmless).
   */
  private static CallOutcome join(List<CallOutcome> parts) {
    List<ItemResult> items = new ArrayList<>();
    int status = 200;
    for (CallOutcome o : parts) {
      if (!(o instanceof CallOutcome.Answered a)) {
        return o;
      }
      status = a.httpStatus();
      items.addAll(a.items());
    }
    return new CallOutcome.Answered(status, items);
  }

  private static byte[] body(WooCommerceCall call, int from, int to) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode update = body.putArray("update");
    for (int i = from; i < to; i++) {
      ObjectNode item = update.addObject();
      item.put("id", call.itemIds().get(i));
      // Never manage_stock: how an item manages its stock is the seller's choice (a variation may
      // be managed by its parent product). WooCommerce takes stock_quantity only for an item that
      // manages its own; the answer says which do not (see item()).
      item.put("stock_quantity", Math.max(0, call.pushes().get(i).target()));
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private CallOutcome read(WooCommerceCall call, int from, int to, HttpResponse<String> response) {
    Instant now = context.clock().instant();
    int status = response.statusCode();
    Duration retryAfter = HttpAnswers.retryAfter(response, now);
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.THROTTLED) {
      return new CallOutcome.Throttled(
          status, retryAfter == null ? DEFAULT_THROTTLE_WAIT : retryAfter, "HTTP 429");
    }
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.TRANSIENT) {
      return new CallOutcome.Unavailable(
          status, retryAfter, "HTTP " + status + ": " + HttpAnswers.quote(response.body()), true);
    }
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.REFUSED) {
      // 401 (keys), 403, 404 (no such route: not a WooCommerce site, or no REST API), 400, and a
      // 413 for a single item: nothing was applied, and the same request will not do better.
      return new CallOutcome.Refused(
          status, "HTTP " + status + ": " + HttpAnswers.quote(response.body()));
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body() == null ? "" : response.body());
    } catch (IOException e) {
      answer = null;
    }
    JsonNode updated = answer == null ? null : answer.get("update");
    if (updated == null || !updated.isArray()) {
      return new CallOutcome.Refused(
          status, "no update list in the answer: " + HttpAnswers.quote(response.body()));
    }
    Map<Long, JsonNode> byId = new HashMap<>();
    for (JsonNode item : updated) {
      if (item.path("id").canConvertToLong()) {
        byId.putIfAbsent(item.path("id").asLong(), item);
      }
    }
    List<ItemResult> results = new ArrayList<>();
    for (int i = from; i < to; i++) {
      long id = call.itemIds().get(i);
      JsonNode item = byId.get(id);
      if (item == null && i - from < updated.size()) {
        item = updated.get(i - from); // WooCommerce answers in request order
      }
      results.add(item(call.pushes().get(i), item));
    }
    return new CallOutcome.Answered(status, results);
  }

  private static ItemResult item(PendingPush push, JsonNode item) {
    if (item == null) {
      return new Rejected(AttemptStatus.REJECTED, "NO_RESULT", "the answer lists no such item");
    }
    JsonNode error = item.get("error");
    if (error != null && error.isObject()) {
      return new Rejected(
          AttemptStatus.REJECTED,
          error.path("code").asText("error"),
          HttpAnswers.quote(
              error.path("message").asText("")
                  + " (HTTP "
                  + error.path("data").path("status").asText("?")
                  + ")"));
    }
    JsonNode manage = item.get("manage_stock");
    if (manage != null && manage.isTextual() && manage.asText().equals("parent")) {
      String parent = item.path("parent_id").asText("");
      return new Rejected(
          AttemptStatus.REJECTED,
          MANAGED_BY_PARENT,
          "variation "
              + item.path("id").asText("?")
              + " has its stock managed by its parent product"
              + (parent.isEmpty() ? "" : " " + parent)
              + ": list the parent product's id"
              + (parent.isEmpty() ? "" : " (" + parent + ")")
              + " as the externalId instead; StockSync never changes how an item manages its"
              + " stock");
    }
    if (manage != null && manage.isBoolean() && !manage.booleanValue()) {
      return new Rejected(
          AttemptStatus.REJECTED,
          STOCK_NOT_MANAGED,
          "item "
              + item.path("id").asText("?")
              + " does not manage its stock, so WooCommerce keeps no quantity for it: turn on"
              + " \"Manage stock\" for it in WooCommerce (StockSync never changes that setting)");
    }
    JsonNode quantity = item.get("stock_quantity");
    if (quantity != null && quantity.canConvertToLong() && quantity.isNumber()) {
      return new Applied(quantity.asLong());
    }
    return new Applied(Math.max(0, push.target()));
  }
}
