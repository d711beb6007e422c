package io.stocksync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.stocksync.core.inventory.ConflictException;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.InvalidRequestException;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.port.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failure means for the client ({@link #toProblem}) and how it is written: an {@code
 * application/problem+json} document with {@code type}, {@code title}, {@code status}, {@code
 * detail} and, for bad fields, {@code errors} naming each. Thread-safe.
 */
final class ProblemDocuments {
  private static final Logger log = LoggerFactory.getLogger(ProblemDocuments.class);

  private final ObjectMapper mapper;
  private final long maxBody;

  ProblemDocuments(ObjectMapper mapper, long maxBody) {
    this.mapper = mapper;
    this.maxBody = maxBody;
  }

  /** Answers the request with {@code p}. */
  void write(Context ctx, Problem p) {
    if (p.kind().status() >= 500) {
      log.warn("{} {} answered {}: {}", ctx.method(), ctx.path(), p.kind().status(), p.detail());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", p.kind().type());
    body.put("title", p.kind().title);
    body.put("status", p.kind().status());
    body.put("detail", p.detail());
    if (!p.errors().isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>(p.errors().size());
      for (FieldError e : p.errors()) {
        errors.add(Views.ordered("field", e.field(), "message", e.message()));
      }
      body.put("errors", errors);
    }
    if (p.kind() == Problem.Kind.UNAUTHORIZED) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    writeBody(ctx, p.kind().status(), body);
  }

  /** Answers the request with a problem document already built (as {@code /health} does). */
  void writeBody(Context ctx, int status, Map<String, Object> body) {
    try {
      ctx.status(status).contentType(ApiServer.PROBLEM_JSON).result(mapper.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an exception means for the client. */
  Problem toProblem(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof Problem p) {
      return p;
    }
    if (t instanceof InvalidRequestException ire) {
      return Problem.fields(ire.errors());
    }
    if (t instanceof ConflictException ce) {
      String message = ce.getMessage().substring(ce.field().length() + 2);
      return new Problem(
          Problem.Kind.CONFLICT, ce.getMessage(), List.of(new FieldError(ce.field(), message)));
    }
    if (t instanceof NotFoundException nf) {
      if (nf.kind().equals("account")) {
        return new Problem(Problem.Kind.UNAUTHORIZED, "the key's account does not exist");
      }
      return new Problem(Problem.Kind.NOT_FOUND, nf.getMessage());
    }
    if (t instanceof StoreException se) {
      log.error("store failure", se);
      return new Problem(Problem.Kind.STORE_UNAVAILABLE, "the store failed; retry later");
    }
    if (t instanceof IllegalStateException ise
        && String.valueOf(ise.getMessage()).contains("shutting down")) {
      return new Problem(Problem.Kind.SHUTTING_DOWN, "the server is shutting down; retry later");
    }
    if (t instanceof HttpResponseException hre) {
      return switch (hre.getStatus()) {
        case 413 ->
            new Problem(
                Problem.Kind.BODY_TOO_LARGE, "the body is larger than " + maxBody + " bytes");
        case 404 -> new Problem(Problem.Kind.NOT_FOUND, "not found");
        case 405 -> new Problem(Problem.Kind.METHOD_NOT_ALLOWED, "method not allowed");
        default ->
            new Problem(
                hre.getStatus() >= 500 ? Problem.Kind.INTERNAL : Problem.Kind.INVALID_REQUEST,
                String.valueOf(hre.getMessage()));
      };
    }
    log.error("unexpected failure", t);
    return new Problem(Problem.Kind.INTERNAL, "an unexpected error; it was logged");
  }
}
