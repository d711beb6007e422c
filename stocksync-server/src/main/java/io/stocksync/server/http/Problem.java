package io.stocksync.server.http;

import io.stocksync.core.inventory.FieldError;
import java.util.List;

/**
 * An error answer in RFC 9457 form ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail} and, for input errors, {@code errors: [{field, message}]} (SPEC
 * §7). Thrown by handlers; the server writes it. Every type is listed in {@code docs/api.md}.
 */
public final class Problem extends RuntimeException {

  /** The kinds of problem, each with its status, type URI and title. */
  public enum Kind {
    INVALID_REQUEST(400, "invalid-request", "The request has invalid fields"),
    MALFORMED_BODY(400, "malformed-body", "The body cannot be read"),
    UNAUTHORIZED(401, "unauthorized", "A valid API key is required"),
    NOT_FOUND(404, "not-found", "Not found"),
    CONFLICT(409, "conflict", "The request conflicts with what the account holds"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    BODY_TOO_LARGE(413, "body-too-large", "The body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type"),
    INTERNAL(500, "internal-error", "Internal error"),
    STORE_UNAVAILABLE(503, "store-unavailable", "The store is unavailable"),
    MISCONFIGURED(503, "misconfigured", "The server cannot do its work as configured"),
    SHUTTING_DOWN(503, "shutting-down", "The server is shutting down");

    final int status;
    final String type;
    final String title;

    Kind(int status, String slug, String title) {
      this.status = status;
      this.type = "urn:stocksync:problem:" + slug;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String type() {
      return type;
    }
  }

  /** The most field errors one answer lists; a body with more is refused all the same. */
  static final int MAX_ERRORS = 100;

  private final Kind kind;
  private final String detail;
  private final transient List<FieldError> errors;

  public Problem(Kind kind, String detail) {
    this(kind, detail, List.of());
  }

  public Problem(Kind kind, String detail, List<FieldError> errors) {
    super(kind.type + ": " + detail, null, false, false);
    this.kind = kind;
    this.detail = detail;
    this.errors = List.copyOf(errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors);
  }

  /** A 400 naming one bad field. */
  public static Problem field(String field, String message) {
    return new Problem(
        Kind.INVALID_REQUEST, field + ": " + message, List.of(new FieldError(field, message)));
  }

  /** A 400 naming every bad field. */
  public static Problem fields(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid; see errors";
    return new Problem(Kind.INVALID_REQUEST, detail, errors);
  }

  /** Throws {@link #fields} when {@code errors} holds any. */
  static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw fields(errors);
    }
  }

  public Kind kind() {
    return kind;
  }

  public String detail() {
    return detail;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
