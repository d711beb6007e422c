package io.stocksync.server.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits requests and sees them out: counts those in progress (so that {@link #drain} can wait for
 * them), refuses new ones with 503 {@code shutting-down} once draining, and records each answered
 * request in the metrics by its route. Thread-safe.
 */
final class RequestGate {
  private static final Logger log = LoggerFactory.getLogger(RequestGate.class);
  private static final String STARTED = "stocksync.started";
  private static final String COUNTED = "stocksync.counted";

  private final ApiMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  RequestGate(ApiMetrics metrics) {
    this.metrics = metrics;
  }

  /** Before every request: counted in, or refused while draining. */
  void admit(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
    if (draining) {
      ctx.header("Connection", "close");
      throw new Problem(Problem.Kind.SHUTTING_DOWN, "the server is shutting down; retry later");
    }
    inFlight.incrementAndGet();
    ctx.attribute(COUNTED, Boolean.TRUE);
  }

  /** After every request: counted out and measured. */
  void finish(Context ctx) {
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

  /** Refuses new requests from now on. */
  void close() {
    draining = true;
  }

  /** Refuses new requests and waits up to {@code timeout} for those in progress. */
  boolean drain(Duration timeout) {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        log.warn("{} request(s) still in progress after {}", inFlight.get(), timeout);
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return true;
  }
}
