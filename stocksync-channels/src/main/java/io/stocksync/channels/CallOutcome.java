package io.stocksync.channels;

import java.time.Duration;
import java.util.List;

/** What a marketplace made of one call. Immutable. */
public sealed interface CallOutcome {

  /**
   * The marketplace answered item by item.
   *
   * @param items one result per pushed item, in the call's order
   */
  record Answered(int httpStatus, List<ItemResult> items) implements CallOutcome {
    /** Copies the list. */
    public Answered {
      items = List.copyOf(items);
    }
  }

  /**
   * Rate-limited: nothing was applied. The channel waits {@code waitFor} (at least) before its next
   * call; the items are not charged.
   *
   * @param httpStatus 429, or 200 for a Shopify {@code THROTTLED} answer
   */
  record Throttled(int httpStatus, Duration waitFor, String detail) implements CallOutcome {}

  /**
   * No usable answer: a 5xx, a timeout, a broken connection. When {@code uncertain}, the call may
   * have been applied: it is sent again as it was (same idempotency key), never rebuilt.
   *
   * @param httpStatus null when no answer came
   * @param retryAfter the marketplace's {@code Retry-After}, or null
   */
  record Unavailable(Integer httpStatus, Duration retryAfter, String detail, boolean uncertain)
      implements CallOutcome {}

  /**
   * The marketplace refused the whole call (bad credentials, a malformed request): nothing was
   * applied, and sending it again as it is will not help. Every item is charged.
   */
  record Refused(int httpStatus, String detail) implements CallOutcome {}

  /** One item's result in an {@link Answered} call. */
  sealed interface ItemResult {}

  /** Applied: the marketplace now holds {@code quantity}. */
  record Applied(long quantity) implements ItemResult {}

  /**
   * Refused by the marketplace (charged).
   *
   * @param status {@link AttemptStatus#REJECTED} or {@link AttemptStatus#STALE}
   * @param code the marketplace's error code
   * @param held for a compare-and-set refused as stale, the figure the marketplace was found to
   *     hold (read after the refusal); null when not known
   */
  record Rejected(AttemptStatus status, String code, String message, Long held)
      implements ItemResult {
    public Rejected(AttemptStatus status, String code, String message) {
      this(status, code, message, null);
    }
  }

  /** Not applied because of another item of an all-or-nothing call (not charged). */
  record NotApplied(String reason) implements ItemResult {}
}
