package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.stocksync.server.engine.Command;
import io.stocksync.server.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How a route answers: it runs a command on the account's writer ({@link Engine#execute}) and
 * answers with its view once durable, as JSON, or with the problem its failure means. Also the
 * server's one JSON mapper for what routes store as JSON text. Thread-safe.
 */
final class Replies {
  private final Engine engine;
  private final ObjectMapper mapper;
  private final ProblemDocuments problems;

  Replies(Engine engine, ObjectMapper mapper, ProblemDocuments problems) {
    this.engine = engine;
    this.mapper = mapper;
    this.problems = problems;
  }

  Engine engine() {
    return engine;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** Runs a command on the account's writer and answers with its view once durable. */
  <T> void run(Context ctx, Command<T> command) {
    String account = ApiServer.account(ctx);
    ctx.future(
        () -> engine.execute(account, command).handle((view, error) -> answer(ctx, view, error)));
  }

  /**
   * Runs a command on the account's writer, then {@code after} on its view off the writer (to add
   * what the store holds beside the engine), and answers with that once durable.
   */
  <T> void run(Context ctx, Command<T> command, java.util.function.Function<T, Object> after) {
    String account = ApiServer.account(ctx);
    ctx.future(
        () ->
            engine
                .execute(account, command)
                .thenApplyAsync(after)
                .handle((view, error) -> answer(ctx, view, unwrap(error))));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /** Runs a deletion on the account's writer and answers 204 once it is durable. */
  void runDeletion(Context ctx, Command<Void> command) {
    String account = ApiServer.account(ctx);
    ctx.future(
        () ->
            engine
                .execute(account, command)
                .handle(
                    (none, error) -> {
                      if (error != null) {
                        problems.write(ctx, problems.toProblem(error));
                      } else {
                        ctx.status(204);
                      }
                      return null;
                    }));
  }

  /** Answers with {@code view} (200), or with the problem {@code error} means. */
  Object answer(Context ctx, Object view, Throwable error) {
    if (error != null) {
      problems.write(ctx, problems.toProblem(error));
    } else {
      json(ctx, 200, view);
    }
    return null;
  }

  void json(Context ctx, int status, Object value) {
    ctx.status(status).contentType(ApiServer.JSON).result(writeBytes(value));
  }

  byte[] writeBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String writeJson(Object value) {
    try {
      return value == null ? null : mapper.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode readTree(String json) {
    try {
      return json == null ? null : mapper.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
