package io.stocksync.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.stocksync.server.account.Authenticator;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.feed.OrderIntake;
import io.stocksync.server.readback.ReadBack;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.AlertRepository;
import io.stocksync.store.ListingLevelRepository;
import io.stocksync.store.PushAttemptRepository;
import io.stocksync.store.report.ReportRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The HTTP API v1 (SPEC §7) on an embedded Javalin server: every {@code /v1} route for the account
 * whose key the request carries, plus {@code /health}, {@code /metrics} and {@code /openapi.json}.
 *
 * <p>Configuration changes and reads run on the account's writer ({@link Engine#execute}); events
 * go through {@link Engine#submit}. An answer is sent only once what it reports is durable. Errors
 * are {@code application/problem+json} ({@link Problem}). A request body larger than the limit is
 * refused with 413 as soon as that is known: from its {@code Content-Length}, or while it is read.
 *
 * <p>This class is the wiring: the routes live in one {@link Routes} object per resource, each
 * added with one line in {@link #resources}; shared request reading is {@link RequestBodies},
 * answers are {@link Replies} and problem documents {@link ProblemDocuments}.
 *
 * <p>Thread-safe. {@link #drain} then {@link #close} stop it gracefully.
 */
public final class ApiServer implements AutoCloseable {

  /** Where the server listens and the largest body it reads. */
  public record Options(String bind, int port, long maxBody) {}

  /** One route the server has: its method and path, as the OpenAPI document names them. */
  public record Route(String method, String path) {}

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String CSV = "text/csv";
  private static final String ACCOUNT = "stocksync.account";

  /** The most components a bundle may have, and locations a channel may draw from. */
  static final int MAX_ITEMS = 1_000;

  private final Authenticator authenticator;
  private final ApiMetrics metrics;
  private final ProblemDocuments problems;
  private final ServiceRoutes service;
  private final List<Route> routes = new ArrayList<>();
  private final Javalin app;
  private final RequestGate gate;

  private ApiServer(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      ReportRepository reports,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options,
      AlertWiring alerts,
      FeedWiring feeds,
      ReadBackWiring readBack) {
    this.authenticator = authenticator;
    this.metrics = metrics;
    this.gate = new RequestGate(metrics);
    JsonFactory factory = RequestBodies.jsonFactory();
    ObjectMapper mapper =
        new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.problems = new ProblemDocuments(mapper, options.maxBody());
    RequestBodies bodies = new RequestBodies(mapper, options.maxBody());
    Replies replies = new Replies(engine, mapper, problems);
    this.service = new ServiceRoutes(engine, metrics, replies, problems);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = options.maxBody();
              Dashboard.serve(config); // GET /: the dashboard's files (SPEC §13)
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new ProblemErrorHandler()));
            });
    app.before(gate::admit);
    app.before("/v1/*", this::authenticate);
    app.after(gate::finish);
    app.exception(Exception.class, (e, ctx) -> problems.write(ctx, problems.toProblem(e)));
    app.error(404, this::notFound);
    app.error(405, this::notFound);
    for (Routes resource :
        resources(
            engine,
            bodies,
            replies,
            attempts,
            reports,
            cipher,
            new EventBatchReader(factory),
            alerts,
            feeds,
            readBack)) {
      resource.register(this::route);
    }
  }

  /**
   * Every resource's routes. A new resource is one line here: its {@link Routes} object, built from
   * the shared parts it needs.
   */
  private List<Routes> resources(
      Engine engine,
      RequestBodies bodies,
      Replies replies,
      PushAttemptRepository attempts,
      ReportRepository reports,
      CredentialCipher cipher,
      EventBatchReader eventReader,
      AlertWiring alerts,
      FeedWiring feeds,
      ReadBackWiring readBack) {
    HeldFigures held = new HeldFigures(readBack == null ? null : readBack.levels());
    List<Routes> all = new ArrayList<>();
    all.add(service);
    all.add(new PolicyRoutes(bodies, replies));
    all.add(new SkuRoutes(bodies, replies, held));
    all.add(new LocationRoutes(bodies, replies));
    all.add(new EventRoutes(bodies, replies, eventReader, metrics));
    all.add(new ChannelRoutes(bodies, replies, cipher));
    all.add(new ChannelTestRoutes(bodies, replies, cipher));
    all.add(new ListingRoutes(bodies, replies));
    all.add(new PushRoutes(bodies, replies, attempts));
    if (reports != null) {
      all.add(new ReportRoutes(engine, reports));
    }
    all.add(new ExplainRoutes(replies, attempts, held));
    all.add(new ReadBackRoutes(bodies, replies, readBack == null ? null : readBack.readBack()));
    if (alerts != null) {
      all.add(
          new AlertRoutes(
              bodies, replies, alerts.repository(), cipher, alerts.clock(), alerts.wake()));
    }
    all.add(new OrderRoutes(engine));
    FeedWiring hooks =
        feeds != null ? feeds : new FeedWiring(new OrderIntake(engine), (account, channel) -> {});
    all.add(new HookRoutes(engine, hooks, cipher, hooks.clock()));
    return all;
  }

  /** Starts the server on {@code options.bind():options.port()} (port 0: any free port). */
  public static ApiServer start(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options) {
    return start(engine, authenticator, attempts, null, cipher, metrics, options);
  }

  /**
   * {@link #start(Engine, Authenticator, PushAttemptRepository, CredentialCipher, ApiMetrics,
   * Options)} with the report routes of {@link ReportRoutes} too, read from {@code reports} (null:
   * without them).
   */
  public static ApiServer start(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      ReportRepository reports,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options) {
    return start(engine, authenticator, attempts, reports, cipher, metrics, options, null);
  }

  /**
   * What the alert routes of SPEC §10 need: the store's alerts, the clock that stamps a
   * destination, and the delivery worker's wake-up (called when a destination is set).
   */
  public record AlertWiring(AlertRepository repository, Clock clock, Runnable wake) {}

  /**
   * What the hook route of SPEC §9 shares with the server's order feeds: the intake that books
   * lines, and the schedule's request to poll a channel soon (called with the account and channel
   * when a webhook brought lines it could not match), and the clock the hook route checks the
   * signatures' timestamps by.
   */
  public record FeedWiring(OrderIntake intake, BiConsumer<String, String> pollSoon, Clock clock) {
    /** The wiring on the system clock. */
    public FeedWiring(OrderIntake intake, BiConsumer<String, String> pollSoon) {
      this(intake, pollSoon, Clock.systemUTC());
    }
  }

  /**
   * {@link #start(Engine, Authenticator, PushAttemptRepository, ReportRepository, CredentialCipher,
   * ApiMetrics, Options)} with the alert routes too ({@code alerts} null: without them).
   */
  public static ApiServer start(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      ReportRepository reports,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options,
      AlertWiring alerts) {
    return start(engine, authenticator, attempts, reports, cipher, metrics, options, alerts, null);
  }

  /**
   * {@link #start(Engine, Authenticator, PushAttemptRepository, ReportRepository, CredentialCipher,
   * ApiMetrics, Options, AlertWiring)} with the hook route booking through the server's order feeds
   * ({@code feeds} null: an intake of its own, and no poll asked for).
   */
  public static ApiServer start(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      ReportRepository reports,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options,
      AlertWiring alerts,
      FeedWiring feeds) {
    return start(
        engine, authenticator, attempts, reports, cipher, metrics, options, alerts, feeds, null);
  }

  /**
   * What the read-back of SPEC §12 shares with the HTTP API: the pass {@code POST
   * /v1/channels/{id}/read-back} runs, and the figures read that the SKU views and the explain
   * show.
   */
  public record ReadBackWiring(ReadBack readBack, ListingLevelRepository levels) {}

  /**
   * {@link #start(Engine, Authenticator, PushAttemptRepository, ReportRepository, CredentialCipher,
   * ApiMetrics, Options, AlertWiring, FeedWiring)} with the read-back's route and figures ({@code
   * readBack} null: the route answers 503 and every held figure is null).
   */
  public static ApiServer start(
      Engine engine,
      Authenticator authenticator,
      PushAttemptRepository attempts,
      ReportRepository reports,
      CredentialCipher cipher,
      ApiMetrics metrics,
      Options options,
      AlertWiring alerts,
      FeedWiring feeds,
      ReadBackWiring readBack) {
    ApiServer server =
        new ApiServer(
            engine,
            authenticator,
            attempts,
            reports,
            cipher,
            metrics,
            options,
            alerts,
            feeds,
            readBack);
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
    return gate.drain(timeout);
  }

  /** Stops the HTTP server. */
  @Override
  public void close() {
    gate.close();
    app.stop();
  }

  // ------------------------------------------------------------------ routes

  private void route(HandlerType method, String path, Handler handler) {
    routes.add(new Route(method.name(), path));
    app.addHttpHandler(method, path, handler);
  }

  /**
   * Adds a check to {@code /health} (SPEC §6): while {@code problem} describes one, {@code /health}
   * answers 503 naming it. Called by the wiring before or after start; {@code problem} runs on the
   * request's thread and should be quick (cache what it reads).
   */
  public void addHealthCheck(String name, Supplier<Optional<String>> problem) {
    service.addHealthCheck(name, problem);
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

  private void notFound(Context ctx) {
    if (!PROBLEM_JSON.equals(ctx.res().getContentType())) {
      problems.write(
          ctx,
          new Problem(Problem.Kind.NOT_FOUND, "no such route: " + ctx.method() + " " + ctx.path()));
    }
  }

  static String account(Context ctx) {
    return ctx.attribute(ACCOUNT);
  }
}
