package io.stocksync.store;

import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.Rows.PushRemoval;
import io.stocksync.core.port.Rows.PushRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;

/**
 * Writes the listings of a write set and their push queue: listing rows, queued pushes, the pushes
 * taken off the queue, and the log of push attempts. One JDBC batch a statement, inside the
 * caller's transaction. Not thread-safe: part of one {@link WriteSetWriter}.
 */
final class PushQueueWriter {
  private final PreparedStatement upsertListing;
  private final PreparedStatement upsertPush;
  private final PreparedStatement deletePush;
  private final PreparedStatement insertAttempt;

  /** Prepares the statements through {@code prepare}, which owns (and closes) them. */
  PushQueueWriter(StatementPreparer prepare) throws SQLException {
    upsertListing = prepare.prepare(LedgerSql.UPSERT_LISTING);
    upsertPush = prepare.prepare(LedgerSql.UPSERT_PUSH);
    deletePush = prepare.prepare(LedgerSql.DELETE_PUSH);
    insertAttempt = prepare.prepare(LedgerSql.INSERT_ATTEMPT);
  }

  void writeListings(Collection<ListingRow> rows) throws SQLException {
    RowBatch.execute(
        upsertListing,
        rows,
        (st, row) -> {
          st.setString(1, row.accountId());
          st.setString(2, row.channelId());
          st.setString(3, row.sku());
          st.setString(4, row.externalId());
          st.setString(5, row.fieldsJson());
          LedgerSql.setLong(st, 6, row.acknowledged());
          LedgerSql.setInstant(st, 7, row.acknowledgedAt());
          st.setString(8, row.state().name());
          st.setLong(9, row.version());
        });
  }

  void writePushes(Collection<PushRow> rows) throws SQLException {
    RowBatch.execute(
        upsertPush,
        rows,
        (st, row) -> {
          st.setString(1, row.accountId());
          st.setString(2, row.channelId());
          st.setString(3, row.sku());
          st.setLong(4, row.target());
          st.setLong(5, row.version());
          st.setString(6, row.urgency().name());
          st.setLong(7, row.queuedAt().toEpochMilli());
          st.setInt(8, row.failures());
        });
  }

  void writePushRemovals(Collection<PushRemoval> rows) throws SQLException {
    RowBatch.execute(
        deletePush,
        rows,
        (st, row) -> {
          st.setString(1, row.accountId());
          st.setString(2, row.channelId());
          st.setString(3, row.sku());
        });
  }

  void writeAttempts(Collection<PushAttemptRow> rows) throws SQLException {
    RowBatch.execute(
        insertAttempt,
        rows,
        (st, row) -> {
          st.setString(1, row.accountId());
          st.setString(2, row.channelId());
          st.setString(3, row.sku());
          st.setLong(4, row.quantity());
          st.setLong(5, row.version());
          st.setLong(6, row.attemptedAt().toEpochMilli());
          st.setString(7, row.status());
          if (row.httpStatus() == null) {
            st.setNull(8, Types.INTEGER);
          } else {
            st.setInt(8, row.httpStatus());
          }
          st.setString(9, row.error());
        });
  }
}
