package io.stocksync.emulator.amazon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.emulator.AccessTokens;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.RequestJournal;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.TokenBucket;
import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.emulator.storefront.Storefront;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Amazon's Selling Partner API as far as inventory sync needs it, under {@code /amazon}:
 *
 * <ul>
 *   <li>Login with Amazon: {@code POST /amazon/auth/o2/token} ({@code grant_type=refresh_token})
 *       issues access tokens that live one hour;
 *   <li>Listings Items 2021-08-01: {@code PATCH
 *       /amazon/listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=…} sets the
 *       seller-fulfilled quantity through {@code /attributes/fulfillment_availability}, and {@code
 *       GET …/items/{sellerId}/{sku}?marketplaceIds=…&includedData=fulfillmentAvailability}
 *       (getListingsItem) reads it back;
 *   <li>Feeds 2021-06-30 for {@code JSON_LISTINGS_FEED}: createFeedDocument, the pre-signed upload
 *       ({@code PUT /amazon/uploads/{id}}), createFeed, getFeed, cancelFeed, getFeedDocument and
 *       the report download ({@code GET /amazon/downloads/{id}}).
 * </ul>
 *
 * <p>Every Selling Partner API call needs a valid {@code x-amz-access-token} (else 403 {@code
 * Unauthorized}) and is held to its operation's usage plan, a token bucket per account and
 * operation on the emulator's clock (else 429 {@code QuotaExceeded}, no {@code Retry-After}).
 * Quantities are keyed {@code <sellerId>/<sku>}.
 *
 * <p>Thread-safe.
 */
public final class AmazonEmulator implements MarketplaceEmulator {

  /** The path prefix and control-endpoint name. */
  public static final String NAME = "amazon";

  /** The header every Selling Partner API call carries its LWA access token in. */
  public static final String ACCESS_TOKEN_HEADER = "x-amz-access-token";

  /**
   * The Login with Amazon token endpoint below the prefix (Amazon's is
   * api.amazon.com/auth/o2/token).
   */
  public static final String TOKEN_PATH = "/auth/o2/token";

  /** The LWA client id accepted unless the options say otherwise. */
  public static final String DEFAULT_CLIENT_ID = "amzn1.application-oa2-client.stocksync-emulator";

  /** The LWA client secret accepted unless the options say otherwise. */
  public static final String DEFAULT_CLIENT_SECRET = "stocksync-emulator-secret";

  /** The refresh token accepted unless the options say otherwise. */
  public static final String DEFAULT_REFRESH_TOKEN = "Atzr|stocksync-emulator";

  /** LWA access tokens live one hour ({@code expires_in: 3600}). */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private static final String LISTINGS = "/" + NAME + "/listings/2021-08-01/items";
  private static final String FEEDS = "/" + NAME + "/feeds/2021-06-30/feeds";
  private static final String DOCUMENTS = "/" + NAME + "/feeds/2021-06-30/documents";
  private static final String UPLOADS = "/" + NAME + "/uploads";
  private static final String DOWNLOADS = "/" + NAME + "/downloads";
  private static final String INVALID_INPUT_MESSAGE =
      "Request has missing or invalid parameters and cannot be parsed.";

