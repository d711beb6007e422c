package io.stocksync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.storefront.StorefrontControl;
import io.stocksync.emulator.webhook.WebhookEmulator;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server hosting every marketplace emulator on one port: each under its own prefix ({@code
 * http://127.0.0.1:P/shopify/...}, {@code http://127.0.0.1:P/webhook/...}), so that a channel's
 * {@code baseUrl} is {@link #baseUrl(String)}, plus the control endpoints {@code
 * /emulator/{marketplace}/quantities|requests|faults|reset} (SPEC §8, {@code docs/emulators.md}).
 *
 * <pre>{@code
 * try (EmulatorServer server = EmulatorServer.start(0)) {
 *   String shopifyBaseUrl = server.baseUrl("shopify");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Requests are served concurrently on the server's thread pool; {@link #close()}
 * releases any request held by a latency or timeout fault, then stops the server.
 */
public final class EmulatorServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);

  /**
   * The largest request body served. Javalin's default (1 MB) is far below a full Amazon listings
   * feed (25,000 messages, several MB, uploaded to a pre-signed URL that accepts much more).
   */
  static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

  private final Map<String, MarketplaceEmulator> emulators;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final String host;
  private final Javalin app;

  private EmulatorServer(String host, List<MarketplaceEmulator> emulators) {
    Map<String, MarketplaceEmulator> byName = new LinkedHashMap<>();
    emulators.forEach(emulator -> byName.put(emulator.name(), emulator));
    this.emulators = Collections.unmodifiableMap(byName);
    this.host = host;
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = MAX_REQUEST_BYTES;
            });
    this.emulators.values().forEach(this::mount);
    app.get("/emulator", ctx -> reply(ctx, EmulatorResponse.json(200, urls())));
    control(HandlerType.GET, "quantities", (emulator, ctx) -> quantities(emulator));
    control(HandlerType.PUT, "quantities", this::seed);
    control(
        HandlerType.GET,
        "requests",
        (emulator, ctx) -> EmulatorResponse.json(200, emulator.requests().list()));
    control(
        HandlerType.GET,
        "faults",
        (emulator, ctx) -> EmulatorResponse.json(200, emulator.faults().view()));
    control(HandlerType.POST, "faults", this::setFaults);
    control(HandlerType.GET, "orders", (emulator, ctx) -> StorefrontControl.list(emulator));
    control(
        HandlerType.POST,
        "orders",
        (emulator, ctx) -> StorefrontControl.buy(emulator, request(ctx).json()));
    control(
        HandlerType.POST,
        "orders/{orderId}/{action}",
        (e, ctx) -> StorefrontControl.act(e, ctx.pathParam("orderId"), ctx.pathParam("action")));
    control(HandlerType.GET, "webhooks", (emulator, ctx) -> StorefrontControl.deliveries(emulator));
    control(
        HandlerType.GET,
        "held",
        (emulator, ctx) ->
            emulator
                .heldLog()
                .map(log -> EmulatorResponse.json(200, log.changes()))
                .orElseGet(
                    () ->
                        EmulatorResponse.json(
                            404,
                            Map.of(
                                "error",
                                "the "
                                    + emulator.name()
                                    + " emulator keeps no log of its figures"))));
    control(
        HandlerType.POST,
        "reset",
        (emulator, ctx) -> {
          emulator.reset();
          return EmulatorResponse.empty(204);
        });
  }

  /**
   * Starts every default emulator (Shopify, Amazon, Flipkart, WooCommerce, webhook) on {@code
   * 127.0.0.1:port}; 0 picks a port.
   */
  public static EmulatorServer start(int port) {
    return builder().port(port).start();
  }

  /** A builder, to choose the port, the clock or the emulators' options. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server is bound to. */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String baseUrl() {
    return "http://" + host + ":" + port();
  }

  /** {@code http://host:port/{marketplace}}: the {@code baseUrl} a channel uses. */
  public String baseUrl(String marketplace) {
    emulator(marketplace);
    return baseUrl() + "/" + marketplace;
  }

  /**
   * The emulator of that name.
   *
   * @throws IllegalArgumentException when the server hosts none
   */
  public MarketplaceEmulator emulator(String marketplace) {
    MarketplaceEmulator emulator = emulators.get(marketplace);
    if (emulator == null) {
      throw new IllegalArgumentException(
          "no emulator named '" + marketplace + "'; hosted: " + emulators.keySet());
    }
    return emulator;
  }

  /**
   * The hosted emulator of that type.
   *
   * @throws IllegalArgumentException when the server hosts none
   */
  public <T extends MarketplaceEmulator> T emulator(Class<T> type) {
    return emulators.values().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no emulator of type " + type.getName()));
  }

  /** Every hosted emulator, in mounting order. */
  public List<MarketplaceEmulator> emulators() {
    return List.copyOf(emulators.values());
  }

  /** Releases held requests and stops the server. Idempotent. */
  @Override
  public void close() {
    closing.countDown();
    app.stop();
  }

  private EmulatorServer listen(int port) {
    app.start(host, port);
    emulators.keySet().forEach(name -> LOG.info("{} emulator at {}", name, baseUrl(name)));
    LOG.info(
        "emulator controls at {}/emulator/{marketplace}/quantities|requests|faults|reset",
        baseUrl());
    return this;
  }

  private void mount(MarketplaceEmulator emulator) {
    emulator.registerRoutes(
        (method, path, handler) ->
            app.addHttpHandler(
                HandlerType.valueOf(method),
                "/" + emulator.name() + path,
                ctx -> reply(ctx, serve(emulator, handler, request(ctx)))));
  }

  private static EmulatorRequest request(Context ctx) {
    return new EmulatorRequest(
        ctx.method().name(), ctx.path(), ctx.queryString(), ctx.headerMap(), ctx.bodyAsBytes());
  }

  /** Runs one marketplace request through the generic faults, recording it in the journal. */
  private EmulatorResponse serve(
      MarketplaceEmulator emulator, MarketplaceEmulator.Handler handler, EmulatorRequest request) {
    Faults faults = emulator.faults();
    long sequence = emulator.requests().arrived(request);
    EmulatorResponse response;
    try {
      hold(faults.latency());
      response = answer(emulator, handler, request, faults);
    } catch (RuntimeException e) {
      LOG.error(
          "{} emulator failed on {} {}", emulator.name(), request.method(), request.path(), e);
      response = emulator.errorResponse(500);
    }
    emulator.requests().answered(sequence, response.status());
    return response;
  }

  private EmulatorResponse answer(
      MarketplaceEmulator emulator,
      MarketplaceEmulator.Handler handler,
      EmulatorRequest request,
      Faults faults) {
    Optional<Faults.ForcedStatus> forced = faults.takeForcedStatus();
    if (forced.isPresent()) {
      EmulatorResponse response = emulator.errorResponse(forced.get().status());
      Integer retryAfter = forced.get().retryAfterSeconds();
      return retryAfter == null
          ? response
          : response.withHeader("Retry-After", Integer.toString(retryAfter));
    }
    Optional<Faults.HeldTimeout> timeout = faults.takeTimeout();
    if (timeout.isEmpty()) {
      return handler.handle(request);
    }
    if (!timeout.get().apply()) {
      hold(timeout.get().hold());
      return emulator.errorResponse(504);
    }
    EmulatorResponse applied = handler.handle(request);
    hold(timeout.get().hold());
    return applied;
  }

  /** Waits {@code duration} of real time, or until the server closes. */
  private void hold(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void control(
      HandlerType method,
      String what,
      BiFunction<MarketplaceEmulator, Context, EmulatorResponse> action) {
    app.addHttpHandler(
        method,
        "/emulator/{marketplace}/" + what,
        ctx -> {
          MarketplaceEmulator emulator = emulators.get(ctx.pathParam("marketplace"));
          if (emulator == null) {
            reply(
                ctx,
                EmulatorResponse.json(
                    404,
                    Map.of("error", "no emulator named '" + ctx.pathParam("marketplace") + "'")));
            return;
          }
          try {
            reply(ctx, action.apply(emulator, ctx));
          } catch (IllegalArgumentException e) {
            reply(ctx, EmulatorResponse.json(400, Map.of("error", e.getMessage())));
          }
        });
  }

  private static EmulatorResponse quantities(MarketplaceEmulator emulator) {
    return EmulatorResponse.json(200, new TreeMap<>(emulator.quantities()));
  }

  private EmulatorResponse seed(MarketplaceEmulator emulator, Context ctx) {
    JsonNode body = request(ctx).json();
    if (!body.isObject()) {
      throw new IllegalArgumentException("the quantities must be a JSON object of key to quantity");
    }
    Map<String, Long> seeds = new LinkedHashMap<>();
    body.properties()
        .forEach(
            field -> {
              if (!field.getValue().isIntegralNumber()) {
                throw new IllegalArgumentException(
                    "the quantity of '" + field.getKey() + "' must be an integer");
              }
              seeds.put(field.getKey(), field.getValue().longValue());
            });
    emulator.seedQuantities(seeds);
    return quantities(emulator);
  }

  private EmulatorResponse setFaults(MarketplaceEmulator emulator, Context ctx) {
    emulator.faults().apply(request(ctx).json());
    return EmulatorResponse.json(200, emulator.faults().view());
  }

  private Map<String, String> urls() {
    Map<String, String> urls = new LinkedHashMap<>();
    emulators.keySet().forEach(name -> urls.put(name, baseUrl(name)));
    return urls;
  }

  private static void reply(Context ctx, EmulatorResponse response) {
    response.headers().forEach(ctx::header);
    ctx.status(response.status());
    if (!response.body().isEmpty()) {
      ctx.contentType(response.contentType());
      ctx.result(response.body());
    }
  }

  /**
   * Chooses the server's address and emulators. Emulators not added explicitly are created with
   * their default options and the builder's clock.
   *
   * <p>Not thread-safe; use it from one thread, then {@link #start()}.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Clock clock = Clock.systemUTC();
    private final Map<String, MarketplaceEmulator> added = new LinkedHashMap<>();

    private Builder() {}

    /** The port to bind; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The address to bind; loopback by default. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The clock of the default emulators (cost buckets, timestamps, time-bound faults). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Hosts {@code emulator}, replacing the default one of the same name. */
    public Builder add(MarketplaceEmulator emulator) {
      added.put(emulator.name(), emulator);
      return this;
    }

    /** Builds the missing default emulators, binds the port and starts serving. */
    public EmulatorServer start() {
      List<MarketplaceEmulator> all = new ArrayList<>();
      for (Map.Entry<String, Function<Clock, MarketplaceEmulator>> entry : defaults().entrySet()) {
        MarketplaceEmulator explicit = added.get(entry.getKey());
        all.add(explicit != null ? explicit : entry.getValue().apply(clock));
      }
      added.values().stream().filter(emulator -> !all.contains(emulator)).forEach(all::add);
      return new EmulatorServer(host, all).listen(port);
    }

    private static Map<String, Function<Clock, MarketplaceEmulator>> defaults() {
      Map<String, Function<Clock, MarketplaceEmulator>> defaults = new LinkedHashMap<>();
      defaults.put(
          ShopifyEmulator.NAME,
          clock -> new ShopifyEmulator(ShopifyEmulator.Options.defaults(), clock));
      defaults.put(
          AmazonEmulator.NAME,
          clock -> new AmazonEmulator(AmazonEmulator.Options.defaults(), clock));
      defaults.put(
          FlipkartEmulator.NAME,
          clock -> new FlipkartEmulator(FlipkartEmulator.Options.defaults(), clock));
      defaults.put(
          WooCommerceEmulator.NAME,
          clock -> new WooCommerceEmulator(WooCommerceEmulator.Options.defaults(), clock));
      defaults.put(
          WebhookEmulator.NAME,
          clock -> new WebhookEmulator(WebhookEmulator.Options.defaults(), clock));
      return defaults;
    }
  }
}
