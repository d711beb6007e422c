package io.stocksync.core.inventory;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.event.Rejection;
import io.stocksync.core.event.Rejection.Reason;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.policy.SyncTrigger;
import io.stocksync.core.port.Rows.BundleOrdersRow;
import io.stocksync.core.port.Rows.LedgerRow;
import java.time.Instant;

/**
 * Applies one inventory event to an account (SPEC §2) and the sync policy (§3) to every transaction
 * it makes: a bundle's event is expanded over its components, every ledger line is checked against
 * the balances before any is touched, then the lines are booked, each with its ledger row, and each
 * SKU whose available figure moved is synced or left waiting.
 *
 * <p>Stateless; called on the account's writer through {@link AccountState#apply}.
 */
final class EventApplication {
  private EventApplication() {}

  /** The ledger lines of one event: a SKU each, with its units and balance deltas. */
  private record Lines(SkuState[] skus, long[] units, long[] onHandDelta, long[] reservedDelta) {
    Lines(SkuState[] skus, long[] units) {
      this(skus, units, new long[skus.length], new long[skus.length]);
    }
  }

  /** See {@link AccountState#apply}. */
  static EventResult apply(AccountState account, InventoryEvent e, Instant now, Changes out) {
    e = EventValidation.withNormalisedCodes(e);
    Rejection rejection = EventValidation.validate(e, account);
    if (rejection != null) {
      return EventResult.rejected(e.id(), rejection);
    }
    SkuState sku = account.skuState(e.sku());
    LocationState location = account.locationState(e.location());

    Lines lines;
    if (sku.isBundle()) {
      if (!e.type().expandsOverBundleComponents()) {
        return reject(
            e,
            Reason.BUNDLE_HAS_NO_STOCK,
            "sku",
            "'" + e.sku() + "' is a bundle: it has no stock of its own for " + e.type());
      }
      long[] units = new long[sku.componentStates.length];
      for (int i = 0; i < units.length; i++) {
        units[i] = multiply(e.quantity(), sku.components[i].quantity());
        if (units[i] > AccountState.MAX_UNITS) {
          return reject(
              e,
              Reason.QUANTITY_TOO_LARGE,
              "quantity",
              "quantity × component quantity exceeds " + AccountState.MAX_UNITS);
        }
      }
      lines = new Lines(sku.componentStates, units);
    } else {
      lines = new Lines(new SkuState[] {sku}, new long[] {e.quantity()});
    }

    // Check every line before touching any, so a rejected event changes nothing.
    for (int i = 0; i < lines.skus().length; i++) {
      EventResult refused = deltas(e, lines, i, location);
      if (refused != null) {
        return refused;
      }
    }

    if (sku.isBundle()) {
      long open =
          switch (e.type()) {
            case ORDER_PLACED -> sku.addOpenOrders(location, e.quantity());
            case ORDER_SHIPPED, ORDER_CANCELLED -> sku.addOpenOrders(location, -e.quantity());
            default -> -1;
          };
      if (open >= 0) {
        out.bundleOrders(new BundleOrdersRow(account.id(), sku.code, location.code, open));
      }
    }
    for (int i = 0; i < lines.skus().length; i++) {
      book(account, e, lines, i, location, now, out);
    }
    for (SkuState s : lines.skus()) {
      StockAlerts.afterChange(account, s, now, out); // SPEC §10: in the batch of the change
    }
    return EventResult.applied(e.id());
  }

