package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineHealth;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The routes outside {@code /v1}, without a key: {@code /health} (SPEC §6), {@code /metrics}
 * (Prometheus text) and {@code /openapi.json}. Thread-safe: checks may be added while it serves.
 */
final class ServiceRoutes implements Routes {
  /** A check {@code /health} runs beside the engine's own: a problem's description, or empty. */
  private record HealthCheck(String name, Supplier<Optional<String>> problem) {}

  private final Engine engine;
  private final ApiMetrics metrics;
  private final Replies replies;
  private final ProblemDocuments problems;
  private final byte[] openApi;
  private final List<HealthCheck> healthChecks = new CopyOnWriteArrayList<>();

  ServiceRoutes(Engine engine, ApiMetrics metrics, Replies replies, ProblemDocuments problems) {
    this.engine = engine;
    this.metrics = metrics;
    this.replies = replies;
    this.problems = problems;
    try (InputStream in = ServiceRoutes.class.getResourceAsStream("openapi.json")) {
      this.openApi = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("openapi.json is missing from the build", e);
    }
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/health", this::health);
    routes.route(
        HandlerType.GET,
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    routes.route(
        HandlerType.GET, "/openapi.json", ctx -> ctx.contentType(ApiServer.JSON).result(openApi));
  }

  /** See {@link ApiServer#addHealthCheck}. */
  void addHealthCheck(String name, Supplier<Optional<String>> problem) {
    healthChecks.add(new HealthCheck(name, problem));
  }

  /**
   * {@code GET /health}: 200 {@code UP} while the engine can write and every check passes;
   * otherwise 503, a problem document whose {@code checks} name each failing check and why (and
   * since when, for the store).
   */
  private void health(Context ctx) {
    List<Map<String, Object>> failing = new ArrayList<>();
    EngineHealth store = engine.health();
    if (!store.canWrite()) {
      failing.add(
          Views.ordered(
              "name", "store", "detail", store.reason(), "since", store.since().toString()));
    } else {
      // Checks that read the store only once it answers: an outage is already the reason.
      for (HealthCheck check : healthChecks) {
        String detail;
        try {
          detail = check.problem().get().orElse(null);
        } catch (RuntimeException e) {
          detail = "could not be checked: " + e.getMessage();
        }
        if (detail != null) {
          failing.add(Views.ordered("name", check.name(), "detail", detail));
        }
      }
    }
    if (failing.isEmpty()) {
      replies.json(ctx, 200, Views.ordered("status", "UP"));
      return;
    }
    Problem.Kind kind =
        store.canWrite() ? Problem.Kind.MISCONFIGURED : Problem.Kind.STORE_UNAVAILABLE;
    StringBuilder detail = new StringBuilder();
    for (Map<String, Object> f : failing) {
      detail.append(detail.length() == 0 ? "" : "; ").append(f.get("name")).append(": ");
      detail.append(f.get("detail"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", kind.type());
    body.put("title", kind.title);
    body.put("status", kind.status());
    body.put("detail", detail.toString());
    body.put("checks", failing);
    problems.writeBody(ctx, kind.status(), body);
  }
}
