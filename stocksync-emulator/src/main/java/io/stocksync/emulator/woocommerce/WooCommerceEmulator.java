package io.stocksync.emulator.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.RequestJournal;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.storefront.Storefront;
import io.stocksync.emulator.storefront.WebhookDispatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The WooCommerce REST API v3 as far as inventory sync needs it, under {@code /woocommerce}:
 *
 * <ul>
 *   <li>{@code POST /woocommerce/wp-json/wc/v3/products/batch} and
 *   <li>{@code POST /woocommerce/wp-json/wc/v3/products/{productId}/variations/batch},
 * </ul>
 *
 * <p>each with up to 100 items in {@code create}, {@code update} and {@code delete} together (more
 * answers 413 {@code woocommerce_rest_request_entity_too_large}); {@code update} items set {@code
 * manage_stock} and {@code stock_quantity}. The answer lists, per item, the product (or variation)
 * or an {@code error} object that fails that item alone. {@code GET
 * /woocommerce/wp-json/wc/v3/products} and {@code GET …/products/{productId}/variations} list them
 * ({@code include}, {@code per_page} 1–100, default 10, {@code page}), with the {@code X-WP-Total}
 * and {@code X-WP-TotalPages} headers. Authentication is HTTP Basic with the consumer key and
 * secret (or the {@code consumer_key}/{@code consumer_secret} query parameters).
 *
 * <p>Quantities are keyed {@code <productId>} or {@code <productId>/<variationId>}. WooCommerce has
 * no rate limit of its own on this API; the {@code always} throttling fault answers 429.
 *
 * <p>Thread-safe.
 */
public final class WooCommerceEmulator implements MarketplaceEmulator {

  /** The path prefix and control-endpoint name. */
  public static final String NAME = "woocommerce";

  /** The REST namespace below the prefix. */
  public static final String API_ROOT = "/wp-json/wc/v3";

  /** The consumer key accepted unless the options say otherwise. */
  public static final String DEFAULT_CONSUMER_KEY = "ck_stocksync_emulator";

  /** The consumer secret accepted unless the options say otherwise. */
  public static final String DEFAULT_CONSUMER_SECRET = "cs_stocksync_emulator";

  /**
   * WooCommerce's default batch limit: {@code WC_REST_Controller::check_batch_limit} allows 100
   * items (create + update + delete), adjustable with the {@code
   * woocommerce_rest_batch_items_limit} filter.
   */
  public static final int DEFAULT_BATCH_LIMIT = 100;

  private static final String PRODUCTS = "/" + NAME + API_ROOT + "/products";

  /**
   * How the emulated store is set up.
   *
   * @param consumerKey the REST API consumer key ({@code ck_…})
   * @param consumerSecret its secret ({@code cs_…})
   * @param batchLimit the most items a batch may hold (the store's {@code
   *     woocommerce_rest_batch_items_limit})
   */
  public record Options(String consumerKey, String consumerSecret, int batchLimit) {

    /** Checks the parts. */
    public Options {
      Objects.requireNonNull(consumerKey, "consumerKey");
      Objects.requireNonNull(consumerSecret, "consumerSecret");
      if (batchLimit < 1) {
        throw new IllegalArgumentException("batchLimit must be at least 1");
      }
    }

    /** The default keys and WooCommerce's default limit of 100. */
    public static Options defaults() {
      return new Options(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, DEFAULT_BATCH_LIMIT);
    }

    /** The same options with other REST API keys. */
    public Options withKeys(String key, String secret) {
      return new Options(key, secret, batchLimit);
    }
  }

  private final Options options;
  private final Faults faults;
  private final RequestJournal journal;
  private final WooCommerceStock stock;
  private final Storefront storefront;
  private final WooCommerceOrders orders;
  private final WebhookDispatcher dispatcher;
  private final WooCommerceWebhooks webhooks;

