package io.stocksync.store;

import io.stocksync.core.port.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The push attempt log of SPEC §5 ("every attempt is recorded: listing, quantity, time, marketplace
 * status, error"), and counts of the durable push queue, for the HTTP API and metrics. The push
 * dispatcher appends attempts with {@link #record}; nothing here updates or deletes one.
 *
 * <p>Thread-safe. Opened from the same {@code --db} string as the ledger ({@link #open}). Every
 * method throws {@link StoreException} when the store fails.
 */
public final class PushAttemptRepository implements AutoCloseable {

  /**
   * One delivery attempt of a push.
   *
   * @param id assigned by the store (ignored by {@link #record}); grows with every attempt
   * @param status the outcome in the dispatcher's words (say {@code ACKNOWLEDGED}, {@code
   *     THROTTLED}, {@code FAILED})
   * @param httpStatus the marketplace's HTTP status; null when no answer came
   * @param error what went wrong, for people; null when nothing did
   */
  public record PushAttempt(
      long id,
      String accountId,
      String channelId,
      String sku,
      long quantity,
      long version,
      Instant attemptedAt,
      String status,
      Integer httpStatus,
      String error) {}

  /** How many pushes one channel of one account has queued. */
  public record QueueDepth(String accountId, String channelId, long queued) {}

  /** The most attempts {@link #list} returns at once. */
  public static final int MAX_PAGE = 1_000;

  private static final String COLUMNS =
      "id, account_id, channel_id, sku, quantity, version, attempted_at, status, http_status,"
          + " error";

  private final JdbcStore store;

  private PushAttemptRepository(JdbcStore store) {
    this.store = store;
  }

  /** Opens the store {@code db} names, bringing its schema up to date. */
  public static PushAttemptRepository open(String db) {
    return new PushAttemptRepository(JdbcStore.open(db));
  }

  /** Appends an attempt (its {@code id} is ignored) and returns the id the store gave it. */
  public long record(PushAttempt a) {
    return store.write(
        "record a push attempt",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO push_attempts (account_id, channel_id, sku, quantity, version,"
                      + " attempted_at, status, http_status, error)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            s.setString(1, a.accountId());
            s.setString(2, a.channelId());
            s.setString(3, a.sku());
            s.setLong(4, a.quantity());
            s.setLong(5, a.version());
            s.setLong(6, a.attemptedAt().toEpochMilli());
            s.setString(7, a.status());
            if (a.httpStatus() == null) {
              s.setNull(8, Types.INTEGER);
            } else {
              s.setInt(8, a.httpStatus());
            }
            s.setString(9, a.error());
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return r.getLong(1);
            }
          }
        });
  }

  /**
   * The account's attempts, newest first.
   *
   * @param sku only this SKU's; null for every SKU
   * @param channelId only this channel's; null for every channel
   * @param beforeId only attempts older than this id (the last id of the previous page); null to
   *     start from the newest
   * @param limit at most this many, 1 to {@link #MAX_PAGE}
   */
  public List<PushAttempt> list(
      String accountId, String sku, String channelId, Long beforeId, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM push_attempts");
    sql.append(" WHERE account_id = ?");
    List<Object> parameters = new ArrayList<>();
    parameters.add(accountId);
    if (sku != null) {
      sql.append(" AND sku = ?");
      parameters.add(sku);
    }
    if (channelId != null) {
      sql.append(" AND channel_id = ?");
      parameters.add(channelId);
    }
    if (beforeId != null) {
      sql.append(" AND id < ?");
      parameters.add(beforeId);
    }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit);
    return store.read(
        "list push attempts",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
              s.setObject(i + 1, parameters.get(i));
            }
            List<PushAttempt> attempts = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                attempts.add(attempt(r));
              }
            }
            return attempts;
          }
        });
  }

  private static PushAttempt attempt(ResultSet r) throws SQLException {
    int http = r.getInt(9);
    Integer httpStatus = r.wasNull() ? null : http;
    return new PushAttempt(
        r.getLong(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getLong(5),
        r.getLong(6),
        Instant.ofEpochMilli(r.getLong(7)),
        r.getString(8),
        httpStatus,
        r.getString(10));
  }

  /** How many attempts ended in each status, over every account, by status. */
  public Map<String, Long> outcomes() {
    return store.read(
        "count push outcomes",
        c -> {
          Map<String, Long> counts = new LinkedHashMap<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT status, count(*) FROM push_attempts GROUP BY status ORDER BY status");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              counts.put(r.getString(1), r.getLong(2));
            }
          }
          return counts;
        });
  }

  /** The pushes queued (durably, SPEC §6) per channel of every account. */
  public List<QueueDepth> queueDepths() {
    return store.read(
        "count queued pushes",
        c -> {
          List<QueueDepth> depths = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT account_id, channel_id, count(*) FROM push_queue"
                          + " GROUP BY account_id, channel_id ORDER BY account_id, channel_id");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              depths.add(new QueueDepth(r.getString(1), r.getString(2), r.getLong(3)));
            }
          }
          return depths;
        });
  }

  @Override
  public void close() {
    store.close();
  }
}
