package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.inventory.PushPlanner;
import io.stocksync.store.PushAttemptRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The push routes of SPEC §7: the attempt log ({@code GET /v1/pushes}) and the operator's retry of
 * a channel's failed listings ({@code POST /v1/channels/{id}/retry}).
 */
final class PushRoutes implements Routes {
  private final RequestBodies bodies;
  private final Replies replies;
  private final PushAttemptRepository attempts;

  PushRoutes(RequestBodies bodies, Replies replies, PushAttemptRepository attempts) {
    this.bodies = bodies;
    this.replies = replies;
    this.attempts = attempts;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/pushes", this::listPushes);
    routes.route(HandlerType.POST, "/v1/channels/{id}/retry", this::retryChannel);
  }

  private void listPushes(Context ctx) {
    Query q = new Query(ctx, Set.of("sku", "channel", "limit", "before", "state"));
    String sku = q.code("sku");
    String channel = q.code("channel");
    int limit = (int) q.integer("limit", 100, 1, PushAttemptRepository.MAX_PAGE);
    long before = q.integer("before", 0, 1, Long.MAX_VALUE);
    String state = q.code("state");
    q.throwIfAny();
    if (state != null) {
      if (!state.equals("FAILED")) {
        throw Problem.field("state", "must be FAILED");
      }
      listFailedPushes(ctx, sku, channel, limit);
      return;
    }
    String account = ApiServer.account(ctx);
    ctx.future(
        () ->
            replies
                .engine()
                .execute(
                    account,
                    (a, c, now) -> {
                      if (sku != null && !a.hasSku(sku)) {
                        throw new NotFoundException("SKU", sku);
                      }
                      if (channel != null && !a.hasChannel(channel)) {
                        throw new NotFoundException("channel", channel);
                      }
                      return Boolean.TRUE;
                    })
                .thenApply(
                    ok -> {
                      List<PushAttemptRepository.PushAttempt> page =
                          attempts.list(account, sku, channel, before == 0 ? null : before, limit);
                      List<Map<String, Object>> items = new ArrayList<>(page.size());
                      page.forEach(p -> items.add(Views.attempt(p)));
                      Long next = page.size() == limit ? page.get(page.size() - 1).id() : null;
                      return Views.ordered("pushes", items, "next", next);
                    })
                .handle((view, error) -> replies.answer(ctx, view, error)));
  }

  /**
   * {@code GET /v1/pushes?state=FAILED}: the listings whose push ran out of retries, each shown by
   * its latest attempt (newest first), in the attempt log's shape.
   */
  private void listFailedPushes(Context ctx, String sku, String channel, int limit) {
    String account = ApiServer.account(ctx);
    ctx.future(
        () ->
            replies
                .engine()
                .execute(
                    account,
                    (a, c, now) -> {
                      if (sku != null && !a.hasSku(sku)) {
                        throw new NotFoundException("SKU", sku);
                      }
                      if (channel != null && !a.hasChannel(channel)) {
                        throw new NotFoundException("channel", channel);
                      }
                      return PushPlanner.failed(a, channel);
                    })
                .thenApply(
                    failed -> {
                      List<PushAttemptRepository.PushAttempt> latest = new ArrayList<>();
                      for (PendingPush p : failed) {
                        if (sku == null || sku.equals(p.sku())) {
                          latest.addAll(attempts.list(account, p.sku(), p.channelId(), null, 1));
                        }
                      }
                      latest.sort((x, y) -> Long.compare(y.id(), x.id()));
                      List<Map<String, Object>> items = new ArrayList<>();
                      latest.stream().limit(limit).forEach(p -> items.add(Views.attempt(p)));
                      return Views.ordered("pushes", items, "next", null);
                    })
                .handle((view, error) -> replies.answer(ctx, view, error)));
  }

  /**
   * {@code POST /v1/channels/{id}/retry}: every {@code FAILED} listing of the channel is queued
   * again (the dispatcher sends it with a fresh retry budget). No body, or an empty JSON object.
   */
  private void retryChannel(Context ctx) {
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
    replies.run(
        ctx,
        (a, c, now) ->
            Views.ordered("channel", id, "retried", PushPlanner.retryFailed(a, id, now, c)));
  }
}
