package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.server.readback.ReadBack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/channels/{id}/read-back} (SPEC §12): reads back every listing of the channel now
 * and answers, once done, with what it read: counts in sync, drift and unknown, the repairs queued,
 * and each listing's figures. Synchronous: a pass is at most one read per batch of listings within
 * the read share of the rate budget; a pass that reaches that share answers with the rest unknown
 * and {@code paced}. No body, or an empty JSON object.
 */
final class ReadBackRoutes implements Routes {
  private final RequestBodies bodies;
  private final Replies replies;
  private final ReadBack readBack;

  ReadBackRoutes(RequestBodies bodies, Replies replies, ReadBack readBack) {
    this.bodies = bodies;
    this.replies = replies;
    this.readBack = readBack;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.POST, "/v1/channels/{id}/read-back", this::readBack);
  }

  private void readBack(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    new Query(ctx, Set.of()).throwIfAny();
    if (RequestBodies.hasBody(ctx)) {
      List<FieldError> errors = new ArrayList<>();
      Fields f = Fields.of(bodies.readJson(ctx), "", errors);
      if (f != null) {
        f.onlyKnown(Set.of());
      }
      Problem.throwIfAny(errors);
    }
    if (readBack == null) {
      throw new Problem(
          Problem.Kind.MISCONFIGURED, "this server does not read figures back from marketplaces");
    }
    String account = ApiServer.account(ctx);
    ctx.future(
        () ->
            readBack
                .readNow(account, id)
                .handle(
                    (result, error) ->
                        replies.answer(ctx, result == null ? null : view(result), unwrap(error))));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  static Map<String, Object> view(ReadBack.Result r) {
    List<Map<String, Object>> listings = new ArrayList<>(r.listings().size());
    for (ReadBack.ListingResult l : r.listings()) {
      listings.add(
          Views.ordered(
              "sku", l.sku(),
              "externalId", l.externalId(),
              "held", l.held(),
              "expected", l.expected(),
              "outcome", l.outcome(),
              "repaired", l.repaired(),
              "reason", l.reason()));
    }
    return Views.ordered(
        "channel", r.channel(),
        "readable", r.readable(),
        "readAt", r.readAt().toString(),
        "driftRepair", r.driftRepair(),
        "inSync", r.inSync(),
        "drift", r.drift(),
        "unknown", r.unknown(),
        "repaired", r.repaired(),
        "pacedSeconds", r.paced() == null ? null : r.paced().toSeconds(),
        "error", r.error(),
        "listings", listings);
  }
}
