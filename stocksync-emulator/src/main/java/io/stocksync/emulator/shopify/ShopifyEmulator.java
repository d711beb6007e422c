package io.stocksync.emulator.shopify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphQLException;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.OfficialSpecs;
import io.stocksync.emulator.RequestJournal;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.emulator.storefront.Storefront;
import io.stocksync.emulator.storefront.WebhookDispatcher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shopify Admin GraphQL API 2026-10, as far as inventory sync needs it: {@code POST
 * /shopify/admin/api/2026-10/graphql.json} with the {@code X-Shopify-Access-Token} header, serving
 * the {@code inventorySetQuantities} mutation (compare-and-swap on {@code changeFromQuantity},
 * {@code @idempotent} keys, all-or-nothing user errors) and the {@code inventoryItem {
 * inventoryLevel { quantities } }} read, with the calculated-cost leaky bucket and its {@code
 * THROTTLED} answer.
 *
 * <p>Every document is parsed, validated and executed by graphql-java against the official schema
 * when its introspection result is available ({@link Options#schema()}), else against a minimal
 * built-in schema (logged at start). Answers hold exactly the fields the document selected, plus
 * {@code extensions.cost}.
 *
 * <p>Thread-safe: requests are served concurrently; each mutation is atomic.
 */
public final class ShopifyEmulator implements MarketplaceEmulator {

  /** The path prefix and control-endpoint name. */
  public static final String NAME = "shopify";

  /** The Admin API version served. */
  public static final String API_VERSION = "2026-10";

  /** The path of the GraphQL endpoint below the prefix. */
  public static final String GRAPHQL_PATH = "/admin/api/" + API_VERSION + "/graphql.json";

  /** The header carrying the app's access token. */
  public static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";

  /** The access token expected unless the options say otherwise. */
  public static final String DEFAULT_ACCESS_TOKEN = "shpat_stocksync_emulator";

  /** The app's client secret, which signs the webhooks, unless the options say otherwise. */
  public static final String DEFAULT_WEBHOOK_SECRET = "shpss_stocksync_emulator";

  /** The most one document may cost (Shopify's single-query limit of 1,000 points). */
  static final int MAX_QUERY_COST = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(ShopifyEmulator.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";

  /**
   * How the emulated store is set up.
   *
   * @param accessToken the token requests must carry in {@code X-Shopify-Access-Token}
   * @param schema the official introspection result ({@code admin_2026-10.json.gz}), or null for
   *     the built-in minimal schema
   * @param plan the rate limit: bucket size and restore rate
   * @param webhookSecret the app's client secret: the key of {@code X-Shopify-Hmac-Sha256}
   */
  public record Options(String accessToken, Path schema, ShopifyPlan plan, String webhookSecret) {

    /** Checks the required parts. */
    public Options {
      Objects.requireNonNull(accessToken, "accessToken");
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(webhookSecret, "webhookSecret");
    }

    /** Options with the default webhook secret. */
    public Options(String accessToken, Path schema, ShopifyPlan plan) {
      this(accessToken, schema, plan, DEFAULT_WEBHOOK_SECRET);
    }

    /**
     * The default token, the official schema if {@link OfficialSpecs} finds it, the standard plan.
     */
    public static Options defaults() {
      return new Options(
          DEFAULT_ACCESS_TOKEN,
          OfficialSpecs.find(OfficialSpecs.SHOPIFY_ADMIN_2026_10).orElse(null),
          ShopifyPlan.STANDARD);
    }

    /** The same options with another access token. */
    public Options withAccessToken(String token) {
      return new Options(token, schema, plan, webhookSecret);
    }

    /** The same options with another schema file (null: the built-in schema). */
    public Options withSchema(Path file) {
      return new Options(accessToken, file, plan, webhookSecret);
    }

    /** The same options with another plan. */
    public Options withPlan(ShopifyPlan newPlan) {
      return new Options(accessToken, schema, newPlan, webhookSecret);
    }

    /** The same options with another client secret signing the webhooks. */
    public Options withWebhookSecret(String secret) {
      return new Options(accessToken, schema, plan, secret);
    }
  }

  private final Options options;
  private final Faults faults;
  private final RequestJournal journal;
  private final ShopifyInventory inventory;
  private final HeldLog heldLog;
  private final CostBucket bucket;
  private final ShopifySchema schema;
  private final GraphQL graphQL;
  private final Storefront storefront;
  private final ShopifyOrders orders;
  private final WebhookDispatcher dispatcher;
  private final ShopifyWebhooks webhooks;

  /** An emulated store with these options, on {@code clock} (cost bucket, timestamps, faults). */
  public ShopifyEmulator(Options options, Clock clock) {
    this.options = options;
    this.faults = new Faults(clock);
    this.journal = new RequestJournal(clock, Set.of(ACCESS_TOKEN_HEADER));
    this.heldLog = new HeldLog(clock);
    this.inventory = new ShopifyInventory(clock, faults, heldLog);
    this.bucket = new CostBucket(clock, options.plan());
    this.schema = ShopifySchema.load(options.schema());
    this.graphQL = GraphQL.newGraphQL(schema.emulated()).build();
    this.storefront = new Storefront(clock, inventory.heldStock(), ShopifyOrders.ids());
    this.orders = new ShopifyOrders(storefront);
    this.dispatcher = new WebhookDispatcher(NAME, faults.webhooks());
    this.webhooks = new ShopifyWebhooks(clock, options.webhookSecret(), dispatcher);
    storefront.listen(webhooks::changed);
    if (schema.official()) {
      LOG.info("Shopify emulator validates against the {}", schema.source());
    } else {
      LOG.warn(
          "Shopify emulator validates against its {}: the official schema was not found (looked"
              + " for ../shared/specs/{})",
          schema.source(),
          OfficialSpecs.SHOPIFY_ADMIN_2026_10);
    }
  }

  /** A store with the default options on the system clock. */
  public ShopifyEmulator() {
    this(Options.defaults(), Clock.systemUTC());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Whether documents are validated against the official schema (not the built-in fallback). */
  public boolean usesOfficialSchema() {
    return schema.official();
  }

  @Override
  public void registerRoutes(Routes routes) {
    routes.add("POST", "/admin/api/*", this::graphql);
  }

  private EmulatorResponse graphql(EmulatorRequest request) {
    if (!request.path().equals("/" + NAME + GRAPHQL_PATH)) {
      return errorResponse(404);
    }
    if (!options.accessToken().equals(request.header(ACCESS_TOKEN_HEADER).orElse(null))) {
      return EmulatorResponse.json(
          401, Map.of("errors", "[API] Invalid or missing access token (X-Shopify-Access-Token)"));
    }
    ExecutionInput input;
    try {
      input = executionInput(request.json());
    } catch (IllegalArgumentException e) {
      return EmulatorResponse.json(400, Map.of("errors", Map.of("query", e.getMessage())));
    }
    GraphQLSchema executable = schema.emulated();
    ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(executable, input);
    if (parsed.isFailure()) {
      return EmulatorResponse.json(200, answer(errors(parsed.getErrors()), 0, 0));
    }
    int cost;
    try {
      cost =
          QueryCost.of(
              executable, parsed.getDocument(), input.getOperationName(), input.getVariables());
    } catch (GraphQLException e) {
      if (!(e instanceof GraphQLError error)) {
        throw e;
      }
      // Variables that do not fit their declared types (a string for an Int, a required variable
      // missing): Shopify answers HTTP 200 with the problem in "errors" and no "data", and
      // applies nothing.
      return EmulatorResponse.json(
          200, answer(Map.of("errors", List.of(variableError(error))), 0, 0));
    }
    if (cost > MAX_QUERY_COST) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put(
          "message",
          "Query cost is "
              + cost
              + ", which exceeds the single query max cost limit ("
              + MAX_QUERY_COST
              + ").");
      error.put("extensions", Map.of("code", "MAX_COST_EXCEEDED", "cost", cost));
      return EmulatorResponse.json(200, answer(Map.of("errors", List.of(error)), cost, null));
    }
    if (throttled(cost)) {
      return throttledAnswer(cost);
    }
    ExecutionResult result = graphQL.execute(input);
    return EmulatorResponse.json(200, answer(result.toSpecification(), cost, cost));
  }

  private ExecutionInput executionInput(JsonNode body) {
    JsonNode query = body.get("query");
    if (!body.isObject() || query == null || !query.isTextual()) {
      throw new IllegalArgumentException("Required parameter missing or invalid");
    }
    JsonNode variables = body.get("variables");
    if (variables != null && !variables.isNull() && !variables.isObject()) {
      throw new IllegalArgumentException("variables must be a JSON object");
    }
    JsonNode operationName = body.get("operationName");
    return ExecutionInput.newExecutionInput(query.textValue())
        .operationName(
            operationName == null || operationName.isNull() ? null : operationName.asText())
        .variables(
            variables == null || variables.isNull()
                ? Map.of()
                : JSON.convertValue(variables, new TypeReference<Map<String, Object>>() {}))
        .graphQLContext(
            Map.of(
                ShopifyInventory.class,
                inventory,
                ShopifyOrders.class,
                orders,
                ShopifyWebhooks.class,
                webhooks))
        .build();
  }

  private boolean throttled(int cost) {
    Throttling mode = faults.throttling();
    return mode == Throttling.ALWAYS || (mode == Throttling.BUCKET && !bucket.tryTake(cost));
  }

  private EmulatorResponse throttledAnswer(int cost) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", "Throttled");
    error.put("extensions", Map.of("code", "THROTTLED", "documentation", RATE_LIMITS_DOC));
    Map<String, Object> body = answer(Map.of("errors", List.of(error)), cost, null);
    int status = faults.throttledStatus(200);
    EmulatorResponse response = EmulatorResponse.json(status, body);
    if (status == 429) {
      CostBucket.Status bucketStatus = bucket.status();
      double missing = Math.max(1, cost - bucketStatus.currentlyAvailable());
      long seconds = (long) Math.ceil(missing / bucketStatus.restoreRate());
      response = response.withHeader("Retry-After", Long.toString(Math.max(1, seconds)));
    }
    return response;
  }

  /** The GraphQL answer with {@code extensions.cost} added, as Shopify reports it. */
  private Map<String, Object> answer(
      Map<String, Object> specification, int requestedCost, Integer actualCost) {
    CostBucket.Status status = bucket.status();
    Map<String, Object> throttleStatus = new LinkedHashMap<>();
    throttleStatus.put("maximumAvailable", status.maximumAvailable());
    throttleStatus.put("currentlyAvailable", status.currentlyAvailable());
    throttleStatus.put("restoreRate", status.restoreRate());
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("requestedQueryCost", requestedCost);
    cost.put("actualQueryCost", actualCost);
    cost.put("throttleStatus", throttleStatus);
    Map<String, Object> answer = new LinkedHashMap<>(specification);
    Map<String, Object> extensions = new LinkedHashMap<>();
    if (specification.get("extensions") instanceof Map<?, ?> existing) {
      existing.forEach((key, value) -> extensions.put(String.valueOf(key), value));
    }
    extensions.put("cost", cost);
    answer.put("extensions", extensions);
    return answer;
  }

  /** An error about the request's variables, shaped as Shopify reports one. */
  private static Map<String, Object> variableError(GraphQLError error) {
    Map<String, Object> e = new LinkedHashMap<>();
    String message = error.getMessage() == null ? "Variable is invalid" : error.getMessage();
    e.put("message", message.startsWith("Variable") ? message : "Variable " + message);
    // Shopify adds the offending value and the problems found; which exact keys it uses in every
    // case is unconfirmed, so the emulator gives only the message.
    return e;
  }

  private static Map<String, Object> errors(List<GraphQLError> errors) {
    return Map.of("errors", errors.stream().map(GraphQLError::toSpecification).toList());
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
  public Optional<HeldLog> heldLog() {
    return Optional.of(heldLog);
  }

  @Override
  public Optional<Storefront> storefront() {
    return Optional.of(storefront);
  }

  @Override
  public Optional<WebhookDispatcher> webhooks() {
    return Optional.of(dispatcher);
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(
        "accessToken",
        options.accessToken(),
        "webhookSecret (client secret)",
        options.webhookSecret());
  }

  @Override
  public RequestJournal requests() {
    return journal;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  /** Shopify's plain error body for a status: {@code {"errors": "<reason phrase>"}}. */
  @Override
  public EmulatorResponse errorResponse(int status) {
    return EmulatorResponse.json(status, Map.of("errors", EmulatorResponse.reasonPhrase(status)));
  }

  @Override
  public void reset() {
    inventory.reset();
    heldLog.clear();
    storefront.clear();
    webhooks.clear();
    dispatcher.clear();
    journal.clear();
    faults.clear();
    bucket.fill();
  }
}
