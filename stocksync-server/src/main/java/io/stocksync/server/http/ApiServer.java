package io.stocksync.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.InvalidRequestException;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.inventory.PushPlanner;
import io.stocksync.core.inventory.SkuQuery;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.StoreException;
import io.stocksync.server.account.Authenticator;
import io.stocksync.server.engine.Command;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.PushAttemptRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API v1 (SPEC §7) on an embedded Javalin server: every {@code /v1} route for the account
 * whose key the request carries, plus {@code /health}, {@code /metrics} and {@code /openapi.json}.
 *
 * <p>Configuration changes and reads run on the account's writer ({@link Engine#execute}); events
 * go through {@link Engine#submit}. An answer is sent only once what it reports is durable. Errors
 * are {@code application/problem+json} ({@link Problem}). A request body larger than the limit is
 * refused with 413 as soon as that is known: from its {@code Content-Length}, or while it is read.
 *
 * <p>Thread-safe. {@link #drain} then {@link #close} stop it gracefully.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /** Where the server listens and the largest body it reads. */
  public record Options(String bind, int port, long maxBody) {}

  /** One route the server has: its method and path, as the OpenAPI document names them. */
  public record Route(String method, String path) {}

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String CSV = "text/csv";
  private static final String ACCOUNT = "stocksync.account";
  private static final String STARTED = "stocksync.started";
  private static final String COUNTED = "stocksync.counted";

  /** The most SKUs a page of {@code GET /v1/skus} holds. */
  static final int MAX_SKU_PAGE = 1_000;

  /** The most components a bundle may have, and locations a channel may draw from. */
  static final int MAX_ITEMS = 1_000;

  private static final Set<String> POLICY_FIELDS =
      Set.of("threshold", "batchSize", "significantQuantity", "maxStalenessSeconds");

  private final Engine engine;
  private final Authenticator authenticator;
  private final PushAttemptRepository attempts;
  private final CredentialCipher cipher;
  private final ApiMetrics metrics;
  private final long maxBody;
  private final ObjectMapper mapper;
  private final EventBatchReader eventReader;
  private final List<Route> routes = new ArrayList<>();
  private final byte[] openApi;
  private final Javalin app;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  private ApiServer(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options) {
    this.engine = engine;
    this.authenticator = authenticator;
    this.attempts = attempts;
    this.cipher = cipher;
    this.metrics = metrics;
    this.maxBody = options.maxBody();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    factory.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.eventReader = new EventBatchReader(factory);
    try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
      this.openApi = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("openapi.json is missing from the build", e);
    }
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = options.maxBody();
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new ProblemErrorHandler()));
            });
    registerRoutes();
  }

  /** Starts the server on {@code options.bind():options.port()} (port 0: any free port). */
  public static ApiServer start(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options) {
    ApiServer server = new ApiServer(engine, authenticator, attempts, cipher, metrics, options);
    server.app.start(options.bind(), options.port());
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** Every route the server answers, in registration order. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Stops accepting requests (new ones get 503 {@code shutting-down}) and waits, up to {@code
   * timeout}, for those in progress to be answered.
   *
   * @return whether every request in progress was answered in time
   */
  public boolean drain(Duration timeout) {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        log.warn("{} request(s) still in progress after {}", inFlight.get(), timeout);
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return true;
  }

  /** Stops the HTTP server. */
  @Override
  public void close() {
    draining = true;
    app.stop();
  }

  // ------------------------------------------------------------------ routes

  private void route(HandlerType method, String path, Handler handler) {
    routes.add(new Route(method.name(), path));
    app.addHttpHandler(method, path, handler);
  }

  private void registerRoutes() {
    app.before(this::admit);
    app.before("/v1/*", this::authenticate);
    app.after(this::finish);
    app.exception(Exception.class, (e, ctx) -> problem(ctx, toProblem(e)));
    app.error(404, this::notFound);
    app.error(405, this::notFound);

    route(HandlerType.GET, "/health", ctx -> json(ctx, 200, Views.ordered("status", "UP")));
    route(
        HandlerType.GET,
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    route(HandlerType.GET, "/openapi.json", ctx -> ctx.contentType(JSON).result(openApi));

    route(
        HandlerType.GET,
        "/v1/policy",
        ctx -> {
          new Query(ctx, Set.of()).throwIfAny();
          run(ctx, (a, c, now) -> Views.policy(a.policy()));
        });
    route(HandlerType.PUT, "/v1/policy", this::putPolicy);
    route(HandlerType.GET, "/v1/skus", this::listSkus);
    route(HandlerType.PUT, "/v1/skus/{sku}", this::putSku);
    route(HandlerType.GET, "/v1/skus/{sku}", this::getSku);
    route(HandlerType.PUT, "/v1/skus/{sku}/policy", this::putSkuPolicy);
    route(HandlerType.PUT, "/v1/locations/{code}", this::putLocation);
    route(HandlerType.POST, "/v1/events", this::postEvents);
    route(HandlerType.PUT, "/v1/channels/{id}", this::putChannel);
    route(HandlerType.PUT, "/v1/channels/{id}/listings/{sku}", this::putListing);
    route(HandlerType.GET, "/v1/pushes", this::listPushes);
    route(HandlerType.POST, "/v1/channels/{id}/retry", this::retryChannel);
  }

  private void admit(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
    if (draining) {
      ctx.header("Connection", "close");
      throw new Problem(Problem.Kind.SHUTTING_DOWN, "the server is shutting down; retry later");
    }
    inFlight.incrementAndGet();
    ctx.attribute(COUNTED, Boolean.TRUE);
  }

  private void authenticate(Context ctx) {
    String account =
        authenticator
            .account(ctx.header("Authorization"))
            .orElseThrow(
                () ->
                    new Problem(
                        Problem.Kind.UNAUTHORIZED,
                        "send Authorization: Bearer <key> with an active key of your account"));
    ctx.attribute(ACCOUNT, account);
  }

  private void finish(Context ctx) {
    if (ctx.attribute(COUNTED) != null) {
      inFlight.decrementAndGet();
    }
    Long started = ctx.attribute(STARTED);
    if (started != null) {
      String route;
      try {
        route = ctx.endpointHandlerPath();
      } catch (RuntimeException none) {
        route = "unmatched";
      }
      if (route == null || !route.startsWith("/")) {
        route = "unmatched"; // Javalin names a miss in words; keep the label short and stable
      }
      metrics.recordRequest(
          ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
    }
  }

  private void notFound(Context ctx) {
    if (!PROBLEM_JSON.equals(ctx.res().getContentType())) {
      problem(
          ctx,
          new Problem(Problem.Kind.NOT_FOUND, "no such route: " + ctx.method() + " " + ctx.path()));
    }
  }

  private static String account(Context ctx) {
    return ctx.attribute(ACCOUNT);
  }

  // ------------------------------------------------------------------ handlers

  private void putPolicy(Context ctx) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(readJson(ctx), "", errors);
    PolicyOverride given = f == null ? null : policyFields(f);
    throwIfAny(errors);
    run(
        ctx,
        (a, c, now) -> {
          SyncPolicy policy = a.policy().with(given);
          a.setPolicy(policy, now, c);
          return Views.policy(policy);
        });
  }

  /** The policy fields of a body, any subset; other fields are refused. */
  private static PolicyOverride policyFields(Fields f) {
    f.onlyKnown(POLICY_FIELDS);
    return new PolicyOverride(
        f.integer("threshold", false, 0, AccountState.MAX_UNITS),
        f.integer("batchSize", false, 1, AccountState.MAX_UNITS),
        f.integer("significantQuantity", false, 1, AccountState.MAX_UNITS),
        f.integer("maxStalenessSeconds", false, 0, 100L * 365 * 24 * 3600));
  }

  private void putSkuPolicy(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(readJson(ctx), "", errors);
    PolicyOverride given = f == null ? null : policyFields(f);
    throwIfAny(errors);
    run(
        ctx,
        (a, c, now) -> {
          a.setSkuPolicy(sku, given, now, c);
          return Views.ordered(
              "sku", sku,
              "policy", Views.override(SkuQuery.override(a, sku)),
              "effective", Views.policy(SkuQuery.effectivePolicy(a, sku)));
        });
  }

  private void putLocation(Context ctx) {
    String code = Fields.code("code", ctx.pathParam("code"));
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(readJson(ctx), "", errors);
    String name = null;
    Boolean sellable = null;
    if (f != null) {
      f.onlyKnown(Set.of("name", "sellable"));
      name = f.text("name", false, Fields.MAX_TEXT);
      sellable = f.bool("sellable", true);
    }
    throwIfAny(errors);
    String locationName = name;
    boolean isSellable = sellable;
    run(
        ctx,
        (a, c, now) -> {
          a.putLocation(code, locationName, isSellable, now, c);
          LocationRow stored = a.location(code);
          return Views.ordered(
              "code", stored.code(), "name", stored.name(), "sellable", stored.sellable());
        });
  }

  private void putSku(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(readJson(ctx), "", errors);
    String name = null;
    List<Component> components = null;
    if (f != null) {
      f.onlyKnown(Set.of("name", "components"));
      name = f.text("name", false, Fields.MAX_TEXT);
      ArrayNode items = f.array("components", MAX_ITEMS);
      if (items != null) {
        components = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
          Fields item = Fields.of(items.get(i), "components[" + i + "]", errors);
          if (item != null) {
            item.onlyKnown(Set.of("sku", "quantity"));
            String part = item.text("sku", true, Fields.MAX_CODE);
            Long quantity = item.integer("quantity", true, 1, AccountState.MAX_UNITS);
            if (part != null && quantity != null) {
              components.add(new Component(part, quantity));
            }
          }
        }
      }
    }
    throwIfAny(errors);
    String skuName = name;
    List<Component> parts = components;
    run(
        ctx,
        (a, c, now) -> {
          a.putSku(sku, skuName, parts, now, c);
          return Views.sku(a.view(sku));
        });
  }

  private void getSku(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    new Query(ctx, Set.of()).throwIfAny();
    run(ctx, (a, c, now) -> Views.sku(a.view(sku)));
  }

  private void listSkus(Context ctx) {
    Query q =
        new Query(ctx, Set.of("limit", "after", "belowThreshold", "outOfStock", "pendingSync"));
    int limit = (int) q.integer("limit", 100, 1, MAX_SKU_PAGE);
    String after = q.code("after");
    SkuQuery.Filter filter =
        new SkuQuery.Filter(q.bool("belowThreshold"), q.bool("outOfStock"), q.bool("pendingSync"));
    q.throwIfAny();
    run(
        ctx,
        (a, c, now) -> {
          SkuQuery.Page page = SkuQuery.page(a, filter, after, limit);
          List<Map<String, Object>> skus = new ArrayList<>(page.skus().size());
          for (SkuView v : page.skus()) {
            skus.add(Views.sku(v));
          }
          return Views.ordered("skus", skus, "next", page.next(), "matched", page.matched());
        });
  }

  private void putChannel(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(readJson(ctx), "", errors);
    if (f == null) {
      throw Problem.fields(errors);
    }
    f.onlyKnown(
        Set.of("type", "baseUrl", "settings", "credentials", "locations", "enabled", "rules"));
    String type = f.text("type", true, 50);
    ChannelType channelType = null;
    if (type != null) {
      channelType = ChannelType.of(type);
      if (channelType == null) {
        f.error("type", "must be one of " + ChannelType.names());
      }
    }
    String baseUrl = f.text("baseUrl", true, 2_000);
    if (baseUrl != null && !isHttpUrl(baseUrl)) {
      f.error("baseUrl", "must be an http or https URL");
    }
    Fields settings = f.object("settings");
    Fields credentials = f.object("credentials");
    Map<String, Object> settingValues = null;
    Map<String, String> credentialValues = null;
    if (channelType != null) {
      settingValues = channelType.settings(settings, errors);
      credentialValues = credentials == null ? null : channelType.credentials(credentials, errors);
    }
    List<String> locations = new ArrayList<>();
    ArrayNode items = f.array("locations", MAX_ITEMS);
    if (items != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        String field = "locations[" + i + "]";
        if (!item.isTextual() || item.textValue().isBlank()) {
          errors.add(new FieldError(field, "must be a location code"));
        } else if (!seen.add(item.textValue())) {
          errors.add(new FieldError(field, "lists '" + item.textValue() + "' twice"));
        } else {
          locations.add(item.textValue());
        }
      }
    }
    Boolean enabled = f.bool("enabled", false);
    ChannelRules rules = rules(f.object("rules"));
    throwIfAny(errors);
    ChannelType kind = channelType;
    String sealed =
        credentialValues == null
            ? null
            : cipher.seal(writeJson(credentialValues), CredentialCipher.context(account(ctx), id));
    String settingsJson = writeJson(settingValues);
    boolean isEnabled = enabled == null || enabled;
    run(
        ctx,
        (a, c, now) -> {
          String stored = sealed;
          if (stored == null && a.hasChannel(id)) {
            stored = a.channel(id).credentials(); // omitted: the channel keeps its credentials
          }
          if (stored == null) {
            throw new InvalidRequestException(
                "credentials", "is required for a new " + kind.name + " channel");
          }
          a.putChannel(
              new ChannelRow(
                  a.id(),
                  id,
                  kind.name,
                  baseUrl,
                  settingsJson,
                  stored,
                  locations,
                  isEnabled,
                  rules),
              now,
              c);
          return Views.channel(a.channel(id), readTree(settingsJson));
        });
  }

  private static boolean isHttpUrl(String s) {
    try {
      java.net.URI uri = new java.net.URI(s);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static ChannelRules rules(Fields r) {
    if (r == null) {
      return ChannelRules.DEFAULT;
    }
    r.onlyKnown(Set.of("buffer", "percent", "max", "zeroAtOrBelow"));
    Long buffer = r.integer("buffer", false, 0, AccountState.MAX_UNITS);
    Long percent = r.integer("percent", false, 0, 100);
    Long max = r.integer("max", false, 0, AccountState.MAX_UNITS);
    Long zero = r.integer("zeroAtOrBelow", false, 0, AccountState.MAX_UNITS);
    return new ChannelRules(
        buffer == null ? 0 : buffer,
        percent == null ? 100 : percent.intValue(),
        max,
        zero == null ? 0 : zero);
  }

  private void putListing(Context ctx) {
    String channel = Fields.code("id", ctx.pathParam("id"));
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    ObjectNode body = objectBody(readJson(ctx));
    run(
        ctx,
        (a, c, now) -> {
          ChannelType type = ChannelType.of(a.channel(channel).type());
          List<FieldError> errors = new ArrayList<>();
          Fields f = new Fields(body, "", errors);
          String externalId = f.text("externalId", true, Fields.MAX_TEXT);
          Map<String, String> extra = type.listingFields(f, errors);
          if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
          }
          if (!a.hasSku(sku)) {
            throw new NotFoundException("SKU", sku);
          }
          a.putListing(channel, sku, externalId, extra.isEmpty() ? null : writeJson(extra), now, c);
          Map<String, Object> view = new LinkedHashMap<>();
          view.put("sku", sku);
          for (SkuView.ListingView l : a.view(sku).listings()) {
            if (l.channel().equals(channel)) {
              view.putAll(Views.listing(l));
            }
          }
          view.putAll(extra);
          return view;
        });
  }

  private void listPushes(Context ctx) {
    Query q = new Query(ctx, Set.of("sku", "channel", "limit", "before", "state"));
    String sku = q.code("sku");
    String channel = q.code("channel");
    int limit = (int) q.integer("limit", 100, 1, PushAttemptRepository.MAX_PAGE);
    long before = q.integer("before", 0, 1, Long.MAX_VALUE);
    String state = q.code("state");
    q.throwIfAny();
    if (state != null) {
      if (!state.equals("FAILED")) {
        throw Problem.field("state", "must be FAILED");
      }
      listFailedPushes(ctx, sku, channel, limit);
      return;
    }
    String account = account(ctx);
    ctx.future(
        () ->
            engine
                .execute(
                    account,
                    (a, c, now) -> {
                      if (sku != null && !a.hasSku(sku)) {
                        throw new NotFoundException("SKU", sku);
                      }
                      if (channel != null && !a.hasChannel(channel)) {
                        throw new NotFoundException("channel", channel);
                      }
                      return Boolean.TRUE;
                    })
                .thenApply(
                    ok -> {
                      List<PushAttemptRepository.PushAttempt> page =
                          attempts.list(account, sku, channel, before == 0 ? null : before, limit);
                      List<Map<String, Object>> items = new ArrayList<>(page.size());
                      page.forEach(p -> items.add(Views.attempt(p)));
                      Long next = page.size() == limit ? page.get(page.size() - 1).id() : null;
                      return Views.ordered("pushes", items, "next", next);
                    })
                .handle((view, error) -> answer(ctx, view, error)));
  }

  /**
   * {@code GET /v1/pushes?state=FAILED}: the listings whose push ran out of retries, each shown by
   * its latest attempt (newest first), in the attempt log's shape.
   */
  private void listFailedPushes(Context ctx, String sku, String channel, int limit) {
    String account = account(ctx);
    ctx.future(
        () ->
            engine
                .execute(
                    account,
                    (a, c, now) -> {
                      if (sku != null && !a.hasSku(sku)) {
                        throw new NotFoundException("SKU", sku);
                      }
                      if (channel != null && !a.hasChannel(channel)) {
                        throw new NotFoundException("channel", channel);
                      }
                      return PushPlanner.failed(a, channel);
                    })
                .thenApply(
                    failed -> {
                      List<PushAttemptRepository.PushAttempt> latest = new ArrayList<>();
                      for (PendingPush p : failed) {
                        if (sku == null || sku.equals(p.sku())) {
                          latest.addAll(attempts.list(account, p.sku(), p.channelId(), null, 1));
                        }
                      }
                      latest.sort((x, y) -> Long.compare(y.id(), x.id()));
                      List<Map<String, Object>> items = new ArrayList<>();
                      latest.stream().limit(limit).forEach(p -> items.add(Views.attempt(p)));
                      return Views.ordered("pushes", items, "next", null);
                    })
                .handle((view, error) -> answer(ctx, view, error)));
  }

  /**
   * {@code POST /v1/channels/{id}/retry}: every {@code FAILED} listing of the channel is queued
   * again (the dispatcher sends it with a fresh retry budget). No body, or an empty JSON object.
   */
  private void retryChannel(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    new Query(ctx, Set.of()).throwIfAny();
    if (ctx.header("Content-Type") != null || ctx.contentLength() > 0) {
      List<FieldError> errors = new ArrayList<>();
      Fields f = Fields.of(readJson(ctx), "", errors);
      if (f != null) {
        f.onlyKnown(Set.of());
      }
      throwIfAny(errors);
    }
    run(
        ctx,
        (a, c, now) ->
            Views.ordered("channel", id, "retried", PushPlanner.retryFailed(a, id, now, c)));
  }

  private void postEvents(Context ctx) {
    String type = mediaType(ctx);
    List<InventoryEvent> events;
    try (InputStream body = body(ctx)) {
      if (type.equals(CSV)) {
        events = eventReader.readCsv(body);
      } else if (type.equals(JSON)) {
        events = eventReader.readJson(body);
      } else {
        throw new Problem(
            Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
            "send Content-Type: application/json or text/csv, not " + type);
      }
    } catch (IOException e) {
      throw bodyProblem(e);
    }
    String account = account(ctx);
    long submitted = System.nanoTime();
    ctx.future(
        () ->
            engine
                .submit(account, events)
                .handle(
                    (results, error) -> {
                      if (error == null) {
                        metrics.recordBatch(results, System.nanoTime() - submitted);
                        writeResults(ctx, results);
                        return null;
                      }
                      return answer(ctx, null, error);
                    }));
  }

  private void writeResults(Context ctx, List<EventResult> results) {
    try (var out = new java.io.ByteArrayOutputStream(64 + results.size() * 48);
        var g = mapper.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("results");
      for (EventResult r : results) {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("status", r.status().name().toLowerCase(Locale.ROOT));
        if (r.rejection() != null) {
          g.writeObjectFieldStart("error");
          g.writeStringField("reason", r.rejection().reason().name());
          g.writeStringField("field", r.rejection().field());
          g.writeStringField("message", r.rejection().message());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      ctx.status(200).contentType(JSON).result(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ plumbing

  /** Runs a command on the account's writer and answers with its view once durable. */
  private <T> void run(Context ctx, Command<T> command) {
    String account = account(ctx);
    ctx.future(
        () -> engine.execute(account, command).handle((view, error) -> answer(ctx, view, error)));
  }

  private Object answer(Context ctx, Object view, Throwable error) {
    if (error != null) {
      problem(ctx, toProblem(error));
    } else {
      json(ctx, 200, view);
    }
    return null;
  }

  private void json(Context ctx, int status, Object value) {
    ctx.status(status).contentType(JSON).result(writeBytes(value));
  }

  private byte[] writeBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String writeJson(Object value) {
    try {
      return value == null ? null : mapper.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode readTree(String json) {
    try {
      return json == null ? null : mapper.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void problem(Context ctx, Problem p) {
    if (p.kind().status() >= 500) {
      log.warn("{} {} answered {}: {}", ctx.method(), ctx.path(), p.kind().status(), p.detail());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", p.kind().type());
    body.put("title", p.kind().title);
    body.put("status", p.kind().status());
    body.put("detail", p.detail());
    if (!p.errors().isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>(p.errors().size());
      for (FieldError e : p.errors()) {
        errors.add(Views.ordered("field", e.field(), "message", e.message()));
      }
      body.put("errors", errors);
    }
    if (p.kind() == Problem.Kind.UNAUTHORIZED) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    ctx.status(p.kind().status()).contentType(PROBLEM_JSON).result(writeBytes(body));
  }

  /** What an exception means for the client. */
  Problem toProblem(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof Problem p) {
      return p;
    }
    if (t instanceof InvalidRequestException ire) {
      return Problem.fields(ire.errors());
    }
    if (t instanceof NotFoundException nf) {
      if (nf.kind().equals("account")) {
        return new Problem(Problem.Kind.UNAUTHORIZED, "the key's account does not exist");
      }
      return new Problem(Problem.Kind.NOT_FOUND, nf.getMessage());
    }
    if (t instanceof StoreException se) {
      log.error("store failure", se);
      return new Problem(Problem.Kind.STORE_UNAVAILABLE, "the store failed; retry later");
    }
    if (t instanceof IllegalStateException ise
        && String.valueOf(ise.getMessage()).contains("shutting down")) {
      return new Problem(Problem.Kind.SHUTTING_DOWN, "the server is shutting down; retry later");
    }
    if (t instanceof HttpResponseException hre) {
      return switch (hre.getStatus()) {
        case 413 ->
            new Problem(
                Problem.Kind.BODY_TOO_LARGE, "the body is larger than " + maxBody + " bytes");
        case 404 -> new Problem(Problem.Kind.NOT_FOUND, "not found");
        case 405 -> new Problem(Problem.Kind.METHOD_NOT_ALLOWED, "method not allowed");
        default ->
            new Problem(
                hre.getStatus() >= 500 ? Problem.Kind.INTERNAL : Problem.Kind.INVALID_REQUEST,
                String.valueOf(hre.getMessage()));
      };
    }
    log.error("unexpected failure", t);
    return new Problem(Problem.Kind.INTERNAL, "an unexpected error; it was logged");
  }

  private static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw Problem.fields(errors);
    }
  }

  private static ObjectNode objectBody(JsonNode node) {
    if (node instanceof ObjectNode o) {
      return o;
    }
    throw Problem.field("body", "must be a JSON object");
  }

  /** The media type of the request, without parameters; JSON bodies must be UTF-8. */
  private static String mediaType(Context ctx) {
    String header = ctx.header("Content-Type");
    if (header == null || header.isBlank()) {
      throw new Problem(
          Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "send a Content-Type (application/json)");
    }
    String[] parts = header.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=")
          && !p.equals("charset=utf-8")
          && !p.equals("charset=\"utf-8\"")) {
        throw new Problem(Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "bodies must be UTF-8, not " + p);
      }
    }
    return type;
  }

  /** The request body, limited; refused at once when its declared length is over the limit. */
  private InputStream body(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBody) {
      ctx.header("Connection", "close");
      throw tooLarge();
    }
    return new LimitedInputStream(ctx.req().getInputStream(), maxBody);
  }

  private Problem tooLarge() {
    return new Problem(
        Problem.Kind.BODY_TOO_LARGE,
        "the body is larger than the limit of " + maxBody + " bytes; send smaller batches");
  }

  private Problem bodyProblem(IOException e) {
    if (e instanceof BodyTooLargeException) {
      return tooLarge();
    }
    if (e instanceof CharacterCodingException) {
      return EventBatchReader.notUtf8();
    }
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
      return EventBatchReader.malformed(jpe);
    }
    return new Problem(
        Problem.Kind.MALFORMED_BODY,
        "the body could not be read: " + e.getMessage(),
        List.of(new FieldError("body", "could not be read")));
  }

  /** A JSON body (Content-Type application/json), parsed with the server's limits. */
  private JsonNode readJson(Context ctx) {
    String type = mediaType(ctx);
    if (!type.equals(JSON)) {
      throw new Problem(
          Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json, not " + type);
    }
    try (InputStream body = body(ctx)) {
      JsonNode node = mapper.readTree(EventBatchReader.utf8(body));
      if (node == null || node.isMissingNode()) {
        throw Problem.field("body", "is empty: send a JSON object");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new Problem(
          Problem.Kind.MALFORMED_BODY,
          "the JSON is too deep or too long: " + e.getOriginalMessage(),
          List.of(new FieldError("body", e.getOriginalMessage())));
    } catch (IOException e) {
      throw bodyProblem(e);
    }
  }

  /** The query parameters of a request, each checked, with errors collected. */
  private static final class Query {
    private final Map<String, List<String>> params;
    private final List<FieldError> errors = new ArrayList<>();

    Query(Context ctx, Set<String> known) {
      this.params = ctx.queryParamMap();
      for (String name : params.keySet()) {
        if (!known.contains(name)) {
          errors.add(new FieldError(name, "unknown query parameter"));
        }
      }
    }

    private String single(String name) {
      List<String> values = params.get(name);
      if (values == null || values.isEmpty()) {
        return null;
      }
      if (values.size() > 1) {
        errors.add(new FieldError(name, "must be given once"));
        return null;
      }
      return values.get(0);
    }

    long integer(String name, long fallback, long min, long max) {
      String v = single(name);
      if (v == null || v.isEmpty()) {
        return fallback;
      }
      try {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
          errors.add(new FieldError(name, "must be between " + min + " and " + max));
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        errors.add(new FieldError(name, "must be an integer"));
        return fallback;
      }
    }

    boolean bool(String name) {
      String v = single(name);
      if (v == null || v.isEmpty() || v.equals("false")) {
        return false;
      }
      if (v.equals("true")) {
        return true;
      }
      errors.add(new FieldError(name, "must be true or false"));
      return false;
    }

    String code(String name) {
      String v = single(name);
      if (v == null || v.isEmpty()) {
        return null;
      }
      if (v.length() > Fields.MAX_CODE || Fields.hasControlCharacters(v)) {
        errors.add(new FieldError(name, "is not a valid code"));
        return null;
      }
      return v;
    }

    void throwIfAny() {
      ApiServer.throwIfAny(errors);
    }
  }

  /** The channel types of SPEC §7 and the fields each takes. */
  private enum ChannelType {
    SHOPIFY(
        "shopify",
        List.of("locationId"),
        List.of(),
        List.of("batchSize", "maxInFlight"),
        List.of("accessToken"),
        List.of()),
    AMAZON(
        "amazon",
        List.of("sellerId", "marketplaceId"),
        List.of("tokenUrl"),
        List.of("feedThreshold", "feedPollSeconds", "feedTimeoutSeconds"),
        List.of("clientId", "clientSecret", "refreshToken"),
        List.of("productType")),
    FLIPKART(
        "flipkart",
        List.of("locationId"),
        List.of(),
        Tuning.PACED,
        List.of("appId", "appSecret"),
        List.of("productId")),
    WOOCOMMERCE(
        "woocommerce",
        List.of(),
        List.of(),
        Tuning.PACED,
        List.of("consumerKey", "consumerSecret"),
        List.of()),
    WEBHOOK("webhook", List.of(), List.of(), Tuning.PACED, List.of("secret"), List.of());

    /** The numeric tuning settings the paced connectors read (docs/connectors/*.md). */
    private static final class Tuning {
      static final List<String> PACED =
          List.of("maxRequestsPerSecond", "burst", "batchSize", "maxInFlight");
    }

    /** The largest value a numeric tuning setting may take. */
    private static final double MAX_TUNING = 1_000_000;

    final String name;
    final List<String> requiredSettings;
    final List<String> optionalSettings;
    final List<String> numericSettings;
    final List<String> credentialFields;
    final List<String> listingExtras;

    ChannelType(
        String name,
        List<String> requiredSettings,
        List<String> optionalSettings,
        List<String> numericSettings,
        List<String> credentialFields,
        List<String> listingExtras) {
      this.name = name;
      this.requiredSettings = requiredSettings;
      this.optionalSettings = optionalSettings;
      this.numericSettings = numericSettings;
      this.credentialFields = credentialFields;
      this.listingExtras = listingExtras;
    }

    static ChannelType of(String name) {
      for (ChannelType t : values()) {
        if (t.name.equals(name)) {
          return t;
        }
      }
      return null;
    }

    static List<String> names() {
      List<String> names = new ArrayList<>();
      for (ChannelType t : values()) {
        names.add(t.name);
      }
      return names;
    }

    /** The settings object, checked; an empty map when the type takes none and none came. */
    Map<String, Object> settings(Fields settings, List<FieldError> errors) {
      Map<String, Object> values = new LinkedHashMap<>();
      if (settings == null) {
        for (String s : requiredSettings) {
          errors.add(new FieldError("settings." + s, "is required for a " + name + " channel"));
        }
        return values;
      }
      Set<String> known = new HashSet<>(requiredSettings);
      known.addAll(optionalSettings);
      known.addAll(numericSettings);
      for (String s : numericSettings) {
        Double v = settings.positive(s, MAX_TUNING);
        if (v != null) {
          values.put(s, v == Math.rint(v) ? (Object) (long) (double) v : v);
        }
      }
      settings.onlyKnown(known);
      for (String s : requiredSettings) {
        String v = settings.text(s, true, Fields.MAX_TEXT);
        if (v != null) {
          values.put(s, v);
        }
      }
      for (String s : optionalSettings) {
        String v = settings.text(s, false, Fields.MAX_TEXT);
        if (v != null) {
          values.put(s, v);
        }
      }
      return values;
    }

    Map<String, String> credentials(Fields credentials, List<FieldError> errors) {
      credentials.onlyKnown(new HashSet<>(credentialFields));
      Map<String, String> values = new LinkedHashMap<>();
      for (String s : credentialFields) {
        String v = credentials.text(s, true, 10_000);
        if (v != null) {
          values.put(s, v);
        }
      }
      return values;
    }

    Map<String, String> listingFields(Fields listing, List<FieldError> errors) {
      Set<String> known = new HashSet<>(listingExtras);
      known.add("externalId");
      listing.onlyKnown(known);
      Map<String, String> values = new LinkedHashMap<>();
      for (String s : listingExtras) {
        String v = listing.text(s, false, Fields.MAX_TEXT);
        if (v != null) {
          values.put(s, v);
        }
      }
      return values;
    }
  }
}
