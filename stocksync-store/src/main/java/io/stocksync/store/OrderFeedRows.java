package io.stocksync.store;

import io.stocksync.core.order.OrderLineState;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.core.port.StoredStateVisitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The order feed's tables (V8: {@code order_lines}, {@code order_feeds}): written by the write set
 * path in the same transaction as the ledger rows of the events the lines booked, and read back at
 * start-up after the channels and listings.
 */
final class OrderFeedRows {
  private OrderFeedRows() {}

  static final String UPSERT_LINE =
      "INSERT INTO order_lines (account_id, channel_id, order_id, line_id, external_id,"
          + " marketplace_sku, quantity, state, reported_at, sku, location, placed_booked,"
          + " cancelled_booked, shipped_booked, error, first_seen_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, channel_id, order_id, line_id) DO UPDATE SET"
          + " external_id = excluded.external_id, marketplace_sku = excluded.marketplace_sku,"
          + " quantity = excluded.quantity, state = excluded.state,"
          + " reported_at = excluded.reported_at, sku = excluded.sku,"
          + " location = excluded.location, placed_booked = excluded.placed_booked,"
          + " cancelled_booked = excluded.cancelled_booked,"
          + " shipped_booked = excluded.shipped_booked, error = excluded.error,"
          + " updated_at = excluded.updated_at";

  static final String UPSERT_FEED =
      "INSERT INTO order_feeds (account_id, channel_id, cursor, watermark, last_poll_at,"
          + " webhook_registered, last_error) VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (account_id, channel_id) DO UPDATE SET cursor = excluded.cursor,"
          + " watermark = excluded.watermark, last_poll_at = excluded.last_poll_at,"
          + " webhook_registered = excluded.webhook_registered, last_error = excluded.last_error";

  /**
   * Writes the rows with the two statements prepared from {@link #UPSERT_LINE}, {@link
   * #UPSERT_FEED}.
   */
  static void write(
      PreparedStatement upsertLine,
      PreparedStatement upsertFeed,
      List<OrderLineRow> lines,
      List<OrderFeedRow> feeds)
      throws SQLException {
    if (!lines.isEmpty()) {
      for (OrderLineRow r : latest(lines)) {
        upsertLine.setString(1, r.accountId());
        upsertLine.setString(2, r.channelId());
        upsertLine.setString(3, r.orderId());
        upsertLine.setString(4, r.lineId());
        text(upsertLine, 5, r.externalId());
        text(upsertLine, 6, r.marketplaceSku());
        upsertLine.setLong(7, r.quantity());
        upsertLine.setString(8, r.state().name());
        LedgerSql.setInstant(upsertLine, 9, r.reportedAt());
        text(upsertLine, 10, r.sku());
        text(upsertLine, 11, r.location());
        upsertLine.setBoolean(12, r.placedBooked());
        upsertLine.setBoolean(13, r.cancelledBooked());
        upsertLine.setBoolean(14, r.shippedBooked());
        text(upsertLine, 15, r.error());
        LedgerSql.setInstant(upsertLine, 16, r.firstSeenAt());
        LedgerSql.setInstant(upsertLine, 17, r.updatedAt());
        upsertLine.addBatch();
      }
      upsertLine.executeBatch();
    }
    if (!feeds.isEmpty()) {
      Map<List<String>, OrderFeedRow> last = new LinkedHashMap<>();
      for (OrderFeedRow r : feeds) {
        last.put(List.of(r.accountId(), r.channelId()), r);
      }
      for (OrderFeedRow r : last.values()) {
        upsertFeed.setString(1, r.accountId());
        upsertFeed.setString(2, r.channelId());
        text(upsertFeed, 3, r.cursor());
        LedgerSql.setInstant(upsertFeed, 4, r.watermark());
        LedgerSql.setInstant(upsertFeed, 5, r.lastPollAt());
        upsertFeed.setBoolean(6, r.webhookRegistered());
        text(upsertFeed, 7, r.lastError());
        upsertFeed.addBatch();
      }
      upsertFeed.executeBatch();
    }
  }

  /** The last row of each line: an upsert may not touch one row twice in a batch (PostgreSQL). */
  private static Collection<OrderLineRow> latest(List<OrderLineRow> rows) {
    Map<List<String>, OrderLineRow> last = new LinkedHashMap<>(rows.size() * 2);
    for (OrderLineRow r : rows) {
      last.put(List.of(r.accountId(), r.channelId(), r.orderId(), r.lineId()), r);
    }
    return last.values();
  }

  private static void text(PreparedStatement s, int index, String value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }

  /** Streams the stored order lines and feed states of the accepted accounts to {@code visitor}. */
  static void read(
      Connection connection, int fetchSize, Predicate<String> accounts, StoredStateVisitor visitor)
      throws SQLException {
    try (Statement statement =
            connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ResultSet rows = query(statement, fetchSize, LINES)) {
      while (rows.next()) {
        if (accounts.test(rows.getString(1))) {
          visitor.orderLine(
              new OrderLineRow(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getLong(7),
                  OrderLineState.valueOf(rows.getString(8)),
                  LedgerSql.getInstant(rows, 9),
                  rows.getString(10),
                  rows.getString(11),
                  rows.getBoolean(12),
                  rows.getBoolean(13),
                  rows.getBoolean(14),
                  rows.getString(15),
                  LedgerSql.getInstant(rows, 16),
                  LedgerSql.getInstant(rows, 17)));
        }
      }
    }
    try (Statement statement =
            connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ResultSet rows = query(statement, fetchSize, FEEDS)) {
      while (rows.next()) {
        if (accounts.test(rows.getString(1))) {
          visitor.orderFeed(
              new OrderFeedRow(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  LedgerSql.getInstant(rows, 4),
                  LedgerSql.getInstant(rows, 5),
                  rows.getBoolean(6),
                  rows.getString(7)));
        }
      }
    }
  }

  private static final String LINES =
      "SELECT account_id, channel_id, order_id, line_id, external_id, marketplace_sku, quantity,"
          + " state, reported_at, sku, location, placed_booked, cancelled_booked, shipped_booked,"
          + " error, first_seen_at, updated_at FROM order_lines";

  private static final String FEEDS =
      "SELECT account_id, channel_id, cursor, watermark, last_poll_at, webhook_registered,"
          + " last_error FROM order_feeds";

  private static ResultSet query(Statement statement, int fetchSize, String sql)
      throws SQLException {
    statement.setFetchSize(fetchSize);
    return statement.executeQuery(sql);
  }
}
