package io.stocksync.store;

import io.stocksync.core.port.Rows.BundleOrdersRow;
import io.stocksync.core.port.Rows.LedgerRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Writes what the events of a write set booked besides the balances: the ledger's lines (appended,
 * never updated) and how many of each bundle are on open orders at a location. One JDBC batch a
 * statement, inside the caller's transaction. Not thread-safe: part of one {@link WriteSetWriter}.
 */
final class LedgerLineWriter {
  private final PreparedStatement insertLedger;
  private final PreparedStatement upsertBundleOrders;

  /** Prepares the statements through {@code prepare}, which owns (and closes) them. */
  LedgerLineWriter(StatementPreparer prepare) throws SQLException {
    insertLedger = prepare.prepare(LedgerSql.INSERT_LEDGER);
    upsertBundleOrders = prepare.prepare(LedgerSql.UPSERT_BUNDLE_ORDERS);
  }

  void writeLedger(Collection<LedgerRow> rows) throws SQLException {
    RowBatch.execute(insertLedger, rows, LedgerSql::bindLedger);
  }

  void writeBundleOrders(Collection<BundleOrdersRow> rows) throws SQLException {
    RowBatch.execute(
        upsertBundleOrders,
        rows,
        (st, row) -> {
          st.setString(1, row.accountId());
          st.setString(2, row.bundle());
          st.setString(3, row.location());
          st.setLong(4, row.bundles());
        });
  }
}
