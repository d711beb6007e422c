package io.stocksync.core.inventory;

import java.util.List;

/**
 * A configuration request the account state refused. Thrown before anything changed, so a caller
 * that catches it knows the state is as it was.
 */
public final class InvalidRequestException extends RuntimeException {

  private final transient List<FieldError> errors;

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public InvalidRequestException(List<FieldError> errors) {
    super(
        errors.isEmpty()
            ? "invalid request"
            : errors.get(0).field() + ": " + errors.get(0).message());
    this.errors = List.copyOf(errors);
  }

  /** The bad fields, at least one. */
  public List<FieldError> errors() {
    return errors;
  }
}
