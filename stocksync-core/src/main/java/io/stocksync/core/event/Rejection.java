package io.stocksync.core.event;

/**
 * Why an event was refused. Nothing of a rejected event is applied.
 *
 * @param reason the machine-readable reason
 * @param field the event field at fault, as named in the HTTP contract ({@code id}, {@code type},
 *     {@code sku}, {@code location}, {@code quantity})
 * @param message a sentence for people
 */
public record Rejection(Reason reason, String field, String message) {

  /** Every reason an event can be rejected for. */
  public enum Reason {
    MISSING_ID,
    ID_TOO_LONG,
    MISSING_TYPE,
    MISSING_SKU,
    MISSING_LOCATION,
    UNKNOWN_SKU,
    UNKNOWN_LOCATION,
    WRONG_SIGN,
    QUANTITY_TOO_LARGE,
    MORE_CANCELLED_THAN_RESERVED,
    MORE_SHIPPED_THAN_RESERVED,
    ON_HAND_BELOW_ZERO,
    BUNDLE_HAS_NO_STOCK,
    UNKNOWN_ACCOUNT
  }
}
