package io.stocksync.store;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the HTTP API and the delivery worker read and write of alerts (SPEC §10): the alert list,
 * the account's destination, and the durable queue of changes to deliver. The engine writes the
 * alerts and queues their changes in its own batches ({@link AlertWriter}); nothing here changes an
 * alert.
 *
 * <p>Thread-safe. Opened from the same {@code --db} string as the ledger. Every method throws
 * {@link StoreException} when the store fails.
 */
public final class AlertRepository implements AutoCloseable {

  /** The most alerts one page holds. */
  public static final int MAX_PAGE = 1_000;

  /**
   * Which alerts to list; a null field does not filter.
   *
   * @param state null for all
   */
  public record Filter(AlertState state, AlertKind kind, String sku, String channel) {}

  /** Where a page ended: the next page starts after this alert in the list's order. */
  public record Cursor(AlertState state, Instant openedAt, long id) {}

  /** One page: open alerts first, then resolved; newest opened first within each. */
  public record Page(List<AlertRow> alerts, Cursor next) {}

  /**
   * An account's destination.
   *
   * @param sealedSecret the secret as the caller sealed it; never shown to anyone
   */
  public record Destination(String accountId, String url, String sealedSecret, Instant updatedAt) {}

  /**
   * One alert change waiting for delivery.
   *
   * @param seq the queue's order; deliveries of one account go in this order
   * @param alert the alert as of the change (its state and resolvedAt those of the change)
   * @param attempts failed attempts so far
   */
  public record Delivery(
      long seq, AlertRow alert, Instant changedAt, int attempts, Destination destination) {}

  private final JdbcStore store;

  private AlertRepository(JdbcStore store) {
    this.store = store;
  }

  /** Opens the store {@code db} names, bringing its schema up to date. */
  public static AlertRepository open(String db) {
    return new AlertRepository(JdbcStore.open(db));
  }

