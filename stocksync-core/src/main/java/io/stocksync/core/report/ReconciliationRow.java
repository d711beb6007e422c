package io.stocksync.core.report;

/**
 * One SKU at one location over a period (SPEC §11): its opening balance, its movements by type and
 * its closing balance. The closing figures are the sum of every ledger delta up to the end of the
 * period, added up apart from the movement buckets, so {@link #balances()} is a real check that
 * every line landed in a bucket with the right sign, not a definition.
 */
public record ReconciliationRow(
    String sku,
    String location,
    long openingOnHand,
    long openingReserved,
    Movements movements,
    long closingOnHand,
    long closingReserved) {

  /** Whether opening plus movements equals closing, for on hand and for reserved. */
  public boolean balances() {
    return openingOnHand + movements.onHandChange() == closingOnHand
        && openingReserved + movements.reservedChange() == closingReserved;
  }
}