  /** A store with these options, on {@code clock} (modification dates, faults). */
  public WooCommerceEmulator(Options options, Clock clock) {
    this.options = options;
    this.faults = new Faults(clock);
    this.journal = new RequestJournal(clock, Set.of());
    this.stock = new WooCommerceStock(clock, faults);
    this.storefront =
        new Storefront(
            clock, stock.heldStock(), new Storefront.Ids(Long::toString, n -> Long.toString(n)));
    this.orders = new WooCommerceOrders(storefront);
    this.dispatcher = new WebhookDispatcher(NAME, faults.webhooks());
    this.webhooks = new WooCommerceWebhooks(clock, dispatcher);
    storefront.listen(webhooks::changed);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerRoutes(Routes routes) {
    routes.add("POST", API_ROOT + "/products/*", this::batch);
    routes.add("GET", API_ROOT + "/products", r -> viewing(r, "list", this::listProducts));
    routes.add("GET", API_ROOT + "/products/*", r -> viewing(r, "list", this::listProducts));
    routes.add("GET", API_ROOT + "/orders", r -> viewing(r, "list", orders::list));
    routes.add("GET", API_ROOT + "/webhooks", r -> viewing(r, "list", q -> webhooks.list()));
    routes.add("POST", API_ROOT + "/webhooks", r -> viewing(r, "create", webhooks::create));
    routes.add(
        "DELETE",
        API_ROOT + "/webhooks/{id}",
        r -> viewing(r, "delete", q -> webhooks.delete(q, lastSegment(q))));
  }

  /**
   * Authenticates a request of the orders or webhooks API (anonymous: {@code
   * woocommerce_rest_cannot_<what>}, as WooCommerce's permission checks answer), applies the forced
   * throttling, then runs it.
   */
  private EmulatorResponse viewing(
      EmulatorRequest request, String what, MarketplaceEmulator.Handler handler) {
    String message =
        switch (what) {
          case "create" -> "Sorry, you are not allowed to create resources.";
          case "delete" -> "Sorry, you are not allowed to delete this resource.";
          default -> "Sorry, you cannot list resources.";
        };
    Optional<EmulatorResponse> refusal =
        authenticate(
            request, "woocommerce_rest_cannot_" + (what.equals("list") ? "view" : what), message);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    if (faults.throttling() == Throttling.ALWAYS) {
      return error(faults.throttledStatus(429), "rest_too_many_requests", "Too many requests.")
          .withHeader("Retry-After", "1");
    }
    return handler.handle(request);
  }

  /** The list of products or of one product's variations (a read of their stock). */
  private EmulatorResponse listProducts(EmulatorRequest request) {
    Long parentId;
    if (request.path().equals(PRODUCTS)) {
      parentId = null;
    } else {
      List<String> segments = request.segmentsAfter(PRODUCTS).orElse(List.of());
      if (segments.size() != 2
          || !segments.get(1).equals("variations")
          || !segments.get(0).matches("[1-9][0-9]{0,17}")) {
        return error(
            404, "rest_no_route", "No route was found matching the URL and request method.");
      }
      parentId = Long.parseLong(segments.get(0));
    }
    Map<String, List<String>> query = request.queryParams();
    int perPage;
    int page;
    try {
      perPage = whole(query, "per_page", 10);
      page = whole(query, "page", 1);
    } catch (NumberFormatException e) {
      return invalidParam("per_page", "per_page is not of type integer.");
    }
    if (perPage < 1 || perPage > 100) {
      return invalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
    }
    if (page < 1) {
      return invalidParam("page", "page must be greater than or equal to 1");
    }
    List<Long> include = new ArrayList<>();
    List<String> given = new ArrayList<>();
    given.addAll(query.getOrDefault("include", List.of()));
    given.addAll(query.getOrDefault("include[]", List.of()));
    for (String list : given) {
      for (String id : list.split(",")) {
        if (id.isBlank()) {
          continue;
        }
        if (!id.trim().matches("[0-9]{1,18}")) {
          return invalidParam("include", "include[0] is not of type integer.");
        }
        include.add(Long.parseLong(id.trim()));
      }
    }
    List<Map<String, Object>> all = stock.list(parentId, include);
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    int pages = (all.size() + perPage - 1) / perPage;
    return EmulatorResponse.json(200, all.subList(from, to))
        .withHeader("X-WP-Total", Integer.toString(all.size()))
        .withHeader("X-WP-TotalPages", Integer.toString(pages));
  }

  private static int whole(Map<String, List<String>> query, String name, int otherwise) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? otherwise : Integer.parseInt(values.get(0).trim());
  }

  private static EmulatorResponse invalidParam(String name, String why) {
    return error(400, "rest_invalid_param", "Invalid parameter(s): " + name, Map.of(name, why));
  }

