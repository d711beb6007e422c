package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.inventory.ConfigDeletions;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.SkuQuery;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.core.inventory.StockAlerts;
import io.stocksync.core.inventory.StorableValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SKU routes of SPEC §7: {@code /v1/skus} and {@code /v1/skus/{sku}}. */
final class SkuRoutes implements Routes {
  /** The most SKUs a page of {@code GET /v1/skus} holds. */
  static final int MAX_SKU_PAGE = 1_000;

  /** The most components a bundle may have. */
  static final int MAX_COMPONENTS = ApiServer.MAX_ITEMS;

  private final RequestBodies bodies;
  private final Replies replies;

  private final HeldFigures held;

  SkuRoutes(RequestBodies bodies, Replies replies, HeldFigures held) {
    this.bodies = bodies;
    this.replies = replies;
    this.held = held;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/skus", this::listSkus);
    routes.route(HandlerType.PUT, "/v1/skus/{sku}", this::putSku);
    routes.route(HandlerType.GET, "/v1/skus/{sku}", this::getSku);
    routes.route(HandlerType.PATCH, "/v1/skus/{sku}", this::patchSku);
    routes.route(HandlerType.DELETE, "/v1/skus/{sku}", this::deleteSku);
  }

  /** A SKU's fields as a PUT body gives them; a field left out takes its default. */
  private record SkuInput(
      String name, List<Component> components, Long alertAt, Map<String, Long> alertAtLocations) {}

