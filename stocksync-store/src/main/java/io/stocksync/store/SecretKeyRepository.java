package io.stocksync.store;

import io.stocksync.core.port.StoreException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a store keeps for the key that seals channel credentials (SPEC §6): on PostgreSQL the key
 * itself, in the {@code secret_keys} table, when the configuration names none; on both stores the
 * sealed credentials of every channel, so that a server can check at start that its key opens them.
 * A SQLite store keeps its key in a file beside the database instead ({@link #keyFileOf}).
 *
 * <p>Thread-safe.
 */
public final class SecretKeyRepository implements AutoCloseable {

  /** The key file's name: in the directory of the SQLite database file. */
  public static final String KEY_FILE = "secret.key";

  private static final String KEY_ID = "credentials";

  /** A channel's credentials as stored: sealed text. */
  public record SealedCredentials(String accountId, String channelId, String sealed) {}

  private final JdbcStore store;
  private final boolean keyInDatabase;

  private SecretKeyRepository(JdbcStore store, boolean keyInDatabase) {
    this.store = store;
    this.keyInDatabase = keyInDatabase;
  }

  /** Opens the store {@code db} names, bringing its schema up to date. */
  public static SecretKeyRepository open(String db) {
    boolean postgres = StoreLocation.parse(db) instanceof StoreLocation.Postgres;
    return new SecretKeyRepository(JdbcStore.open(db), postgres);
  }

  /**
   * Where the key of the store {@code db} names lives when the configuration names none: a file
   * {@value #KEY_FILE} in the SQLite database file's directory; empty for PostgreSQL, which keeps
   * it in the database ({@link #keepKey}).
   */
  public static Optional<Path> keyFileOf(String db) {
    if (StoreLocation.parse(db) instanceof StoreLocation.Sqlite sqlite) {
      Path file = sqlite.file().toAbsolutePath().normalize();
      return Optional.of(file.resolveSibling(KEY_FILE));
    }
    return Optional.empty();
  }

  /** Whether this store keeps the key in the database (PostgreSQL). */
  public boolean keepsKeyInDatabase() {
    return keyInDatabase;
  }

  /**
   * The key the database keeps, storing {@code candidate} first when it keeps none: whichever
   * server starts first on an empty store decides it, and every later one reads it.
   *
   * @throws IllegalStateException on a store that keeps its key in a file (SQLite)
   */
  public String keepKey(String candidate, Instant now) {
    if (!keyInDatabase) {
      throw new IllegalStateException("a SQLite store keeps its key in a file beside it");
    }
    return store.write(
        "keep the secret key",
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO secret_keys (id, key_base64, created_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, KEY_ID);
            insert.setString(2, candidate);
            insert.setLong(3, now.toEpochMilli());
            insert.executeUpdate();
          }
          try (PreparedStatement select =
              c.prepareStatement("SELECT key_base64 FROM secret_keys WHERE id = ?")) {
            select.setString(1, KEY_ID);
            try (ResultSet r = select.executeQuery()) {
              if (!r.next()) {
                throw new StoreException("the secret key row vanished", null);
              }
              return r.getString(1);
            }
          }
        });
  }

  /** Every channel's sealed credentials (channels without credentials left out). */
  public List<SealedCredentials> sealedCredentials() {
    return store.read(
        "read the channels' sealed credentials",
        c -> {
          List<SealedCredentials> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT account_id, id, credentials FROM channels"
                          + " WHERE credentials IS NOT NULL AND credentials <> ''"
                          + " ORDER BY account_id, id");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.add(new SealedCredentials(r.getString(1), r.getString(2), r.getString(3)));
            }
          }
          return out;
        });
  }

  @Override
  public void close() {
    store.close();
  }
}
