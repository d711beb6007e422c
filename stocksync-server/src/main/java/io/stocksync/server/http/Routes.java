package io.stocksync.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * The routes of one resource of the API (SPEC §7). {@link ApiServer} calls {@link #register} once,
 * before it starts; each route a routes object adds is authenticated (under {@code /v1}), counted
 * in the metrics and listed in {@link ApiServer#routes()} (which the OpenAPI contract test reads).
 */
interface Routes {

  /** How a routes object adds a route to the server. */
  @FunctionalInterface
  interface Registrar {
    void route(HandlerType method, String path, Handler handler);
  }

  /** Adds this resource's routes. */
  void register(Registrar routes);
}