  /** A page of the account's alerts matching {@code filter}, after {@code after} (null: first). */
  public Page list(String accountId, Filter filter, Cursor after, int limit) {
    int size = Math.max(1, Math.min(limit, MAX_PAGE));
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(AlertSql.COLUMNS)
            .append(", CASE state WHEN 'OPEN' THEN 0 ELSE 1 END AS rank FROM alerts")
            .append(" WHERE account_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(accountId);
    if (filter.state() != null) {
      sql.append(" AND state = ?");
      args.add(filter.state().name());
    }
    if (filter.kind() != null) {
      sql.append(" AND kind = ?");
      args.add(filter.kind().name());
    }
    if (filter.sku() != null) {
      sql.append(" AND sku = ?");
      args.add(filter.sku());
    }
    if (filter.channel() != null) {
      sql.append(" AND channel_id = ?");
      args.add(filter.channel());
    }
    if (after != null) {
      int rank = after.state() == AlertState.OPEN ? 0 : 1;
      long opened = after.openedAt().toEpochMilli();
      sql.append(
          " AND (CASE state WHEN 'OPEN' THEN 0 ELSE 1 END > ?"
              + " OR (CASE state WHEN 'OPEN' THEN 0 ELSE 1 END = ?"
              + " AND (opened_at < ? OR (opened_at = ? AND id < ?))))");
      args.add(rank);
      args.add(rank);
      args.add(opened);
      args.add(opened);
      args.add(after.id());
    }
    sql.append(" ORDER BY rank, opened_at DESC, id DESC LIMIT ?");
    args.add(size + 1);
    return store.read(
        "list alerts",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              Object a = args.get(i);
              if (a instanceof String text) {
                s.setString(i + 1, text);
              } else if (a instanceof Integer n) {
                s.setInt(i + 1, n);
              } else {
                s.setLong(i + 1, (Long) a);
              }
            }
            List<AlertRow> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                rows.add(AlertSql.row(r));
              }
            }
            Cursor next = null;
            if (rows.size() > size) {
              rows.remove(rows.size() - 1);
              AlertRow last = rows.get(rows.size() - 1);
              next = new Cursor(last.state(), last.openedAt(), last.id());
            }
            return new Page(rows, next);
          }
        });
  }

  /** Sets (or replaces) the account's destination. */
  public void putDestination(String accountId, String url, String sealedSecret, Instant now) {
    store.write(
        "set the alert destination",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO alert_destinations (account_id, url, secret, updated_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET"
                      + " url = excluded.url, secret = excluded.secret,"
                      + " updated_at = excluded.updated_at")) {
            s.setString(1, accountId);
            s.setString(2, url);
            s.setString(3, sealedSecret);
            s.setLong(4, now.toEpochMilli());
            return s.executeUpdate();
          }
        });
  }

  /** The account's destination, if it has one. */
  public Optional<Destination> destination(String accountId) {
    return store.read(
        "read the alert destination",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT account_id, url, secret, updated_at FROM alert_destinations"
                      + " WHERE account_id = ?")) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
              return r.next()
                  ? Optional.of(
                      new Destination(
                          r.getString(1),
                          r.getString(2),
                          r.getString(3),
                          Instant.ofEpochMilli(r.getLong(4))))
                  : Optional.empty();
            }
          }
        });
  }

  /** Up to {@code limit} deliveries due at {@code now}, in queue order. */
  public List<Delivery> due(Instant now, int limit) {
    return store.read(
        "read the alert deliveries due",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT d.seq, d.state, d.changed_at, d.attempts, a.account_id, a.id, a.kind,"
                      + " a.sku, a.channel_id, a.location, a.opened_at, a.details,"
                      + " t.url, t.secret, t.updated_at"
                      + " FROM alert_deliveries d"
                      + " JOIN alerts a ON a.account_id = d.account_id AND a.id = d.alert_id"
                      + " JOIN alert_destinations t ON t.account_id = d.account_id"
                      + " WHERE d.next_attempt_at <= ? ORDER BY d.seq LIMIT ?")) {
            s.setLong(1, now.toEpochMilli());
            s.setInt(2, limit);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                AlertState state = AlertState.valueOf(r.getString(2));
                Instant changedAt = Instant.ofEpochMilli(r.getLong(3));
                AlertRow alert =
                    new AlertRow(
                        r.getString(5),
                        r.getLong(6),
                        AlertKind.valueOf(r.getString(7)),
                        state,
                        r.getString(8),
                        r.getString(9),
                        r.getString(10),
                        Instant.ofEpochMilli(r.getLong(11)),
                        state == AlertState.RESOLVED ? changedAt : null,
                        r.getString(12));
                out.add(
                    new Delivery(
                        r.getLong(1),
                        alert,
                        changedAt,
                        r.getInt(4),
                        new Destination(
                            alert.accountId(),
                            r.getString(13),
                            r.getString(14),
                            Instant.ofEpochMilli(r.getLong(15)))));
              }
            }
            return out;
          }
        });
  }

  /** The earliest instant a queued delivery is due, or null when none is queued. */
  public Instant nextDue() {
    return store.read(
        "read the next alert delivery",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement("SELECT MIN(next_attempt_at) FROM alert_deliveries");
              ResultSet r = s.executeQuery()) {
            r.next();
            return LedgerSql.getInstant(r, 1);
          }
        });
  }

  /** How many deliveries are queued (due or not). */
  public long queued() {
    return store.read(
        "count the alert deliveries",
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM alert_deliveries");
              ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /** The destination took delivery {@code seq}: it leaves the queue. */
  public void delivered(long seq) {
    store.write(
        "record an alert delivery",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM alert_deliveries WHERE seq = ?")) {
            s.setLong(1, seq);
            return s.executeUpdate();
          }
        });
  }

  /**
   * Delivery {@code seq} failed: it is tried again at {@code next}, and so are the account's later
   * ones (not before it: a destination sees an account's changes in order).
   */
  public void retryLater(Delivery d, Instant next, String error) {
    store.write(
        "postpone an alert delivery",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?,"
                          + " last_error = ? WHERE seq = ?");
              PreparedStatement later =
                  c.prepareStatement(
                      "UPDATE alert_deliveries SET next_attempt_at = ? WHERE account_id = ?"
                          + " AND seq > ? AND next_attempt_at < ?")) {
            s.setLong(1, next.toEpochMilli());
            s.setString(
                2, error == null ? null : error.substring(0, Math.min(error.length(), 500)));
            s.setLong(3, d.seq());
            s.executeUpdate();
            later.setLong(1, next.toEpochMilli());
            later.setString(2, d.alert().accountId());
            later.setLong(3, d.seq());
            later.setLong(4, next.toEpochMilli());
            return later.executeUpdate();
          }
        });
  }

  @Override
  public void close() {
    store.close();
  }
}
