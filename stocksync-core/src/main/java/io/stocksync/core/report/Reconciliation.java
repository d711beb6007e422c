package io.stocksync.core.report;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The reconciliation of SPEC §11 over the period ({@code from}, {@code to}]: per SKU and location,
 * the balance at {@code from} (lines recorded at or before it, as a {@link Snapshot} at {@code
 * from} shows it), the lines recorded after {@code from} and at or before {@code to} by type, and
 * the balance at {@code to}. A pure fold that holds one SKU and location at a time.
 */
public final class Reconciliation {

  private Reconciliation() {}

  /**
   * The rows, one per SKU and location with a ledger line recorded at or before {@code to}, in the
   * order of {@code lines}.
   *
   * @param lines sorted by SKU then location (code-point order); any order within a location
   * @throws IllegalArgumentException when {@code from} is after {@code to}; from the returned
   *     iterator, when the lines are out of order
   */
  public static Iterator<ReconciliationRow> rows(
      Instant from, Instant to, Iterator<LedgerLine> lines) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from must not be after to");
    }
    return new Rows(from, to, new Peeking<>(lines));
  }

  private static final class Rows implements Iterator<ReconciliationRow> {
    private final Instant from;
    private final Instant to;
    private final Peeking<LedgerLine> lines;
    private String lastSku;
    private String lastLocation;
    private ReconciliationRow next;

    Rows(Instant from, Instant to, Peeking<LedgerLine> lines) {
      this.from = from;
      this.to = to;
      this.lines = lines;
    }

    @Override
    public boolean hasNext() {
      while (next == null && lines.peek() != null) {
        next = nextGroup();
      }
      return next != null;
    }

    @Override
    public ReconciliationRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ReconciliationRow row = next;
      next = null;
      return row;
    }

    private ReconciliationRow nextGroup() {
      String sku = lines.peek().sku();
      String location = lines.peek().location();
      if (lastSku != null) {
        int bySku = Codes.compare(sku, lastSku);
        if (bySku < 0 || (bySku == 0 && Codes.compare(location, lastLocation) <= 0)) {
          throw new IllegalArgumentException(
              "the lines are not sorted by SKU and location at '" + sku + "' '" + location + "'");
        }
      }
      lastSku = sku;
      lastLocation = location;
      long openingOnHand = 0;
      long openingReserved = 0;
      long closingOnHand = 0;
      long closingReserved = 0;
      Movements movements = Movements.NONE;
      boolean seen = false;
      while (lines.peek() != null
          && lines.peek().sku().equals(sku)
          && lines.peek().location().equals(location)) {
        LedgerLine line = lines.take();
        if (line.recordedAt().isAfter(to)) {
          continue;
        }
        seen = true;
        closingOnHand = Math.addExact(closingOnHand, line.onHandDelta());
        closingReserved = Math.addExact(closingReserved, line.reservedDelta());
        if (line.recordedAt().isAfter(from)) {
          movements = movements.plus(line);
        } else {
          openingOnHand = Math.addExact(openingOnHand, line.onHandDelta());
          openingReserved = Math.addExact(openingReserved, line.reservedDelta());
        }
      }
      if (!seen) {
        return null;
      }
      return new ReconciliationRow(
          sku, location, openingOnHand, openingReserved, movements, closingOnHand, closingReserved);
    }
  }
}