  /**
   * Sets line {@code i}'s balance deltas; returns the event's rejection when the line cannot apply
   * (it would take the balances where the ledger does not go), else null.
   */
  private static EventResult deltas(InventoryEvent e, Lines lines, int i, LocationState location) {
    SkuState s = lines.skus()[i];
    long units = lines.units()[i];
    long onHand = s.onHandAt(location);
    long reserved = s.reservedAt(location);
    long[] onHandDelta = lines.onHandDelta();
    long[] reservedDelta = lines.reservedDelta();
    switch (e.type()) {
      case ORDER_PLACED -> reservedDelta[i] = units;
      case ORDER_CANCELLED -> {
        if (units > reserved) {
          return reject(
              e,
              Reason.MORE_CANCELLED_THAN_RESERVED,
              "quantity",
              beyond("cancels", units, s, location, reserved, "reserved"));
        }
        reservedDelta[i] = -units;
      }
      case ORDER_SHIPPED -> {
        if (units > reserved) {
          return reject(
              e,
              Reason.MORE_SHIPPED_THAN_RESERVED,
              "quantity",
              beyond("ships", units, s, location, reserved, "reserved"));
        }
        if (units > onHand) {
          return reject(
              e,
              Reason.ON_HAND_BELOW_ZERO,
              "quantity",
              beyond("ships", units, s, location, onHand, "on hand"));
        }
        onHandDelta[i] = -units;
        reservedDelta[i] = -units;
      }
      case RETURN_RECEIVED, PUTAWAY -> onHandDelta[i] = units;
      case ADJUSTMENT -> {
        if (onHand + units < 0) {
          return reject(
              e,
              Reason.ON_HAND_BELOW_ZERO,
              "quantity",
              "adjusts '"
                  + s.code
                  + "' at '"
                  + location.code
                  + "' by "
                  + units
                  + " where "
                  + onHand
                  + " are on hand");
        }
        onHandDelta[i] = units;
      }
      case STOCK_COUNT -> onHandDelta[i] = units - onHand;
    }
    long max = AccountState.MAX_UNITS;
    if (onHand + onHandDelta[i] > max || reserved + reservedDelta[i] > max) {
      return reject(
          e,
          Reason.QUANTITY_TOO_LARGE,
          "quantity",
          "the balance of '" + s.code + "' at '" + location.code + "' would exceed " + max);
    }
    return null;
  }

  /**
   * Books line {@code i}: moves the balances, writes the ledger row and, when the SKU's available
   * figure moved, counts the transaction and syncs the SKU or leaves it waiting (SPEC §3).
   */
  private static void book(
      AccountState account,
      InventoryEvent e,
      Lines lines,
      int i,
      LocationState location,
      Instant now,
      Changes out) {
    SkuState s = lines.skus()[i];
    long onHandDelta = lines.onHandDelta()[i];
    long reservedDelta = lines.reservedDelta()[i];
    int slots = s.locations.length;
    int slot = s.slotFor(location);
    if (s.locations.length != slots) {
      // A new balance row: the store keeps the SKU's sync state on its balance rows, so the
      // new row must be written with it.
      out.syncChanged(s);
    }
    s.onHand[slot] += onHandDelta;
    s.reserved[slot] += reservedDelta;
    long before = s.available;
    if (location.sellable) {
      s.addToAvailable(onHandDelta - reservedDelta);
    }
    out.ledger(
        new LedgerRow(
            account.id(),
            e.id(),
            i,
            e.type(),
            s.code,
            location.code,
            lines.units()[i],
            onHandDelta,
            reservedDelta,
            e.occurredAt() == null ? now : e.occurredAt(),
            now));
    out.balancesChanged(s);
    if (s.available == before) {
      return; // SPEC §3 step 1: nothing is stale
    }
    long nowMillis = now.toEpochMilli();
    s.pending++;
    out.syncChanged(s);
    SyncPolicy effective = account.policy().with(s.override);
    if (s.pending == 1) {
      s.oldestPendingAt = nowMillis;
    }
    long units = e.type() == EventType.STOCK_COUNT ? Math.abs(onHandDelta) : lines.units()[i];
    SyncTrigger trigger = effective.decide(s.available, e.type().seedKind(), units, s.pending);
    if (trigger != SyncTrigger.NONE) {
      account.sync(s, trigger, now, out);
    } else if (s.pending == 1 && effective.hasStalenessBound()) {
      // Scheduled only for a SKU left waiting: one that synced at once has nothing stale, and a
      // deadline for it would only clutter the queue (one per transaction at or below X).
      account.staleness().schedule(s, nowMillis, effective);
    }
  }

  /** "{verb} {units} of '{sku}' at '{location}' where {held} are {what}". */
  private static String beyond(
      String verb, long units, SkuState s, LocationState location, long held, String what) {
    return verb
        + " "
        + units
        + " of '"
        + s.code
        + "' at '"
        + location.code
        + "' where "
        + held
        + " are "
        + what;
  }

  private static EventResult reject(InventoryEvent e, Reason reason, String field, String message) {
    return EventResult.rejected(e.id(), new Rejection(reason, field, message));
  }

  /** {@code a × b} when that is a long of 0 or more, else {@link Long#MAX_VALUE}. */
  private static long multiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}
