package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.inventory.ConfigDeletions;
import io.stocksync.core.inventory.ConfigurationQuery;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.LocationRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The location routes of SPEC §7: {@code /v1/locations} and {@code /v1/locations/{code}}. */
final class LocationRoutes implements Routes {
  /** The most locations a page of {@code GET /v1/locations} holds. */
  static final int MAX_PAGE = 1_000;

  private final RequestBodies bodies;
  private final Replies replies;

  LocationRoutes(RequestBodies bodies, Replies replies) {
    this.bodies = bodies;
    this.replies = replies;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/locations", this::listLocations);
    routes.route(HandlerType.PUT, "/v1/locations/{code}", this::putLocation);
    routes.route(HandlerType.GET, "/v1/locations/{code}", this::getLocation);
    routes.route(HandlerType.PATCH, "/v1/locations/{code}", this::patchLocation);
    routes.route(HandlerType.DELETE, "/v1/locations/{code}", this::deleteLocation);
  }

  /** A location's fields as a PUT body gives them. */
  private record LocationInput(String name, boolean sellable) {}

  /** Reads a whole location body; {@code sellable} is required, a name left out is the code. */
  private static LocationInput parse(JsonNode body, List<FieldError> errors) {
    Fields f = Fields.of(body, "", errors);
    String name = null;
    Boolean sellable = null;
    if (f != null) {
      f.onlyKnown(Set.of("name", "sellable"));
      name = f.text("name", false, Fields.MAX_TEXT);
      sellable = f.bool("sellable", true);
    }
    Problem.throwIfAny(errors);
    return new LocationInput(name, sellable);
  }

  private void putLocation(Context ctx) {
    String code = Fields.code("code", ctx.pathParam("code"));
    LocationInput in = parse(bodies.readJson(ctx), new ArrayList<>());
    replies.run(
        ctx,
        (a, c, now) -> {
          a.putLocation(code, in.name(), in.sellable(), now, c);
          return Views.location(a.location(code));
        });
  }

  /** {@code PATCH /v1/locations/{code}}: a JSON merge patch on its name and sellable flag. */
  private void patchLocation(Context ctx) {
    String code = Fields.code("code", ctx.pathParam("code"));
    JsonNode patch = bodies.readPatch(ctx);
    replies.run(
        ctx,
        (a, c, now) -> {
          LocationRow was = a.location(code);
          ObjectNode current = replies.mapper().createObjectNode();
          current.put("name", was.name()).put("sellable", was.sellable());
          LocationInput in = parse(MergePatch.apply(current, patch), new ArrayList<>());
          a.putLocation(code, in.name(), in.sellable(), now, c);
          return Views.location(a.location(code));
        });
  }

  private void getLocation(Context ctx) {
    String code = Fields.code("code", ctx.pathParam("code"));
    new Query(ctx, Set.of()).throwIfAny();
    replies.run(ctx, (a, c, now) -> Views.location(a.location(code)));
  }

  /** {@code GET /v1/locations?sellable=&limit=&cursor=}: a page of locations, by code. */
  private void listLocations(Context ctx) {
    Query q = new Query(ctx, Set.of("sellable", "limit", "cursor"));
    Boolean sellable = q.optionalBool("sellable");
    int limit = (int) q.integer("limit", 100, 1, MAX_PAGE);
    String after = Cursors.decode(q);
    q.throwIfAny();
    replies.run(
        ctx,
        (a, c, now) -> {
          ConfigurationQuery.Page<LocationRow> page =
              ConfigurationQuery.locations(a, sellable, after, limit);
          List<Map<String, Object>> items = new ArrayList<>(page.items().size());
          page.items().forEach(l -> items.add(Views.location(l)));
          return Views.ordered("locations", items, "next", Cursors.encode(page.next()));
        });
  }

  /** {@code DELETE /v1/locations/{code}}: 409 while it holds stock or a channel draws from it. */
  private void deleteLocation(Context ctx) {
    String code = Fields.code("code", ctx.pathParam("code"));
    new Query(ctx, Set.of()).throwIfAny();
    replies.runDeletion(
        ctx,
        (a, c, now) -> {
          ConfigDeletions.deleteLocation(a, code, c);
          return null;
        });
  }
}
