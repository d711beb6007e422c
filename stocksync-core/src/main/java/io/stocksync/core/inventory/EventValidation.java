package io.stocksync.core.inventory;

import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.event.Rejection;
import io.stocksync.core.event.Rejection.Reason;
import java.util.Objects;

/**
 * The checks an inventory event passes before it touches the ledger (SPEC §2): its fields on their
 * own, then the SKU and location it names against the account. The checks that need the balances
 * (more cancelled than reserved, on hand below zero) are {@link EventApplication}'s.
 *
 * <p>Stateless; called on the account's writer.
 */
final class EventValidation {
  private EventValidation() {}

  /** The event with its SKU and location codes normalised (SPEC §7); itself when they are. */
  static InventoryEvent withNormalisedCodes(InventoryEvent e) {
    String sku = StorableValues.normaliseCode(e.sku());
    String location = StorableValues.normaliseCode(e.location());
    if (Objects.equals(sku, e.sku()) && Objects.equals(location, e.location())) {
      return e;
    }
    return new InventoryEvent(e.id(), e.type(), sku, location, e.quantity(), e.occurredAt());
  }

  /**
   * Why the event cannot apply to {@code account}: the first problem found, its own fields checked
   * before the SKU and location it names; null when it can apply.
   */
  static Rejection validate(InventoryEvent e, AccountState account) {
    if (e.id() == null || e.id().isBlank()) {
      return new Rejection(Reason.MISSING_ID, "id", "id is required");
    }
    if (e.id().length() > AccountState.MAX_ID_LENGTH) {
      return new Rejection(
          Reason.ID_TOO_LONG,
          "id",
          "id is longer than " + AccountState.MAX_ID_LENGTH + " characters");
    }
    String idProblem = StorableValues.problemWithText(e.id(), AccountState.MAX_ID_LENGTH);
    if (idProblem != null) {
      return new Rejection(Reason.INVALID_TEXT, "id", "id " + idProblem);
    }
    if (e.type() == null) {
      return new Rejection(Reason.MISSING_TYPE, "type", "type is required");
    }
    if (e.sku() == null || e.sku().isBlank()) {
      return new Rejection(Reason.MISSING_SKU, "sku", "sku is required");
    }
    String skuProblem = StorableValues.problemWithCode(e.sku());
    if (skuProblem != null) {
      return new Rejection(Reason.INVALID_TEXT, "sku", "sku " + skuProblem);
    }
    if (e.location() == null || e.location().isBlank()) {
      return new Rejection(Reason.MISSING_LOCATION, "location", "location is required");
    }
    String locationProblem = StorableValues.problemWithCode(e.location());
    if (locationProblem != null) {
      return new Rejection(Reason.INVALID_TEXT, "location", "location " + locationProblem);
    }
    String occurredAtProblem = StorableValues.problemWithInstant(e.occurredAt());
    if (occurredAtProblem != null) {
      return new Rejection(
          Reason.OCCURRED_AT_OUT_OF_RANGE, "occurredAt", "occurredAt " + occurredAtProblem);
    }
    if (!account.hasSku(e.sku())) {
      return new Rejection(Reason.UNKNOWN_SKU, "sku", "unknown SKU '" + e.sku() + "'");
    }
    if (!account.hasLocation(e.location())) {
      return new Rejection(
          Reason.UNKNOWN_LOCATION, "location", "unknown location '" + e.location() + "'");
    }
    if (!e.type().sign().admits(e.quantity())) {
      return new Rejection(
          Reason.WRONG_SIGN,
          "quantity",
          "quantity of " + e.type() + " " + e.type().sign().rule() + ", got " + e.quantity());
    }
    // Not Math.abs: it leaves Long.MIN_VALUE negative, which would slip past this check.
    long max = AccountState.MAX_UNITS;
    if (e.quantity() > max || e.quantity() < -max) {
      return new Rejection(
          Reason.QUANTITY_TOO_LARGE,
          "quantity",
          "quantity must be at most " + max + " in magnitude");
    }
    return null;
  }
}
