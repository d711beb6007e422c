package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/events} (SPEC §7): a batch of inventory events, as JSON or CSV, submitted to the
 * account's writer ({@link io.stocksync.server.engine.Engine#submit}); the answer, once durable,
 * holds one result per event, in order.
 */
final class EventRoutes implements Routes {
  private final RequestBodies bodies;
  private final Replies replies;
  private final EventBatchReader reader;
  private final ApiMetrics metrics;

  EventRoutes(RequestBodies bodies, Replies replies, EventBatchReader reader, ApiMetrics metrics) {
    this.bodies = bodies;
    this.replies = replies;
    this.reader = reader;
    this.metrics = metrics;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.POST, "/v1/events", this::postEvents);
  }

  private void postEvents(Context ctx) {
    String type = bodies.mediaType(ctx);
    List<InventoryEvent> events;
    try (InputStream body = bodies.body(ctx)) {
      if (type.equals(ApiServer.CSV)) {
        events = reader.readCsv(body);
      } else if (type.equals(ApiServer.JSON)) {
        events = reader.readJson(body);
      } else {
        throw new Problem(
            Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
            "send Content-Type: application/json or text/csv, not " + type);
      }
    } catch (IOException e) {
      throw bodies.bodyProblem(e);
    }
    String account = ApiServer.account(ctx);
    long submitted = System.nanoTime();
    ctx.future(
        () ->
            replies
                .engine()
                .submit(account, events)
                .handle(
                    (results, error) -> {
                      if (error == null) {
                        metrics.recordBatch(results, System.nanoTime() - submitted);
                        writeResults(ctx, results);
                        return null;
                      }
                      return replies.answer(ctx, null, error);
                    }));
  }

  private void writeResults(Context ctx, List<EventResult> results) {
    try (var out = new ByteArrayOutputStream(64 + results.size() * 48);
        var g = replies.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("results");
      for (EventResult r : results) {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("status", r.status().name().toLowerCase(Locale.ROOT));
        if (r.rejection() != null) {
          g.writeObjectFieldStart("error");
          g.writeStringField("reason", r.rejection().reason().name());
          g.writeStringField("field", r.rejection().field());
          g.writeStringField("message", r.rejection().message());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      ctx.status(200).contentType(ApiServer.JSON).result(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
