package io.stocksync.store.report;

import io.stocksync.core.event.EventType;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.report.Acknowledgement;
import io.stocksync.core.report.LedgerLine;
import io.stocksync.core.report.Reconciliation;
import io.stocksync.core.report.ReconciliationRow;
import io.stocksync.core.report.Snapshot;
import io.stocksync.core.report.SnapshotRow;
import io.stocksync.store.JdbcStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reports of SPEC §11 read from the store: the snapshot at an instant, the reconciliation of a
 * period, and a SKU's ledger lines page by page. Every query is filtered by account. Snapshots and
 * reconciliations stream: the database adds the ledger up per SKU, location and type, a
 * forward-only cursor hands the sums over a few hundred at a time, the core's folds turn them into
 * rows, and each row goes to the caller's sink before the next is read.
 *
 * <p>Each call runs in one read transaction, so it sees one state of the store even while the
 * engine writes. Thread-safe; opened from the same {@code --db} string as the ledger ({@link
 * #open}), with a small pool of read connections of its own (a long snapshot holds one for its
 * whole length, never the engine's). Every method throws {@link StoreException} when the store
 * fails; what a sink throws is passed on as it is.
 */
public final class ReportRepository implements AutoCloseable {

  /** The most ledger lines {@link #events} returns at once. */
  public static final int MAX_PAGE = 1_000;

  /** Rows a cursor fetches per round trip (PostgreSQL; SQLite steps row by row anyway). */
  static final int FETCH_SIZE = 512;

  /** Which ledger lines of a SKU {@link #events} returns; a null field does not filter. */
  public record EventFilter(Instant from, Instant to, EventType type, String location) {
    /** Every line. */
    public static final EventFilter ALL = new EventFilter(null, null, null, null);
  }

  /**
   * Where a page of {@link #events} ended: the page after it starts at the next older line. Lines
   * are ordered by recording time, then event id, then line, newest first.
   */
  public record EventCursor(long recordedAtMillis, String eventId, int line) {}

  /** A page of ledger lines, newest first, and where the next starts (null: this is the last). */
  public record EventPage(List<LedgerRow> lines, EventCursor next) {}

  private final JdbcStore store;

  private ReportRepository(JdbcStore store) {
    this.store = store;
  }

  /** Opens the store {@code db} names, bringing its schema up to date. */
  public static ReportRepository open(String db) {
    return new ReportRepository(JdbcStore.open(db));
  }

  /**
   * Streams the snapshot at {@code at} (SPEC §11) of the account to {@code sink}, one row per SKU
   * in code-point order of the codes: the SKU's balances by the time StockSync recorded each ledger
   * line, and what each channel had acknowledged of it by then. Availability counts the locations
   * that are sellable now (the store keeps no history of that setting).
   */
  public void snapshot(String accountId, Instant at, Consumer<SnapshotRow> sink) {
    long t = at.toEpochMilli();
    store.read(
        "read a snapshot",
        c ->
            inReadTransaction(
                c,
                () -> {
                  Set<String> sellable = sellableLocations(c, accountId);
                  try (PreparedStatement lines =
                          cursor(
                              c,
                              "SELECT sku, location, sum(on_hand_delta), sum(reserved_delta),"
                                  + " max(recorded_at) FROM ledger"
                                  + " WHERE account_id = ? AND recorded_at <= ?"
                                  + " GROUP BY sku, location ORDER BY sku, location");
                      PreparedStatement acks =
                          cursor(
                              c,
                              "SELECT sku, channel_id, quantity, attempted_at FROM push_attempts"
                                  + " WHERE account_id = ? AND status = 'ACKNOWLEDGED'"
                                  + " AND attempted_at <= ? ORDER BY sku, channel_id, id")) {
                    lines.setString(1, accountId);
                    lines.setLong(2, t);
                    acks.setString(1, accountId);
                    acks.setLong(2, t);
                    try (ResultSet l = lines.executeQuery();
                        ResultSet a = acks.executeQuery()) {
                      Snapshot.rows(
                              at,
                              sellable::contains,
                              new RowIterator<>(
                                  l,
                                  r ->
                                      new LedgerLine(
                                          r.getString(1),
                                          r.getString(2),
                                          null,
                                          0,
                                          r.getLong(3),
                                          r.getLong(4),
                                          Instant.ofEpochMilli(r.getLong(5)))),
                              new RowIterator<>(
                                  a,
                                  r ->
                                      new Acknowledgement(
                                          r.getString(1),
                                          r.getString(2),
                                          r.getLong(3),
                                          Instant.ofEpochMilli(r.getLong(4)))))
                          .forEachRemaining(sink);
                    }
                  }
                  return null;
                }));
  }

  /**
   * Streams the reconciliation of the period ({@code from}, {@code to}] (SPEC §11) to {@code sink},
   * one row per SKU and location with a ledger line recorded at or before {@code to}, by SKU then
   * location.
   *
   * @param sku only this SKU's rows; null for every SKU
   * @throws IllegalArgumentException when {@code from} is after {@code to}
   */
  public void reconciliation(
      String accountId, Instant from, Instant to, String sku, Consumer<ReconciliationRow> sink) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from must not be after to");
    }
    store.read(
        "read a reconciliation",
        c ->
            inReadTransaction(
                c,
                () -> {
                  // Summed per type and direction, and per side of from: each sum stands in for
                  // lines that fall into one bucket of one row (see LedgerLine).
                  String sql =
                      "SELECT sku, location, type, sum(quantity), sum(on_hand_delta),"
                          + " sum(reserved_delta), max(recorded_at) FROM ledger"
                          + " WHERE account_id = ? AND recorded_at <= ?"
                          + (sku == null ? "" : " AND sku = ?")
                          + " GROUP BY sku, location, type,"
                          + " CASE WHEN recorded_at <= ? THEN 0 ELSE 1 END,"
                          + " CASE WHEN on_hand_delta < 0 THEN 1 ELSE 0 END"
                          + " ORDER BY sku, location";
                  try (PreparedStatement s = cursor(c, sql)) {
                    int i = 1;
                    s.setString(i++, accountId);
                    s.setLong(i++, to.toEpochMilli());
                    if (sku != null) {
                      s.setString(i++, sku);
                    }
                    s.setLong(i, from.toEpochMilli());
                    try (ResultSet r = s.executeQuery()) {
                      Reconciliation.rows(
                              from,
                              to,
                              new RowIterator<>(
                                  r,
                                  x ->
                                      new LedgerLine(
                                          x.getString(1),
                                          x.getString(2),
                                          EventType.valueOf(x.getString(3)),
                                          x.getLong(4),
                                          x.getLong(5),
                                          x.getLong(6),
                                          Instant.ofEpochMilli(x.getLong(7)))))
                          .forEachRemaining(sink);
                    }
                  }
                  return null;
                }));
  }

  /**
   * A page of the SKU's ledger lines, newest first (by recording time, then event id and line).
   *
   * @param filter {@code from}: recorded after it; {@code to}: recorded at or before it (the period
   *     of a reconciliation); {@code type} and {@code location}: only those
   * @param after where the previous page ended; null for the newest
   * @param limit at most this many, 1 to {@link #MAX_PAGE}
   */
  public EventPage events(
      String accountId, String sku, EventFilter filter, EventCursor after, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT event_id, line, type, sku, location, quantity, on_hand_delta, reserved_delta,"
                + " occurred_at, recorded_at FROM ledger WHERE account_id = ? AND sku = ?");
    List<Object> parameters = new ArrayList<>(List.of(accountId, sku));
    if (filter.from() != null) {
      sql.append(" AND recorded_at > ?");
      parameters.add(filter.from().toEpochMilli());
    }
    if (filter.to() != null) {
      sql.append(" AND recorded_at <= ?");
      parameters.add(filter.to().toEpochMilli());
    }
    if (filter.type() != null) {
      sql.append(" AND type = ?");
      parameters.add(filter.type().name());
    }
    if (filter.location() != null) {
      sql.append(" AND location = ?");
      parameters.add(filter.location());
    }
    if (after != null) {
      sql.append(
          " AND (recorded_at < ? OR (recorded_at = ? AND (event_id < ?"
              + " OR (event_id = ? AND line < ?))))");
      parameters.addAll(
          List.of(
              after.recordedAtMillis(),
              after.recordedAtMillis(),
              after.eventId(),
              after.eventId(),
              after.line()));
    }
    sql.append(" ORDER BY recorded_at DESC, event_id DESC, line DESC LIMIT ").append(limit + 1);
    return store.read(
        "read a SKU's ledger lines",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
              s.setObject(i + 1, parameters.get(i));
            }
            List<LedgerRow> lines = new ArrayList<>();
            boolean more = false;
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                if (lines.size() == limit) {
                  more = true;
                  break;
                }
                long occurred = r.getLong(9);
                Instant occurredAt = r.wasNull() ? null : Instant.ofEpochMilli(occurred);
                lines.add(
                    new LedgerRow(
                        accountId,
                        r.getString(1),
                        r.getInt(2),
                        EventType.valueOf(r.getString(3)),
                        r.getString(4),
                        r.getString(5),
                        r.getLong(6),
                        r.getLong(7),
                        r.getLong(8),
                        occurredAt,
                        Instant.ofEpochMilli(r.getLong(10))));
              }
            }
            EventCursor next = null;
            if (more) {
              LedgerRow last = lines.get(lines.size() - 1);
              next = new EventCursor(last.recordedAt().toEpochMilli(), last.eventId(), last.line());
            }
            return new EventPage(lines, next);
          }
        });
  }

  private static Set<String> sellableLocations(Connection c, String accountId) throws SQLException {
    Set<String> codes = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT code FROM locations WHERE account_id = ? AND sellable = ?")) {
      s.setString(1, accountId);
      s.setBoolean(2, true);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          codes.add(r.getString(1));
        }
      }
    }
    return codes;
  }

  /** A forward-only, read-only statement that fetches {@link #FETCH_SIZE} rows at a time. */
  private static PreparedStatement cursor(Connection c, String sql) throws SQLException {
    PreparedStatement s =
        c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    s.setFetchSize(FETCH_SIZE);
    return s;
  }

  @FunctionalInterface
  private interface Body {
    Object run() throws SQLException;
  }

  /**
   * Runs {@code body} in one read transaction on {@code c}: one consistent view of the store, and
   * what PostgreSQL needs to stream a result through a cursor rather than fetch it whole. The
   * transaction is rolled back (it wrote nothing) and the connection given back as it came.
   */
  private static Object inReadTransaction(Connection c, Body body) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      return body.run();
    } finally {
      try {
        c.rollback();
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** Maps one result-set row. */
  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet r) throws SQLException;
  }

  /** A result set as an iterator; a store failure surfaces as {@link StoreException}. */
  private static final class RowIterator<T> implements Iterator<T> {
    private final ResultSet rows;
    private final RowMapper<T> mapper;
    private T next;
    private boolean done;

    RowIterator(ResultSet rows, RowMapper<T> mapper) {
      this.rows = rows;
      this.mapper = mapper;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          if (rows.next()) {
            next = mapper.map(rows);
          } else {
            done = true;
          }
        } catch (SQLException e) {
          throw new StoreException("could not read a report: " + e.getMessage(), e);
        }
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T row = next;
      next = null;
      return row;
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
