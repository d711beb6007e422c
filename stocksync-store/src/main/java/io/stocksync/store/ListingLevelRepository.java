package io.stocksync.store;

import io.stocksync.core.port.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The figures read back from the marketplaces (SPEC §12), one row per listing: what its marketplace
 * held when last read ({@code held}, {@code heldAt}), what StockSync expected then and the
 * comparison's outcome. Written by the read-back after each read, beside the engine's write sets (a
 * marketplace's word, not a decision of the engine); read by the HTTP API for {@code GET
 * /v1/skus/{sku}} and the explain.
 *
 * <p>Thread-safe. Opened from the same {@code --db} string as the ledger ({@link #open}). Every
 * method throws {@link StoreException} when the store fails. Every read names its account: no
 * account sees another's figures.
 */
public final class ListingLevelRepository implements AutoCloseable {

  /**
   * One listing's last read.
   *
   * @param held the figure the marketplace held when last read; null when it never was (a read that
   *     fails keeps the last figure read and sets {@code error})
   * @param heldAt when {@code held} was read; null with it
   * @param outcome the comparison's outcome then ({@code IN_SYNC}, {@code DRIFT}, {@code UNKNOWN});
   *     null when nothing was compared
   * @param expected what StockSync expected it to hold (acknowledged less the sales since); null
   *     when unknown
   * @param error why the last read failed; null when it succeeded
   * @param checkedAt when the listing was last read, successfully or not
   */
  public record Level(
      String accountId,
      String channelId,
      String sku,
      String externalId,
      Long held,
      Instant heldAt,
      String outcome,
      Long expected,
      String error,
      Instant checkedAt) {}

  /** How many SKUs one query of {@link #ofSkus} names at most (a bound on its parameters). */
  static final int SKUS_PER_QUERY = 200;

  private static final String COLUMNS =
      "account_id, channel_id, sku, external_id, held, held_at, outcome, expected, error,"
          + " checked_at";

  private final JdbcStore store;

  private ListingLevelRepository(JdbcStore store) {
    this.store = store;
  }

  /** Opens the store {@code db} names, bringing its schema up to date. */
  public static ListingLevelRepository open(String db) {
    return new ListingLevelRepository(JdbcStore.open(db));
  }

  /**
   * Records reads, in one transaction. A level with a figure replaces the listing's row; one
   * without (a failed read) records its error and when, keeping the last figure read.
   */
  public void record(List<Level> levels) {
    if (levels.isEmpty()) {
      return;
    }
    store.write(
        "record read-back levels",
        c -> {
          try (PreparedStatement read =
                  c.prepareStatement(
                      "INSERT INTO listing_levels ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                          + " ON CONFLICT (account_id, channel_id, sku) DO UPDATE SET"
                          + " external_id = excluded.external_id, held = excluded.held,"
                          + " held_at = excluded.held_at, outcome = excluded.outcome,"
                          + " expected = excluded.expected, error = excluded.error,"
                          + " checked_at = excluded.checked_at");
              PreparedStatement failed =
                  c.prepareStatement(
                      "INSERT INTO listing_levels ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                          + " ON CONFLICT (account_id, channel_id, sku) DO UPDATE SET"
                          + " error = excluded.error, checked_at = excluded.checked_at")) {
            for (Level l : levels) {
              PreparedStatement s = l.held() != null ? read : failed;
              bind(s, l);
              s.addBatch();
            }
            read.executeBatch();
            failed.executeBatch();
          }
          return null;
        });
  }

  private static void bind(PreparedStatement s, Level l) throws SQLException {
    s.setString(1, l.accountId());
    s.setString(2, l.channelId());
    s.setString(3, l.sku());
    s.setString(4, l.externalId());
    setLong(s, 5, l.held());
    setLong(s, 6, l.heldAt() == null ? null : l.heldAt().toEpochMilli());
    s.setString(7, l.outcome());
    setLong(s, 8, l.expected());
    s.setString(9, l.error());
    s.setLong(10, l.checkedAt().toEpochMilli());
  }

  private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, v);
    }
  }

  /** The listing's last read, if it was ever read. */
  public Optional<Level> of(String accountId, String channelId, String sku) {
    return store.read(
        "read a read-back level",
        c ->
            query(
                    c,
                    "SELECT "
                        + COLUMNS
                        + " FROM listing_levels WHERE account_id = ? AND channel_id = ?"
                        + " AND sku = ?",
                    accountId,
                    channelId,
                    sku)
                .stream()
                .findFirst());
  }

  /** The last reads of the listings of {@code skus}, every channel, in SKU then channel order. */
  public List<Level> ofSkus(String accountId, Collection<String> skus) {
    List<String> all = List.copyOf(skus);
    if (all.isEmpty()) {
      return List.of();
    }
    return store.read(
        "read read-back levels",
        c -> {
          List<Level> levels = new ArrayList<>();
          for (int from = 0; from < all.size(); from += SKUS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + SKUS_PER_QUERY));
            Object[] parameters = new Object[chunk.size() + 1];
            parameters[0] = accountId;
            for (int i = 0; i < chunk.size(); i++) {
              parameters[i + 1] = chunk.get(i);
            }
            levels.addAll(
                query(
                    c,
                    "SELECT "
                        + COLUMNS
                        + " FROM listing_levels WHERE account_id = ? AND sku IN ("
                        + "?, ".repeat(chunk.size() - 1)
                        + "?) ORDER BY sku, channel_id",
                    parameters));
          }
          return levels;
        });
  }

  /** The last reads of a channel's listings, in SKU order. */
  public List<Level> ofChannel(String accountId, String channelId) {
    return store.read(
        "read a channel's read-back levels",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM listing_levels WHERE account_id = ? AND channel_id = ? ORDER BY sku",
                accountId,
                channelId));
  }

  /** Forgets a listing's reads (the listing is gone). */
  public void forgetListing(String accountId, String channelId, String sku) {
    delete(
        "DELETE FROM listing_levels WHERE account_id = ? AND channel_id = ? AND sku = ?",
        accountId,
        channelId,
        sku);
  }

  /** Forgets the reads of every listing of a channel (the channel is gone). */
  public void forgetChannel(String accountId, String channelId) {
    delete(
        "DELETE FROM listing_levels WHERE account_id = ? AND channel_id = ?", accountId, channelId);
  }

  /** Forgets the reads of every listing of a SKU (the SKU is gone). */
  public void forgetSku(String accountId, String sku) {
    delete("DELETE FROM listing_levels WHERE account_id = ? AND sku = ?", accountId, sku);
  }

  private void delete(String sql, Object... parameters) {
    store.write(
        "forget read-back levels",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
          }
          return null;
        });
  }

  private static List<Level> query(Connection c, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      List<Level> levels = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          levels.add(level(r));
        }
      }
      return levels;
    }
  }

  private static Level level(ResultSet r) throws SQLException {
    return new Level(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        longOrNull(r, 5),
        instantOrNull(r, 6),
        r.getString(7),
        longOrNull(r, 8),
        r.getString(9),
        Instant.ofEpochMilli(r.getLong(10)));
  }

  private static Long longOrNull(ResultSet r, int i) throws SQLException {
    long v = r.getLong(i);
    return r.wasNull() ? null : v;
  }

  private static Instant instantOrNull(ResultSet r, int i) throws SQLException {
    Long v = longOrNull(r, i);
    return v == null ? null : Instant.ofEpochMilli(v);
  }

  @Override
  public void close() {
    store.close();
  }
}