  private static String lastSegment(EmulatorRequest request) {
    String path = request.path();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private EmulatorResponse batch(EmulatorRequest request) {
    List<String> segments = request.segmentsAfter(PRODUCTS).orElse(List.of());
    Long parentId;
    if (segments.equals(List.of("batch"))) {
      parentId = null;
    } else if (segments.size() == 3
        && segments.get(1).equals("variations")
        && segments.get(2).equals("batch")
        && segments.get(0).matches("[1-9][0-9]{0,17}")) {
      parentId = Long.parseLong(segments.get(0));
    } else {
      return error(404, "rest_no_route", "No route was found matching the URL and request method.");
    }
    Optional<EmulatorResponse> refusal = authenticate(request);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    if (faults.throttling() == Throttling.ALWAYS) {
      return error(faults.throttledStatus(429), "rest_too_many_requests", "Too many requests.")
          .withHeader("Retry-After", "1");
    }
    JsonNode body;
    try {
      body = request.json();
    } catch (IllegalArgumentException e) {
      return error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }
    if (!body.isObject()) {
      return error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }
    int total = 0;
    for (String operation : List.of("create", "update", "delete")) {
      JsonNode items = body.get(operation);
      if (items == null || items.isNull()) {
        continue;
      }
      if (!items.isArray()) {
        return error(
            400,
            "rest_invalid_param",
            "Invalid parameter(s): " + operation,
            Map.of(operation, operation + " is not of type array."));
      }
      total += items.size();
    }
    if (total > options.batchLimit()) {
      return error(
          413,
          "woocommerce_rest_request_entity_too_large",
          "Unable to accept more than " + options.batchLimit() + " items for this request.");
    }
    return EmulatorResponse.json(200, stock.batch(parentId, body));
  }

  /**
   * WooCommerce's checks of the REST API keys: an unknown key or a wrong secret answers {@code
   * woocommerce_rest_authentication_error}; no credentials leaves the request anonymous, which the
   * batch permission check refuses with {@code woocommerce_rest_cannot_batch}.
   */
  private Optional<EmulatorResponse> authenticate(EmulatorRequest request) {
    return authenticate(
        request,
        "woocommerce_rest_cannot_batch",
        "Sorry, you are not allowed to batch manipulate this resource.");
  }

  private Optional<EmulatorResponse> authenticate(
      EmulatorRequest request, String anonymousCode, String anonymousMessage) {
    Optional<Map.Entry<String, String>> basic = request.basicCredentials();
    String key =
        basic.map(Map.Entry::getKey).orElse(request.queryParam("consumer_key").orElse(null));
    String secret =
        basic.map(Map.Entry::getValue).orElse(request.queryParam("consumer_secret").orElse(null));
    if (key == null || secret == null) {
      return Optional.of(error(401, anonymousCode, anonymousMessage));
    }
    if (!options.consumerKey().equals(key)) {
      return Optional.of(
          error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid."));
    }
    if (!options.consumerSecret().equals(secret)) {
      return Optional.of(
          error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid."));
    }
    return Optional.empty();
  }

  /** A WordPress REST error: {@code {"code","message","data":{"status"}}}. */
  static EmulatorResponse error(int status, String code, String message) {
    return error(status, code, message, null);
  }

  private static EmulatorResponse error(
      int status, String code, String message, Map<String, String> params) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", status);
    if (params != null) {
      data.put("params", params);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    body.put("data", data);
    return EmulatorResponse.json(status, body);
  }

  @Override
  public Map<String, Long> quantities() {
    return stock.quantities();
  }

  @Override
  public void seedQuantities(Map<String, Long> quantities) {
    stock.seed(quantities);
  }

  /**
   * Sets how an item manages its stock, as a seller does in WooCommerce: {@code "true"}, {@code
   * "false"}, or {@code "parent"} for a variation whose parent product manages it.
   */
  public void manageStock(String key, String how) {
    stock.manageStock(key, how);
  }

  @Override
  public Optional<Storefront> storefront() {
    return Optional.of(storefront);
  }

  @Override
  public Optional<WebhookDispatcher> webhooks() {
    return Optional.of(dispatcher);
  }

  /** The subscription's signing secret (given in its POST, or generated), if it exists. */
  public Optional<String> webhookSecret(long webhookId) {
    return webhooks.secret(webhookId);
  }

  @Override
  public Map<String, String> credentials() {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("consumerKey", options.consumerKey());
    credentials.put("consumerSecret", options.consumerSecret());
    credentials.put(
        "webhookSecret", "each webhook's own secret, as given in POST /wp-json/wc/v3/webhooks");
    return credentials;
  }

  @Override
  public RequestJournal requests() {
    return journal;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  /** A WordPress REST error with code {@code stocksync_emulator_fault}. */
  @Override
  public EmulatorResponse errorResponse(int status) {
    return error(status, "stocksync_emulator_fault", EmulatorResponse.reasonPhrase(status));
  }

  @Override
  public void reset() {
    stock.clear();
    storefront.clear();
    webhooks.clear();
    dispatcher.clear();
    journal.clear();
    faults.clear();
  }
}