  /**
   * How the emulated Amazon is set up.
   *
   * @param clientId the LWA client id the token endpoint accepts
   * @param clientSecret the LWA client secret the token endpoint accepts
   * @param refreshTokens the refresh tokens it accepts; each is one selling-partner account
   * @param feedQueueTime how long a feed stays {@code IN_QUEUE}
   * @param feedProcessingTime how long it then stays {@code IN_PROGRESS} before {@code DONE}
   * @param feedSubmissionsPerWindow {@code JSON_LISTINGS_FEED} submissions allowed per window
   * @param feedSubmissionWindow the window of that limit
   */
  public record Options(
      String clientId,
      String clientSecret,
      Set<String> refreshTokens,
      Duration feedQueueTime,
      Duration feedProcessingTime,
      int feedSubmissionsPerWindow,
      Duration feedSubmissionWindow) {

    /** Checks and freezes the parts. */
    public Options {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      refreshTokens = Set.copyOf(refreshTokens);
      if (feedQueueTime.isNegative() || feedProcessingTime.isNegative()) {
        throw new IllegalArgumentException("feed delays must not be negative");
      }
      if (feedSubmissionsPerWindow < 1
          || feedSubmissionWindow.isNegative()
          || feedSubmissionWindow.isZero()) {
        throw new IllegalArgumentException("the feed submission limit must be positive");
      }
    }

    /**
     * The default credentials; feeds queued 2 s and processed 3 s (real feeds take minutes: this
     * only makes clients poll); 5 {@code JSON_LISTINGS_FEED} submissions per 5 minutes.
     */
    public static Options defaults() {
      return new Options(
          DEFAULT_CLIENT_ID,
          DEFAULT_CLIENT_SECRET,
          Set.of(DEFAULT_REFRESH_TOKEN),
          Duration.ofSeconds(2),
          Duration.ofSeconds(3),
          5,
          Duration.ofMinutes(5));
    }

    /** The same options with other LWA client credentials. */
    public Options withClient(String id, String secret) {
      return new Options(
          id,
          secret,
          refreshTokens,
          feedQueueTime,
          feedProcessingTime,
          feedSubmissionsPerWindow,
          feedSubmissionWindow);
    }

    /** The same options accepting these refresh tokens (accounts) instead. */
    public Options withRefreshTokens(Set<String> tokens) {
      return new Options(
          clientId,
          clientSecret,
          tokens,
          feedQueueTime,
          feedProcessingTime,
          feedSubmissionsPerWindow,
          feedSubmissionWindow);
    }

    /** The same options with other feed processing delays. */
    public Options withFeedDelays(Duration queue, Duration processing) {
      return new Options(
          clientId,
          clientSecret,
          refreshTokens,
          queue,
          processing,
          feedSubmissionsPerWindow,
          feedSubmissionWindow);
    }
  }

  /** An authenticated Selling Partner API call. */
  private record Call(EmulatorRequest request, String account) {}

  private final Options options;
  private final Clock clock;
  private final Faults faults;
  private final RequestJournal journal;
  private final AccessTokens tokens;
  private final AmazonListings listings;
  private final HeldLog heldLog;
  private final ListingsFeeds feeds;
  private final FeedSubmissionLimit feedLimit;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Storefront storefront;
  private final AmazonOrders orders;
  private final LoginWithAmazon login;
  private final PresignedTransfers transfers;

  /** An Amazon with these options, on {@code clock} (tokens, usage plans, feeds, faults). */
  public AmazonEmulator(Options options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.faults = new Faults(clock);
    this.journal = new RequestJournal(clock, Set.of(ACCESS_TOKEN_HEADER));
    this.tokens = new AccessTokens(clock, faults, TOKEN_LIFETIME, "Atza|");
    this.heldLog = new HeldLog(clock);
    this.listings = new AmazonListings(faults, heldLog);
    this.feeds =
        new ListingsFeeds(clock, listings, options.feedQueueTime(), options.feedProcessingTime());
    this.feedLimit =
        new FeedSubmissionLimit(
            clock, options.feedSubmissionsPerWindow(), options.feedSubmissionWindow());
    this.storefront = new Storefront(clock, listings.heldStock(feeds::advance), AmazonOrders.ids());
    this.orders = new AmazonOrders(clock, storefront);
    this.login = new LoginWithAmazon(options, tokens);
    this.transfers = new PresignedTransfers(feeds, UPLOADS, DOWNLOADS);
  }

  @Override
  public Optional<HeldLog> heldLog() {
    return Optional.of(heldLog);
  }

  @Override
  public Optional<Storefront> storefront() {
    return Optional.of(storefront);
  }

