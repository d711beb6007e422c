package io.stocksync.channels;

import java.time.Instant;

/**
 * One delivery attempt of one push as the attempt log keeps it (SPEC §5: listing, quantity, time,
 * marketplace status, error). Immutable.
 *
 * @param httpStatus the marketplace's HTTP status; null when no answer came
 * @param error what went wrong, for people; null when nothing did. Never holds credentials.
 * @param quantitySent the figure the request carried for this listing (a connector may clamp the
 *     target to what its marketplace takes); null when no request carried one
 */
public record Attempt(
    Instant attemptedAt,
    AttemptStatus status,
    Integer httpStatus,
    String error,
    Long quantitySent) {

  /** An attempt whose request carried no figure of its own (or the push's target as it is). */
  public Attempt(Instant attemptedAt, AttemptStatus status, Integer httpStatus, String error) {
    this(attemptedAt, status, httpStatus, error, null);
  }

  /** This attempt, recording that its request carried {@code quantity}. */
  public Attempt sent(long quantity) {
    return new Attempt(attemptedAt, status, httpStatus, error, quantity);
  }
}
