package io.stocksync.core.event;

/**
 * Why an event was refused. Nothing of a rejected event is applied.
 *
 * @param reason the machine-readable reason
 * @param field the event field at fault, as named in the HTTP contract ({@code id}, {@code type},
 *     {@code sku}, {@code location}, {@code quantity}, {@code occurredAt})
 * @param message a sentence for people
 */
public record Rejection(Reason reason, String field, String message) {

  /** Every reason an event can be rejected for. */
  public enum Reason {
    MISSING_ID,
    ID_TOO_LONG,
    /**
     * An id, SKU or location the store could not hold as sent (a NUL, a lone surrogate, a control
     * character), or a code with invisible characters or over its length (SPEC §6, §7).
     */
    INVALID_TEXT,
    MISSING_TYPE,
    MISSING_SKU,
    MISSING_LOCATION,
    UNKNOWN_SKU,
    UNKNOWN_LOCATION,
    WRONG_SIGN,
    QUANTITY_TOO_LARGE,
    /** An {@code occurredAt} outside the instants the store holds (years 0001 to 9999). */
    OCCURRED_AT_OUT_OF_RANGE,
    MORE_CANCELLED_THAN_RESERVED,
    MORE_SHIPPED_THAN_RESERVED,
    ON_HAND_BELOW_ZERO,
    BUNDLE_HAS_NO_STOCK,
    UNKNOWN_ACCOUNT
  }
}
