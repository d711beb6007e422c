package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.server.alert.AlertDelivery;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.AlertRepository;
import io.stocksync.store.AlertRepository.Cursor;
import io.stocksync.store.AlertRepository.Filter;
import io.stocksync.store.AlertRepository.Page;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The alert routes of SPEC §10: {@code GET /v1/alerts} (open first, newest first, paged) and the
 * account's destination ({@code PUT} and {@code GET /v1/alerts/destination}; the secret is sealed
 * like channel credentials and never shown again). Reads go to the store, off the writers.
 */
final class AlertRoutes implements Routes {

  /** The default page of {@code GET /v1/alerts}. */
  static final int DEFAULT_PAGE = 100;

  /** The longest destination URL accepted. */
  static final int MAX_URL = 2_048;

  /** A destination secret's bounds: a short one could be guessed, a huge one is a mistake. */
  static final int MIN_SECRET = 16;

  static final int MAX_SECRET = 512;

  private static final String CURSOR_VERSION = "a1";

  private final RequestBodies bodies;
  private final Replies replies;
  private final AlertRepository alerts;
  private final CredentialCipher cipher;
  private final Clock clock;
  private final Runnable destinationChanged;

  AlertRoutes(
      RequestBodies bodies,
      Replies replies,
      AlertRepository alerts,
      CredentialCipher cipher,
      Clock clock,
      Runnable destinationChanged) {
    this.bodies = bodies;
    this.replies = replies;
    this.alerts = alerts;
    this.cipher = cipher;
    this.clock = clock;
    this.destinationChanged = destinationChanged;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/alerts", this::list);
    routes.route(HandlerType.PUT, "/v1/alerts/destination", this::putDestination);
    routes.route(HandlerType.GET, "/v1/alerts/destination", this::getDestination);
  }

  private void list(Context ctx) {
    Query q = new Query(ctx, Set.of("state", "kind", "sku", "channel", "limit", "cursor"));
    AlertState state = null;
    String stateName = q.single("state");
    if (stateName == null || stateName.isEmpty() || stateName.equals("all")) {
      state = null;
    } else if (stateName.equals("open")) {
      state = AlertState.OPEN;
    } else if (stateName.equals("resolved")) {
      state = AlertState.RESOLVED;
    } else {
      q.errors.add(new FieldError("state", "must be one of open, resolved, all"));
    }
    AlertKind kind = null;
    String kindName = q.single("kind");
    if (kindName != null && !kindName.isEmpty()) {
      try {
        kind = AlertKind.valueOf(kindName);
      } catch (IllegalArgumentException e) {
        q.errors.add(new FieldError("kind", "must be one of " + List.of(AlertKind.values())));
      }
    }
    String sku = q.code("sku");
    String channel = q.code("channel");
    int limit = (int) q.integer("limit", DEFAULT_PAGE, 1, AlertRepository.MAX_PAGE);
    Cursor cursor = decode(q);
    q.throwIfAny();
    Page page =
        alerts.list(ApiServer.account(ctx), new Filter(state, kind, sku, channel), cursor, limit);
    List<Map<String, Object>> items = new ArrayList<>(page.alerts().size());
    for (AlertRow a : page.alerts()) {
      items.add(view(a));
    }
    replies.json(
        ctx,
        200,
        Views.ordered("alerts", items, "next", page.next() == null ? null : encode(page.next())));
  }

  static Map<String, Object> view(AlertRow a) {
    return Views.ordered(
        "id", a.id(),
        "kind", a.kind().name(),
        "state", a.state().name(),
        "sku", a.sku(),
        "channel", a.channel(),
        "location", a.location(),
        "openedAt", a.openedAt().toString(),
        "resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString(),
        "details", a.details());
  }

  private static String encode(Cursor c) {
    String raw =
        CURSOR_VERSION + ":" + c.state().name() + ":" + c.openedAt().toEpochMilli() + ":" + c.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Cursor decode(Query q) {
    String given = q.single("cursor");
    if (given == null || given.isEmpty()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(given), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", -1);
      if (parts.length == 4 && parts[0].equals(CURSOR_VERSION)) {
        return new Cursor(
            AlertState.valueOf(parts[1]),
            Instant.ofEpochMilli(Long.parseLong(parts[2])),
            Long.parseLong(parts[3]));
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // reported below
    }
    q.errors.add(new FieldError("cursor", "not a cursor this server gave out"));
    return null;
  }

  private void putDestination(Context ctx) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(bodies.readJson(ctx), "", errors);
    String url = null;
    String secret = null;
    if (f != null) {
      f.onlyKnown(Set.of("url", "secret"));
      url = f.text("url", true, MAX_URL);
      secret = f.text("secret", true, MAX_SECRET);
      if (url != null) {
        String problem = urlProblem(url);
        if (problem != null) {
          errors.add(new FieldError("url", problem));
        }
      }
      if (secret != null && secret.length() < MIN_SECRET) {
        errors.add(new FieldError("secret", "must be at least " + MIN_SECRET + " characters"));
      }
    }
    Problem.throwIfAny(errors);
    String account = ApiServer.account(ctx);
    Instant now = clock.instant();
    alerts.putDestination(
        account, url, cipher.seal(secret, AlertDelivery.secretContext(account)), now);
    destinationChanged.run();
    replies.json(ctx, 200, destinationView(url, now));
  }

  private void getDestination(Context ctx) {
    new Query(ctx, Set.of()).throwIfAny();
    String account = ApiServer.account(ctx);
    AlertRepository.Destination d =
        alerts
            .destination(account)
            .orElseThrow(
                () ->
                    new Problem(
                        Problem.Kind.NOT_FOUND,
                        "no alert destination: set one with PUT /v1/alerts/destination"));
    replies.json(ctx, 200, destinationView(d.url(), d.updatedAt()));
  }

  /** The destination as shown: never the secret, only that one is set. */
  private static Map<String, Object> destinationView(String url, Instant updatedAt) {
    return Views.ordered("url", url, "secretSet", true, "updatedAt", updatedAt.toString());
  }

  /** Why {@code url} cannot be a destination, or null when it can. */
  static String urlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "not a URL: " + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an absolute http or https URL";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "must name a host";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry a user name or password (the signature authenticates deliveries)";
    }
    if (uri.getRawFragment() != null) {
      return "must not have a fragment";
    }
    return null;
  }
}
