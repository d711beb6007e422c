package io.stocksync.emulator.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.AccessTokens;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.RequestJournal;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.TokenBucket;
import io.stocksync.emulator.storefront.Storefront;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Flipkart's Marketplace Seller API as far as inventory sync needs it, under {@code /flipkart}:
 *
 * <ul>
 *   <li>{@code GET
 *       /flipkart/oauth-service/oauth/token?grant_type=client_credentials&scope=Seller_Api} with
 *       HTTP Basic {@code appId:appSecret} issues a bearer token;
 *   <li>{@code POST /flipkart/sellers/listings/v3/update/inventory} with {@code Authorization:
 *       Bearer} sets the inventory of up to 10 SKUs per call, each at one or more locations, and
 *       answers a {@code ListingChangeResponse} per SKU;
 *   <li>{@code GET /flipkart/sellers/listings/v3/{sku_ids}} (comma-separated, at most 10) reads the
 *       listings back: {@code available} (with each location's {@code inventory}), {@code
 *       unavailable} and {@code invalid}.
 * </ul>
 *
 * <p>Quantities are keyed {@code <sku>@<locationId>}. Flipkart publishes no rate limit we could
 * confirm; the emulator applies an assumed token bucket ({@link Options#requestsPerSecond()}).
 *
 * <p>Thread-safe.
 */
public final class FlipkartEmulator implements MarketplaceEmulator {

  /** The path prefix and control-endpoint name. */
  public static final String NAME = "flipkart";

  /**
   * The token endpoint below the prefix (Flipkart's is api.flipkart.net/oauth-service/oauth/token).
   */
  public static final String TOKEN_PATH = "/oauth-service/oauth/token";

  /** The inventory update endpoint below the prefix (Flipkart's API root is …/sellers). */
  public static final String INVENTORY_PATH = "/sellers/listings/v3/update/inventory";

  /** The listings read below the prefix: {@code LISTINGS_PATH/{sku_ids}}. */
  public static final String LISTINGS_PATH = "/sellers/listings/v3";

  /** The application id accepted unless the options say otherwise. */
  public static final String DEFAULT_APP_ID = "stocksync-emulator-app";

  /** The application secret accepted unless the options say otherwise. */
  public static final String DEFAULT_APP_SECRET = "stocksync-emulator-secret";

  /**
   * The most SKUs one inventory update may carry: "Max batch size allowed is “10”"
   * (https://seller.flipkart.com/api-docs/listing-api-docs/v3/UpdateListingsInventoryAPI.html).
   */
  public static final int MAX_SKUS = 10;

  /**
   * Token lifetime: the docs' token example answers {@code expires_in: 5183999}, about 60 days
   * ("the token expires after some time - usually, 60days",
   * https://seller.flipkart.com/api-docs/FMSAPI.html).
   */
  static final Duration TOKEN_LIFETIME = Duration.ofSeconds(5_183_999);

  /**
   * How the emulated Flipkart is set up.
   *
   * @param appId the application id the token endpoint accepts
   * @param appSecret the application secret it accepts
   * @param requestsPerSecond the assumed rate limit of the inventory endpoint (Flipkart publishes
   *     none we could confirm); the bucket holds as many requests as one second restores
   */
  public record Options(String appId, String appSecret, double requestsPerSecond) {

    /** Checks the parts. */
    public Options {
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(appSecret, "appSecret");
      if (!(requestsPerSecond >= 1)) {
        throw new IllegalArgumentException("requestsPerSecond must be at least 1");
      }
    }

    /** The default credentials and 10 requests per second (our assumption). */
    public static Options defaults() {
      return new Options(DEFAULT_APP_ID, DEFAULT_APP_SECRET, 10);
    }

    /** The same options with other application credentials. */
    public Options withApp(String id, String secret) {
      return new Options(id, secret, requestsPerSecond);
    }

    /** The same options with another assumed rate limit. */
    public Options withRequestsPerSecond(double rate) {
      return new Options(appId, appSecret, rate);
    }
  }

  private final Options options;
  private final Faults faults;
  private final RequestJournal journal;
  private final AccessTokens tokens;
  private final TokenBucket bucket;
  private final FlipkartInventory inventory;
  private final Storefront storefront;
  private final FlipkartShipments shipments;

  /** A Flipkart with these options, on {@code clock} (tokens, rate limit, faults). */
  public FlipkartEmulator(Options options, Clock clock) {
    this.options = options;
    this.faults = new Faults(clock);
    this.journal = new RequestJournal(clock, Set.of());
    this.tokens = new AccessTokens(clock, faults, TOKEN_LIFETIME, "");
    this.bucket = new TokenBucket(clock, options.requestsPerSecond(), options.requestsPerSecond());
    this.inventory = new FlipkartInventory(faults);
    this.storefront = new Storefront(clock, inventory.heldStock(), FlipkartShipments.ids());
    this.shipments = new FlipkartShipments(storefront);
  }

  @Override
  public Optional<Storefront> storefront() {
    return Optional.of(storefront);
  }

  @Override
  public Map<String, String> credentials() {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("appId", options.appId());
    credentials.put("appSecret", options.appSecret());
    return credentials;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerRoutes(Routes routes) {
    routes.add("GET", TOKEN_PATH, this::token);
    routes.add("POST", TOKEN_PATH, this::token);
    routes.add("POST", INVENTORY_PATH, request -> guarded(request, this::updateInventory));
    routes.add("GET", LISTINGS_PATH + "/*", request -> guarded(request, this::readListings));
    routes.add(
        "POST", FlipkartShipments.FILTER_PATH, request -> guarded(request, shipments::filter));
    routes.add("GET", FlipkartShipments.FILTER_PATH, request -> guarded(request, shipments::next));
  }

  private EmulatorResponse token(EmulatorRequest request) {
    var credentials = request.basicCredentials();
    if (credentials.isEmpty()) {
      return oauthError(
          401, "unauthorized", "Full authentication is required to access this resource");
    }
    if (!options.appId().equals(credentials.get().getKey())) {
      return oauthError(
          401, "unauthorized", "No client with requested id: " + credentials.get().getKey());
    }
    if (!options.appSecret().equals(credentials.get().getValue())) {
      return oauthError(401, "unauthorized", "Bad credentials");
    }
    String grantType = request.queryParam("grant_type").orElse("");
    if (!"client_credentials".equals(grantType)) {
      return oauthError(400, "unsupported_grant_type", "Unsupported grant type: " + grantType);
    }
    String scope = request.queryParam("scope").orElse("Seller_Api");
    AccessTokens.Issued issued = tokens.issue(options.appId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", issued.token());
    body.put("token_type", "bearer");
    body.put("expires_in", issued.lifetime().toSeconds());
    body.put("scope", scope);
    return EmulatorResponse.json(200, body);
  }

  /** Checks the bearer token and the (assumed) rate limit, then runs {@code handler}. */
  private EmulatorResponse guarded(EmulatorRequest request, Handler handler) {
    String token = request.bearerToken().orElse(null);
    AccessTokens.Check check = tokens.check(token);
    if (check.verdict() != AccessTokens.Verdict.VALID) {
      return token == null
          ? oauthError(
              401, "unauthorized", "Full authentication is required to access this resource")
          : check.verdict() == AccessTokens.Verdict.EXPIRED
              ? oauthError(401, "invalid_token", "Access token expired: " + token)
              : oauthError(401, "invalid_token", "Invalid access token: " + token);
    }
    if (throttled()) {
      return requestError(faults.throttledStatus(429), 429, "Request rate limit exceeded");
    }
    return handler.handle(request);
  }

  private EmulatorResponse updateInventory(EmulatorRequest request) {
    JsonNode body;
    try {
      body = request.json();
    } catch (IllegalArgumentException e) {
      return requestError(400, 400, e.getMessage());
    }
    if (!body.isObject() || body.isEmpty()) {
      return requestError(400, 400, "The body must map one or more seller SKUs to their inventory");
    }
    if (body.size() > MAX_SKUS) {
      return requestError(
          400,
          400,
          "Max batch size allowed is " + MAX_SKUS + "; the request has " + body.size() + " SKUs");
    }
    return EmulatorResponse.json(200, inventory.update(body));
  }

  private EmulatorResponse readListings(EmulatorRequest request) {
    String raw = request.path().substring(("/" + NAME + LISTINGS_PATH + "/").length());
    if (raw.isEmpty() || raw.contains("/")) {
      return requestError(404, 404, "No listings resource at " + request.path());
    }
    // Split before decoding: a comma inside a SKU arrives percent-encoded.
    List<String> skus = new ArrayList<>();
    for (String part : raw.split(",", -1)) {
      String sku = URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (sku.isBlank()) {
        return requestError(400, 400, "sku_ids must be a comma-separated list of seller SKUs");
      }
      skus.add(sku);
    }
    if (skus.size() > MAX_SKUS) {
      return requestError(
          400,
          400,
          "Max batch size allowed is " + MAX_SKUS + "; the request has " + skus.size() + " SKUs");
    }
    return EmulatorResponse.json(200, inventory.read(skus));
  }

  private boolean throttled() {
    Throttling mode = faults.throttling();
    return mode == Throttling.ALWAYS || (mode == Throttling.BUCKET && !bucket.tryTake());
  }

  /** The OAuth error body ({@code error}, {@code error_description}) of the token service. */
  private static EmulatorResponse oauthError(int status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return EmulatorResponse.json(status, body);
  }

  /**
   * A request-level error: {@code {"errors":[{"severity":"ERROR","code":N,"description":"…"}]}},
   * the {@code Error} model of Flipkart's SDK wrapped in a list (the wrapper is our assumption).
   */
  static EmulatorResponse requestError(int status, int code, String description) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("severity", "ERROR");
    error.put("code", code);
    error.put("description", description);
    return EmulatorResponse.json(status, Map.of("errors", List.of(error)));
  }

  @Override
  public Map<String, Long> quantities() {
    return inventory.quantities();
  }

  @Override
  public void seedQuantities(Map<String, Long> quantities) {
    inventory.seed(quantities);
  }

  @Override
  public RequestJournal requests() {
    return journal;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  /** {@code {"errors":[{"severity":"ERROR","code":<status>,"description":"<reason phrase>"}]}}. */
  @Override
  public EmulatorResponse errorResponse(int status) {
    return requestError(status, status, EmulatorResponse.reasonPhrase(status));
  }

  @Override
  public void reset() {
    inventory.clear();
    storefront.clear();
    shipments.clear();
    tokens.clear();
    bucket.fill();
    journal.clear();
    faults.clear();
  }
}
