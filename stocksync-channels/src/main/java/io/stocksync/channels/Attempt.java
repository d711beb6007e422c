package io.stocksync.channels;

import java.time.Instant;

/**
 * One delivery attempt of one push as the attempt log keeps it (SPEC §5: listing, quantity, time,
 * marketplace status, error). Immutable.
 *
 * @param httpStatus the marketplace's HTTP status; null when no answer came
 * @param error what went wrong, for people; null when nothing did. Never holds credentials.
 */
public record Attempt(
    Instant attemptedAt, AttemptStatus status, Integer httpStatus, String error) {}
