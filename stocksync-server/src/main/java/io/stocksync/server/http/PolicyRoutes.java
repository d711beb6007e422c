package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.inventory.SkuQuery;
import io.stocksync.core.inventory.StockAlerts;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The sync policy routes of SPEC §7: the account's ({@code /v1/policy}) and a SKU's own. */
final class PolicyRoutes implements Routes {
  private static final Set<String> POLICY_FIELDS =
      Set.of("threshold", "batchSize", "significantQuantity", "maxStalenessSeconds");

  private final RequestBodies bodies;
  private final Replies replies;

  PolicyRoutes(RequestBodies bodies, Replies replies) {
    this.bodies = bodies;
    this.replies = replies;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(
        HandlerType.GET,
        "/v1/policy",
        ctx -> {
          new Query(ctx, Set.of()).throwIfAny();
          replies.run(ctx, (a, c, now) -> withAlertAt(Views.policy(a.policy()), a));
        });
    routes.route(HandlerType.PUT, "/v1/policy", this::putPolicy);
    routes.route(HandlerType.PUT, "/v1/skus/{sku}/policy", this::putSkuPolicy);
    routes.route(
        HandlerType.GET,
        "/v1/skus/{sku}/policy",
        ctx -> {
          String sku = Fields.code("sku", ctx.pathParam("sku"));
          new Query(ctx, Set.of()).throwIfAny();
          replies.run(ctx, (a, c, now) -> skuPolicy(a, sku));
        });
    routes.route(
        HandlerType.DELETE,
        "/v1/skus/{sku}/policy",
        ctx -> {
          String sku = Fields.code("sku", ctx.pathParam("sku"));
          new Query(ctx, Set.of()).throwIfAny();
          replies.run(
              ctx,
              (a, c, now) -> {
                a.clearSkuPolicy(sku, now, c);
                return skuPolicy(a, sku);
              });
        });
  }

  private void putPolicy(Context ctx) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(bodies.readJson(ctx), "", errors);
    boolean setsAlertAt = f != null && f.has("alertAt");
    Long alertAt = f == null ? null : f.integer("alertAt", false, 0, StockAlerts.MAX_ALERT_AT);
    PolicyOverride given = f == null ? null : policyFields(f, Set.of("alertAt"));
    Problem.throwIfAny(errors);
    replies.run(
        ctx,
        (a, c, now) -> {
          SyncPolicy policy = a.policy().with(given);
          a.setPolicy(policy, now, c);
          if (setsAlertAt) { // SPEC §10: the account's default; null removes it
            StockAlerts.setAccountThreshold(a, alertAt, now, c);
          }
          return withAlertAt(Views.policy(policy), a);
        });
  }

  private static Map<String, Object> withAlertAt(Map<String, Object> view, AccountState a) {
    view.put("alertAt", a.alerts().thresholds().accountDefault());
    return view;
  }

  /** The policy fields of a body, any subset; other fields are refused. */
  static PolicyOverride policyFields(Fields f) {
    return policyFields(f, Set.of());
  }

  /** As {@link #policyFields(Fields)}, {@code alsoKnown} being read by the caller. */
  static PolicyOverride policyFields(Fields f, Set<String> alsoKnown) {
    Set<String> known = new java.util.HashSet<>(POLICY_FIELDS);
    known.addAll(alsoKnown);
    f.onlyKnown(known);
    return new PolicyOverride(
        f.integer("threshold", false, 0, AccountState.MAX_UNITS),
        f.integer("batchSize", false, 1, AccountState.MAX_UNITS),
        f.integer("significantQuantity", false, 1, AccountState.MAX_UNITS),
        f.integer("maxStalenessSeconds", false, 0, 100L * 365 * 24 * 3600));
  }

  /** {@code {"sku","own","effective"}}: the SKU's own overrides and the policy in force. */
  private static Map<String, Object> skuPolicy(AccountState a, String sku) {
    if (!a.hasSku(sku)) {
      throw new NotFoundException("SKU", sku);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("sku", sku);
    view.putAll(Views.skuPolicy(a, sku));
    return view;
  }

  private void putSkuPolicy(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(bodies.readJson(ctx), "", errors);
    PolicyOverride given = f == null ? null : policyFields(f);
    Problem.throwIfAny(errors);
    replies.run(
        ctx,
        (a, c, now) -> {
          a.setSkuPolicy(sku, given, now, c);
          return Views.ordered(
              "sku", sku,
              "policy", Views.override(SkuQuery.override(a, sku)),
              "effective", Views.policy(SkuQuery.effectivePolicy(a, sku)));
        });
  }
}