  /** Reads a whole SKU body (a PUT's, or a PATCH's once merged), collecting errors. */
  private static SkuInput parse(JsonNode body, List<FieldError> errors) {
    Fields f = Fields.of(body, "", errors);
    String name = null;
    List<Component> components = null;
    Long alertAt = null;
    Map<String, Long> alertAtLocations = new java.util.LinkedHashMap<>();
    if (f != null) {
      f.onlyKnown(Set.of("name", "components", "alertAt", "alertAtLocations"));
      alertAt = f.integer("alertAt", false, 0, StockAlerts.MAX_ALERT_AT);
      Fields perLocation = f.object("alertAtLocations");
      if (perLocation != null) {
        if (perLocation.size() > ApiServer.MAX_ITEMS) {
          errors.add(
              new FieldError("alertAtLocations", "at most " + ApiServer.MAX_ITEMS + " locations"));
        } else {
          for (String code : perLocation.names()) {
            Long at = perLocation.integer(code, true, 0, StockAlerts.MAX_ALERT_AT);
            String normal = StorableValues.normaliseCode(code);
            String problem = StorableValues.problemWithCode(normal);
            if (problem != null) {
              errors.add(new FieldError("alertAtLocations." + code, problem));
            } else if (at != null) {
              alertAtLocations.put(normal, at);
            }
          }
        }
      }
      name = f.text("name", false, Fields.MAX_TEXT);
      ArrayNode items = f.array("components", MAX_COMPONENTS);
      if (items != null) {
        components = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
          Fields item = Fields.of(items.get(i), "components[" + i + "]", errors);
          if (item != null) {
            item.onlyKnown(Set.of("sku", "quantity"));
            String part = item.code("sku", true);
            Long quantity = item.integer("quantity", true, 1, AccountState.MAX_UNITS);
            if (part != null && quantity != null) {
              components.add(new Component(part, quantity));
            }
          }
        }
      }
    }
    return new SkuInput(name, components, alertAt, alertAtLocations);
  }

  /**
   * {@code PUT /v1/skus/{sku}}: replaces the SKU whole. A name left out is the SKU's code; {@code
   * components} left out makes it a plain SKU (a bundle's components are dropped).
   */
  private void putSku(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    List<FieldError> errors = new ArrayList<>();
    SkuInput in = parse(bodies.readJson(ctx), errors);
    Problem.throwIfAny(errors);
    String account = ApiServer.account(ctx);
    replies.run(ctx, (a, c, now) -> store(a, c, now, sku, in), v -> held.sku(account, v));
  }

  /** {@code PATCH /v1/skus/{sku}}: a JSON merge patch on the SKU's name and components. */
  private void patchSku(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    JsonNode patch = bodies.readPatch(ctx);
    String account = ApiServer.account(ctx);
    replies.run(
        ctx,
        (a, c, now) -> {
          SkuView v = a.view(sku);
          ObjectNode current = replies.mapper().createObjectNode();
          current.put("name", v.name());
          if (!v.components().isEmpty()) {
            ArrayNode parts = current.putArray("components");
            for (Component part : v.components()) {
              parts.addObject().put("sku", part.sku()).put("quantity", part.quantity());
            }
          }
          List<FieldError> errors = new ArrayList<>();
          Long own = a.alerts().thresholds().own(sku);
          if (own != null) {
            current.put("alertAt", own);
          }
          Map<String, Long> atLocations = a.alerts().thresholds().atLocations(sku);
          if (!atLocations.isEmpty()) {
            ObjectNode per = current.putObject("alertAtLocations");
            atLocations.forEach(per::put);
          }
          SkuInput in = parse(MergePatch.apply(current, patch), errors);
          Problem.throwIfAny(errors);
          return store(a, c, now, sku, in);
        },
        v -> held.sku(account, v));
  }

  private void getSku(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    new Query(ctx, Set.of()).throwIfAny();
    String account = ApiServer.account(ctx);
    replies.run(
        ctx,
        (a, c, now) -> withAlertAt(Views.sku(a, a.view(sku)), a, sku),
        v -> held.sku(account, v));
  }

  /** Stores a SKU as {@code in} says, with its alert thresholds; the SKU's view as stored. */
  private static Map<String, Object> store(
      AccountState a, Changes c, Instant now, String sku, SkuInput in) {
    // Checked first: a command that throws must have changed nothing.
    StockAlerts.validate(
        a,
        in.components() != null && !in.components().isEmpty(),
        in.alertAt(),
        in.alertAtLocations());
    a.putSku(sku, in.name(), in.components(), now, c);
    StockAlerts.setSkuThresholds(a, sku, in.alertAt(), in.alertAtLocations(), now, c);
    return withAlertAt(Views.sku(a, a.view(sku)), a, sku);
  }

  /** SPEC §10: the SKU's own alertAt (null: the account's default applies) and per location. */
  private static Map<String, Object> withAlertAt(
      Map<String, Object> view, AccountState a, String sku) {
    view.put("alertAt", a.alerts().thresholds().own(sku));
    view.put("alertAtLocations", new java.util.TreeMap<>(a.alerts().thresholds().atLocations(sku)));
    return view;
  }

  private void listSkus(Context ctx) {
    Query q =
        new Query(ctx, Set.of("limit", "after", "belowThreshold", "outOfStock", "pendingSync"));
    int limit = (int) q.integer("limit", 100, 1, MAX_SKU_PAGE);
    String after = q.code("after");
    SkuQuery.Filter filter =
        new SkuQuery.Filter(q.bool("belowThreshold"), q.bool("outOfStock"), q.bool("pendingSync"));
    q.throwIfAny();
    String account = ApiServer.account(ctx);
    replies.run(
        ctx,
        (a, c, now) -> {
          SkuQuery.Page page = SkuQuery.page(a, filter, after, limit);
          List<Map<String, Object>> skus = new ArrayList<>(page.skus().size());
          for (SkuView v : page.skus()) {
            skus.add(Views.sku(a, v));
          }
          return Views.ordered("skus", skus, "next", page.next(), "matched", page.matched());
        },
        (Map<String, Object> page) -> withHeld(account, page));
  }

  @SuppressWarnings("unchecked")
  private Object withHeld(String account, Map<String, Object> page) {
    held.skus(account, (List<Map<String, Object>>) page.get("skus"));
    return page;
  }

  /**
   * {@code DELETE /v1/skus/{sku}}, with its listings: 409 while it holds stock or reservations, has
   * open bundle orders, or is a component of a bundle.
   */
  private void deleteSku(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    new Query(ctx, Set.of()).throwIfAny();
    replies.runDeletion(
        ctx,
        (a, c, now) -> {
          ConfigDeletions.deleteSku(a, sku, c);
          return null;
        });
  }
}