  @Override
  public Map<String, String> credentials() {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("clientId", options.clientId());
    credentials.put("clientSecret", options.clientSecret());
    credentials.put(
        "refreshTokens", String.join(", ", new java.util.TreeSet<>(options.refreshTokens())));
    return credentials;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerRoutes(Routes routes) {
    routes.add("POST", TOKEN_PATH, login::token);
    routes.add("PATCH", "/listings/2021-08-01/items/*", this::patchListingsItem);
    routes.add(
        "GET",
        "/listings/2021-08-01/items/*",
        request -> spApi(request, SpApiOperation.GET_LISTINGS_ITEM, this::getListingsItem));
    routes.add("POST", "/feeds/2021-06-30/documents", this::createFeedDocument);
    routes.add("GET", "/feeds/2021-06-30/documents/*", this::getFeedDocument);
    routes.add("POST", "/feeds/2021-06-30/feeds", this::createFeed);
    routes.add("GET", "/feeds/2021-06-30/feeds/*", this::getFeed);
    routes.add("DELETE", "/feeds/2021-06-30/feeds/*", this::cancelFeed);
    routes.add("PUT", "/uploads/*", transfers::upload);
    routes.add("GET", "/downloads/*", transfers::download);
    routes.add(
        "GET",
        "/orders/v0/orders",
        request ->
            spApi(request, SpApiOperation.GET_ORDERS, call -> orders.getOrders(call.request())));
    routes.add(
        "GET",
        "/orders/v0/orders/{orderId}/orderItems",
        request ->
            spApi(
                request,
                SpApiOperation.GET_ORDER_ITEMS,
                call -> orders.getOrderItems(orderIdOf(call.request()))));
  }

  private static String orderIdOf(EmulatorRequest request) {
    List<String> segments =
        request.segmentsAfter("/" + NAME + "/orders/v0/orders").orElse(List.of(""));
    return segments.get(0);
  }

  // ---------------------------------------------------------------- Listings Items

  private EmulatorResponse patchListingsItem(EmulatorRequest request) {
    return spApi(request, SpApiOperation.PATCH_LISTINGS_ITEM, this::patch);
  }

  private EmulatorResponse patch(Call call) {
    EmulatorRequest request = call.request();
    List<String> segments = request.segmentsAfter(LISTINGS).orElse(List.of());
    if (segments.size() != 2 || segments.get(0).isEmpty() || segments.get(1).isEmpty()) {
      return invalidInput("the path must be /listings/2021-08-01/items/{sellerId}/{sku}");
    }
    String sellerId = segments.get(0);
    String sku = segments.get(1);
    String marketplaceIds = request.queryParam("marketplaceIds").orElse("");
    if (marketplaceIds.isBlank()) {
      return invalidInput("marketplaceIds is required");
    }
    Optional<String> mode = request.queryParam("mode");
    if (mode.isPresent() && !"VALIDATION_PREVIEW".equals(mode.get())) {
      return invalidInput("mode must be VALIDATION_PREVIEW");
    }
    JsonNode body;
    try {
      body = request.json();
    } catch (IllegalArgumentException e) {
      return invalidInput(e.getMessage());
    }
    if (!body.isObject() || !body.path("productType").isTextual()) {
      return invalidInput("productType is required");
    }
    String problem = FulfillmentAvailability.patchesProblem(body.get("patches"));
    if (problem != null) {
      return invalidInput(problem);
    }
    boolean preview = mode.isPresent();
    feeds.advance();
    AmazonListings.Verdict verdict =
        listings.submit(
            sellerId, sku, FulfillmentAvailability.ofPatches(body.get("patches")), preview);
    List<Map<String, Object>> issues = new ArrayList<>();
    verdict.issues().forEach(issue -> issues.add(issue.forSubmission()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("sku", sku);
    answer.put("status", !verdict.accepted() ? "INVALID" : preview ? "VALID" : "ACCEPTED");
    answer.put("submissionId", UUID.randomUUID().toString());
    answer.put("issues", issues);
    return EmulatorResponse.json(200, answer);
  }

  /**
   * getListingsItem: the item's {@code sku} and, when {@code includedData} names it, its {@code
   * fulfillmentAvailability} (the {@code DEFAULT} entry, camel-cased as the Item model has it) and
   * its {@code issues} (none), and {@code summaries} (the default; see {@link ListingsItemReads}).
   * Other {@code includedData} sets are not emulated and add nothing. A marketplace id Amazon does
   * not have answers 400 {@code InvalidInput} naming it. An unknown listing answers 404 {@code
   * NOT_FOUND}, unless unknown listings are created, when it reads as 0 (and is not created).
   */
  private EmulatorResponse getListingsItem(Call call) {
    EmulatorRequest request = call.request();
    List<String> segments = request.segmentsAfter(LISTINGS).orElse(List.of());
    if (segments.size() != 2 || segments.get(0).isEmpty() || segments.get(1).isEmpty()) {
      return invalidInput("the path must be /listings/2021-08-01/items/{sellerId}/{sku}");
    }
    String sellerId = segments.get(0);
    String sku = segments.get(1);
    String marketplaceIds = request.queryParam("marketplaceIds").orElse("");
    if (marketplaceIds.isBlank()) {
      return invalidInput("marketplaceIds is required");
    }
    String unknownMarketplace = ListingsItemReads.unknownMarketplace(marketplaceIds);
    if (unknownMarketplace != null) {
      return invalidInput(
          "Invalid marketplaceIds: '" + unknownMarketplace + "' is not a marketplace identifier.");
    }
    List<String> included =
        List.of(request.queryParam("includedData").orElse("summaries").split(",", -1));
    for (String data : included) {
      if (!INCLUDED_DATA.contains(data)) {
        return invalidInput("includedData '" + data + "' is not one of " + INCLUDED_DATA);
      }
    }
    Long quantity = listings.quantity(sellerId, sku);
    if (quantity == null && !faults.createUnknown()) {
      return spApiError(
          404,
          "NOT_FOUND",
          "SKU '" + sku + "' not found in marketplace " + marketplaceIds.split(",")[0],
          "");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("sku", sku);
    if (included.contains("summaries")) {
      answer.put(
          "summaries",
          ListingsItemReads.summaries(
              sku, marketplaceIds, quantity == null ? 0 : quantity, clock.instant()));
    }
    if (included.contains("issues")) {
      answer.put("issues", List.of());
    }
    if (included.contains("fulfillmentAvailability")) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("fulfillmentChannelCode", FulfillmentAvailability.DEFAULT_CHANNEL);
      entry.put("quantity", quantity == null ? 0 : quantity);
      answer.put("fulfillmentAvailability", List.of(entry));
    }
    return EmulatorResponse.json(200, answer);
  }

  /** The {@code includedData} values of getListingsItem (its parameter's enum). */
  private static final Set<String> INCLUDED_DATA =
      Set.of(
          "summaries",
          "attributes",
          "issues",
          "offers",
          "fulfillmentAvailability",
          "procurement",
          "relationships",
          "productTypes");

  // ---------------------------------------------------------------- Feeds

  private EmulatorResponse createFeedDocument(EmulatorRequest request) {
    return spApi(
        request,
        SpApiOperation.CREATE_FEED_DOCUMENT,
        call -> {
          JsonNode body;
          try {
            body = call.request().json();
          } catch (IllegalArgumentException e) {
            return invalidInput(e.getMessage());
          }
          JsonNode contentType = body.get("contentType");
          if (!body.isObject() || contentType == null || !contentType.isTextual()) {
            return invalidInput("contentType is required");
          }
          ListingsFeeds.Document document =
              feeds.createDocument(call.account(), contentType.textValue());
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("feedDocumentId", document.id);
          answer.put("url", selfUrl(call.request(), UPLOADS, document.id));
          return EmulatorResponse.json(201, answer);
        });
  }

  private EmulatorResponse createFeed(EmulatorRequest request) {
    return spApi(request, SpApiOperation.CREATE_FEED, this::createFeed);
  }

  private EmulatorResponse createFeed(Call call) {
    JsonNode body;
    try {
      body = call.request().json();
    } catch (IllegalArgumentException e) {
      return invalidInput(e.getMessage());
    }
    JsonNode feedType = body.get("feedType");
    JsonNode marketplaceIds = body.get("marketplaceIds");
    JsonNode inputId = body.get("inputFeedDocumentId");
    JsonNode feedOptions = body.get("feedOptions");
    if (!body.isObject()
        || feedType == null
        || !feedType.isTextual()
        || inputId == null
        || !inputId.isTextual()) {
      return invalidInput("feedType, marketplaceIds and inputFeedDocumentId are required");
    }
    if (marketplaceIds == null
        || !marketplaceIds.isArray()
        || marketplaceIds.isEmpty()
        || marketplaceIds.size() > 25) {
      return invalidInput("marketplaceIds must hold 1 to 25 marketplace ids");
    }
    List<String> marketplaces = new ArrayList<>();
    for (JsonNode id : marketplaceIds) {
      if (!id.isTextual()) {
        return invalidInput("marketplaceIds must be strings");
      }
      marketplaces.add(id.textValue());
    }
    if (feedOptions != null && !feedOptions.isObject()) {
      return invalidInput("feedOptions must be an object of strings");
    }
    if (!ListingsFeeds.FEED_TYPE.equals(feedType.textValue())) {
      return invalidInput("the emulator processes only " + ListingsFeeds.FEED_TYPE + " feeds");
    }
    if (faults.throttling() != Throttling.OFF && !feedLimit.tryAccept(call.account())) {
      return quotaExceeded();
    }
    String feedId;
    try {
      feedId =
          feeds.createFeed(call.account(), feedType.textValue(), marketplaces, inputId.textValue());
    } catch (IllegalArgumentException e) {
      return invalidInput(e.getMessage());
    }
    return EmulatorResponse.json(202, Map.of("feedId", feedId));
  }

  private EmulatorResponse getFeed(EmulatorRequest request) {
    return spApi(
        request,
        SpApiOperation.GET_FEED,
        call ->
            lastSegment(call.request(), FEEDS)
                .flatMap(id -> feeds.feed(call.account(), id))
                .map(feed -> EmulatorResponse.json(200, feed))
                .orElseGet(() -> notFound("feed")));
  }

  private EmulatorResponse cancelFeed(EmulatorRequest request) {
    return spApi(
        request,
        SpApiOperation.CANCEL_FEED,
        call -> {
          Optional<String> id = lastSegment(call.request(), FEEDS);
          if (id.isEmpty() || feeds.feed(call.account(), id.get()).isEmpty()) {
            return notFound("feed");
          }
          if (!feeds.cancel(call.account(), id.get())) {
            return invalidInput("only a feed that is IN_QUEUE can be cancelled");
          }
          return EmulatorResponse.empty(200);
        });
  }

  private EmulatorResponse getFeedDocument(EmulatorRequest request) {
    return spApi(
        request,
        SpApiOperation.GET_FEED_DOCUMENT,
        call ->
            lastSegment(call.request(), DOCUMENTS)
                .flatMap(id -> feeds.document(call.account(), id))
                .map(
                    document -> {
                      Map<String, Object> answer = new LinkedHashMap<>();
                      answer.put("feedDocumentId", document.id);
                      answer.put("url", selfUrl(call.request(), DOWNLOADS, document.id));
                      return EmulatorResponse.json(200, answer);
                    })
                .orElseGet(() -> notFound("feed document")));
  }

  // ---------------------------------------------------------------- the SP-API pipeline

  /**
   * Authenticates a Selling Partner API call, holds it to its operation's usage plan, runs it, and
   * adds Amazon's response headers.
   */
  private EmulatorResponse spApi(
      EmulatorRequest request, SpApiOperation operation, Function<Call, EmulatorResponse> handler) {
    AccessTokens.Check check = tokens.check(request.header(ACCESS_TOKEN_HEADER).orElse(null));
    EmulatorResponse response;
    if (check.verdict() != AccessTokens.Verdict.VALID) {
      response = unauthorized(check.verdict(), request.header(ACCESS_TOKEN_HEADER).isPresent());
    } else if (throttled(operation, check.subject())) {
      response = quotaExceeded();
    } else {
      feeds.advance();
      response = handler.apply(new Call(request, check.subject()));
      if (response.status() != 429) {
        response = response.withHeader("x-amzn-RateLimit-Limit", operation.rateLimitHeader());
      }
    }
    return response.withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
  }

  private boolean throttled(SpApiOperation operation, String account) {
    Throttling mode = faults.throttling();
    if (mode == Throttling.ALWAYS) {
      return true;
    }
    if (mode == Throttling.OFF) {
      return false;
    }
    TokenBucket bucket =
        buckets.computeIfAbsent(
            operation.name() + "|" + account,
            key -> new TokenBucket(clock, operation.rate(), operation.burst()));
    return !bucket.tryTake();
  }

  private EmulatorResponse quotaExceeded() {
    return spApiError(
        faults.throttledStatus(429),
        "QuotaExceeded",
        "You exceeded your quota for the requested resource.",
        "");
  }

  private static EmulatorResponse unauthorized(AccessTokens.Verdict verdict, boolean present) {
    String details =
        !present
            ? "The request has no " + ACCESS_TOKEN_HEADER + " header."
            : verdict == AccessTokens.Verdict.EXPIRED
                ? "The access token you provided has expired."
                : "The access token you provided is revoked, malformed or invalid.";
    return spApiError(403, "Unauthorized", "Access to requested resource is denied.", details);
  }

  private static EmulatorResponse invalidInput(String details) {
    return spApiError(400, "InvalidInput", INVALID_INPUT_MESSAGE, details);
  }

  private static EmulatorResponse notFound(String what) {
    return spApiError(404, "NotFound", "The requested " + what + " was not found.", "");
  }

  /** The Selling Partner API error body: {@code {"errors":[{"code","message","details"}]}}. */
  static EmulatorResponse spApiError(int status, String code, String message, String details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", details);
    return EmulatorResponse.json(status, Map.of("errors", List.of(error)));
  }

  static Optional<String> lastSegment(EmulatorRequest request, String prefix) {
    return request
        .segmentsAfter(prefix)
        .filter(segments -> segments.size() == 1 && !segments.get(0).isEmpty())
        .map(segments -> segments.get(0));
  }

  /** An absolute URL back to this emulator, on the host and port the client used. */
  private static String selfUrl(EmulatorRequest request, String path, String id) {
    String host = request.header("Host").orElse("127.0.0.1");
    return "http://" + host + path + "/" + id;
  }

  // ---------------------------------------------------------------- MarketplaceEmulator

  /** Quantities by {@code <sellerId>/<sku>}, after any feed whose time has come is processed. */
  @Override
  public Map<String, Long> quantities() {
    feeds.advance();
    return listings.quantities();
  }

  @Override
  public void seedQuantities(Map<String, Long> quantities) {
    feeds.advance();
    listings.seed(quantities);
  }

  /**
   * The {@code DEFAULT} fulfillment availability entry of the listing {@code <sellerId>/<sku>} as a
   * map of its fields ({@code fulfillment_channel_code}, {@code quantity}, and whatever else it
   * holds, such as {@code lead_time_to_ship_max_days} or {@code restock_date}); empty when the
   * listing does not exist.
   */
  public Optional<Map<String, Object>> fulfillmentAvailability(String key) {
    feeds.advance();
    ObjectNode entry = listings.entry(key);
    return entry == null ? Optional.empty() : Optional.of(ENTRY_JSON.convertValue(entry, ENTRY));
  }

  /**
   * Sets the whole {@code DEFAULT} fulfillment availability entry of the listing {@code
   * <sellerId>/<sku>} (say, with a handling time the seller set in Seller Central).
   */
  public void seedFulfillmentAvailability(String key, Map<String, Object> entry) {
    feeds.advance();
    listings.seedEntry(key, ENTRY_JSON.valueToTree(entry));
  }

  private static final ObjectMapper ENTRY_JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> ENTRY = new TypeReference<>() {};

  @Override
  public RequestJournal requests() {
    return journal;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  /**
   * The Selling Partner API error body with {@code status}; the codes for 400, 403, 404, 429 are
   * Amazon's, the others ({@code InternalFailure}, {@code ServiceUnavailable}) a best guess.
   */
  @Override
  public EmulatorResponse errorResponse(int status) {
    String code =
        switch (status) {
          case 400 -> "InvalidInput";
          case 403 -> "Unauthorized";
          case 404 -> "NotFound";
          case 429 -> "QuotaExceeded";
          case 503 -> "ServiceUnavailable";
          default -> "InternalFailure";
        };
    return spApiError(status, code, EmulatorResponse.reasonPhrase(status), "")
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
  }

  @Override
  public void reset() {
    feeds.clear();
    listings.clear();
    heldLog.clear();
    storefront.clear();
    orders.clear();
    tokens.clear();
    buckets.clear();
    feedLimit.clear();
    journal.clear();
    faults.clear();
  }
}
