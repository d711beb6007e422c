package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.inventory.Explain;
import io.stocksync.core.inventory.Explanation;
import io.stocksync.core.inventory.Explanation.ComponentStep;
import io.stocksync.core.inventory.Explanation.LocationStep;
import io.stocksync.core.inventory.Explanation.RuleStep;
import io.stocksync.store.PushAttemptRepository;
import io.stocksync.store.PushAttemptRepository.PushAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/skus/{sku}/channels/{id}} (SPEC §11): why that channel is sent what it is sent,
 * every step of §4 with its figures and a sentence ({@link Explain}, on the account's writer), then
 * the listing's push state and its last attempts (from the attempt log).
 */
final class ExplainRoutes implements Routes {

  /** How many of the listing's latest attempts an explanation shows. */
  static final int LAST_ATTEMPTS = 5;

  private final Replies replies;
  private final PushAttemptRepository attempts;
  private final HeldFigures held;

  ExplainRoutes(Replies replies, PushAttemptRepository attempts, HeldFigures held) {
    this.replies = replies;
    this.attempts = attempts;
    this.held = held;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/skus/{sku}/channels/{id}", this::explain);
  }

  private void explain(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    String channel = Fields.code("id", ctx.pathParam("id"));
    new Query(ctx, Set.of()).throwIfAny();
    String account = ApiServer.account(ctx);
    ctx.future(
        () ->
            replies
                .engine()
                .execute(account, (a, c, now) -> Explain.of(a, sku, channel))
                .thenApplyAsync(
                    e -> {
                      List<PushAttempt> last =
                          attempts == null
                              ? List.of()
                              : attempts.list(account, sku, channel, null, LAST_ATTEMPTS);
                      return view(e, last, held.of(account, channel, sku));
                    })
                .handle((view, error) -> replies.answer(ctx, view, unwrap(error))));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  static Map<String, Object> view(
      Explanation e,
      List<PushAttempt> last,
      java.util.Optional<io.stocksync.store.ListingLevelRepository.Level> level) {
    List<Map<String, Object>> locations = locations(e.locations());
    List<Map<String, Object>> components = new ArrayList<>();
    for (ComponentStep k : e.components()) {
      components.add(
          Views.ordered(
              "sku", k.sku(),
              "quantity", k.quantity(),
              "locations", locations(k.locations()),
              "base", k.base(),
              "bundles", k.bundles(),
              "sentence", k.sentence()));
    }
    List<Map<String, Object>> rules = new ArrayList<>();
    for (RuleStep r : e.rules()) {
      rules.add(
          Views.ordered(
              "name", r.name(),
              "value", r.value(),
              "before", r.before(),
              "after", r.after(),
              "applied", r.applied(),
              "sentence", r.sentence()));
    }
    List<Map<String, Object>> attempts = new ArrayList<>();
    for (PushAttempt a : last) {
      attempts.add(Views.attempt(a));
    }
    return Views.ordered(
        "sku",
        e.sku(),
        "channel",
        e.channel(),
        "channelType",
        e.channelType(),
        "enabled",
        e.channelEnabled(),
        "locations",
        locations,
        "components",
        components,
        "base",
        Views.ordered("value", e.base(), "sentence", e.baseSentence()),
        "rules",
        rules,
        "target",
        Views.ordered("value", e.target(), "sentence", e.targetSentence()),
        "policy",
        Views.ordered(
            "effective", Views.policy(e.policy()),
            "pending", e.pending(),
            "lastSyncedAt", e.lastSyncedAt() == null ? null : e.lastSyncedAt().toString(),
            "sentence", e.policySentence()),
        "listing",
        Views.ordered(
            "acknowledged", e.acknowledged(),
            "acknowledgedAt", e.acknowledgedAt() == null ? null : e.acknowledgedAt().toString(),
            "queued", e.queued(),
            "version", e.version(),
            "state", e.state().name(),
            "sentence", e.stateSentence(),
            "lastAttempts", attempts),
        "held",
        HeldFigures.step(level),
        "sentence",
        level.isPresent() && level.get().held() != null
            ? e.sentence() + "; " + HeldFigures.sentence(level.get())
            : e.sentence());
  }

  private static List<Map<String, Object>> locations(List<LocationStep> steps) {
    List<Map<String, Object>> out = new ArrayList<>(steps.size());
    for (LocationStep l : steps) {
      out.add(
          Views.ordered(
              "code", l.code(),
              "sellable", l.sellable(),
              "drawn", l.drawn(),
              "onHand", l.onHand(),
              "reserved", l.reserved(),
              "available", l.available(),
              "sentence", l.sentence()));
    }
    return out;
  }
}
