package io.stocksync.server.http;

import io.javalin.http.Context;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.StorableValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of one request, each checked, with errors collected: an unknown parameter is
 * an error, and {@link #throwIfAny} refuses the request naming every bad one. Not thread-safe (one
 * per request).
 */
final class Query {
  private final Map<String, List<String>> params;
  final List<FieldError> errors = new ArrayList<>();

  Query(Context ctx, Set<String> known) {
    this.params = ctx.queryParamMap();
    for (String name : params.keySet()) {
      if (!known.contains(name)) {
        errors.add(new FieldError(name, "unknown query parameter"));
      }
    }
  }

  String single(String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      errors.add(new FieldError(name, "must be given once"));
      return null;
    }
    return values.get(0);
  }

  long integer(String name, long fallback, long min, long max) {
    String v = single(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        errors.add(new FieldError(name, "must be between " + min + " and " + max));
        return fallback;
      }
      return n;
    } catch (NumberFormatException e) {
      errors.add(new FieldError(name, "must be an integer"));
      return fallback;
    }
  }

  boolean bool(String name) {
    String v = single(name);
    if (v == null || v.isEmpty() || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    errors.add(new FieldError(name, "must be true or false"));
    return false;
  }

  /** A true/false parameter that may be absent (null). */
  Boolean optionalBool(String name) {
    String v = single(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.valueOf(v);
    }
    errors.add(new FieldError(name, "must be true or false"));
    return null;
  }

  String code(String name) {
    String v = single(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    String code = StorableValues.normaliseCode(v);
    String problem = StorableValues.problemWithCode(code);
    if (problem != null) {
      errors.add(new FieldError(name, problem));
      return null;
    }
    return code;
  }

  void throwIfAny() {
    Problem.throwIfAny(errors);
  }
}
