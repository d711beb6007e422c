package io.stocksync.store;

import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.AlertThresholdRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.Rows.PushRemoval;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.WriteSet;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link WriteSet}s for tests from rows of any kind, each going to its own list. */
public final class WriteSets {

  private WriteSets() {}

  /** A write set of {@code rows}, each kind in the order given. */
  public static WriteSet of(Object... rows) {
    List<AccountRow> accounts = new ArrayList<>();
    List<LocationRow> locations = new ArrayList<>();
    List<SkuRow> skus = new ArrayList<>();
    List<ChannelRow> channels = new ArrayList<>();
    List<ListingRow> listings = new ArrayList<>();
    List<LedgerRow> ledger = new ArrayList<>();
    List<BalanceRow> balances = new ArrayList<>();
    List<SkuSyncRow> syncStates = new ArrayList<>();
    List<PushRow> pushes = new ArrayList<>();
    List<PushRemoval> pushRemovals = new ArrayList<>();
    List<AlertRow> alerts = new ArrayList<>();
    List<PushAttemptRow> attempts = new ArrayList<>();
    List<AlertThresholdRow> thresholds = new ArrayList<>();
    for (Object row : rows) {
      if (row instanceof AccountRow r) {
        accounts.add(r);
      } else if (row instanceof LocationRow r) {
        locations.add(r);
      } else if (row instanceof SkuRow r) {
        skus.add(r);
      } else if (row instanceof ChannelRow r) {
        channels.add(r);
      } else if (row instanceof ListingRow r) {
        listings.add(r);
      } else if (row instanceof LedgerRow r) {
        ledger.add(r);
      } else if (row instanceof BalanceRow r) {
        balances.add(r);
      } else if (row instanceof SkuSyncRow r) {
        syncStates.add(r);
      } else if (row instanceof PushRow r) {
        pushes.add(r);
      } else if (row instanceof PushRemoval r) {
        pushRemovals.add(r);
      } else if (row instanceof AlertRow r) {
        alerts.add(r);
      } else if (row instanceof PushAttemptRow r) {
        attempts.add(r);
      } else if (row instanceof AlertThresholdRow r) {
        thresholds.add(r);
      } else {
        throw new IllegalArgumentException("not a row: " + row);
      }
    }
    return new WriteSet(
        accounts,
        locations,
        skus,
        channels,
        listings,
        ledger,
        balances,
        syncStates,
        pushes,
        pushRemovals,
        alerts,
        attempts,
        List.of(),
        thresholds,
        List.of(),
        List.of());
  }

  /** A write set of {@code rows}, a list of rows of any kind. */
  public static WriteSet of(List<?> rows) {
    return of(rows.toArray());
  }
}
