package io.stocksync.store;

import io.stocksync.core.port.StoreException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The accounts' API keys, stored only as hashes (the caller hashes; this class never sees a key),
 * beside the ledger in the same database. Also lists the accounts themselves, for the command line.
 *
 * <p>Thread-safe. Opened from the same {@code --db} string as the ledger ({@link #open}); works
 * whether or not a ledger repository or a server has the database open too. Every method throws
 * {@link StoreException} when the store fails.
 */
public final class ApiKeyRepository implements AutoCloseable {

  /** One key of an account; {@code revokedAt} is null while it is active. */
  public record ApiKey(String keyId, String accountId, Instant createdAt, Instant revokedAt) {
    public boolean active() {
      return revokedAt == null;
    }
  }

  /** One account as the store has it. */
  public record Account(String id, String name, Instant createdAt) {}

  private static final HexFormat HEX = HexFormat.of();

  private final JdbcStore store;

  private ApiKeyRepository(JdbcStore store) {
    this.store = store;
  }

  /**
   * Opens the store {@code db} names (a SQLite path or a PostgreSQL JDBC URL, as {@link
   * LedgerRepositories#open} reads it), bringing its schema up to date.
   */
  public static ApiKeyRepository open(String db) {
    return new ApiKeyRepository(JdbcStore.open(db));
  }

  /**
   * Stores a new active key of {@code accountId}.
   *
   * @return false, storing nothing, when the account does not exist
   * @throws IllegalArgumentException when the account already has a key with this id
   */
  public boolean add(String accountId, String keyId, byte[] keyHash, Instant createdAt) {
    return store.write(
        "store an API key",
        c -> {
          if (findAccount(c, accountId).isEmpty()) {
            return false;
          }
          try (PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM api_keys WHERE account_id = ? AND key_id = ?")) {
            s.setString(1, accountId);
            s.setString(2, keyId);
            try (ResultSet r = s.executeQuery()) {
              if (r.next()) {
                throw new IllegalArgumentException(
                    "account " + accountId + " already has a key " + keyId);
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO api_keys (key_hash, key_id, account_id, created_at, revoked_at)"
                      + " VALUES (?, ?, ?, ?, NULL)")) {
            s.setString(1, HEX.formatHex(keyHash));
            s.setString(2, keyId);
            s.setString(3, accountId);
            s.setLong(4, createdAt.toEpochMilli());
            s.executeUpdate();
          }
          return true;
        });
  }

  /**
   * Revokes a key: from then on it authenticates nothing.
   *
   * @return false when the account has no active key of that id
   */
  public boolean revoke(String accountId, String keyId, Instant at) {
    return store.write(
        "revoke an API key",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ?"
                      + " WHERE account_id = ? AND key_id = ? AND revoked_at IS NULL")) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, accountId);
            s.setString(3, keyId);
            return s.executeUpdate() == 1;
          }
        });
  }

  /** The keys of an account, active and revoked, oldest first. */
  public List<ApiKey> keys(String accountId) {
    return store.read(
        "list API keys",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT key_id, account_id, created_at, revoked_at FROM api_keys"
                      + " WHERE account_id = ? ORDER BY created_at, key_id")) {
            s.setString(1, accountId);
            List<ApiKey> keys = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                long revoked = r.getLong(4);
                boolean active = r.wasNull();
                keys.add(
                    new ApiKey(
                        r.getString(1),
                        r.getString(2),
                        Instant.ofEpochMilli(r.getLong(3)),
                        active ? null : Instant.ofEpochMilli(revoked)));
              }
            }
            return keys;
          }
        });
  }

  /**
   * The account whose active key hashes to {@code keyHash}, if any.
   *
   * <p>The lookup goes by the hash; the stored hash is then compared with {@link
   * MessageDigest#isEqual} (constant time). Timing of the indexed lookup can only reveal something
   * about hashes of high-entropy keys, which does not help guess a key.
   */
  public Optional<String> accountOf(byte[] keyHash) {
    String hex = HEX.formatHex(keyHash);
    return store.read(
        "look an API key up",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT key_hash, account_id FROM api_keys"
                      + " WHERE key_hash = ? AND revoked_at IS NULL")) {
            s.setString(1, hex);
            try (ResultSet r = s.executeQuery()) {
              if (r.next() && MessageDigest.isEqual(HEX.parseHex(r.getString(1)), keyHash)) {
                return Optional.of(r.getString(2));
              }
              return Optional.empty();
            }
          }
        });
  }

  /** Every account, by id. */
  public List<Account> accounts() {
    return store.read(
        "list accounts",
        c -> {
          List<Account> accounts = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement("SELECT id, name, created_at FROM accounts ORDER BY id");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              accounts.add(
                  new Account(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
            }
          }
          return accounts;
        });
  }

  /** The account with this id, if the store has it. */
  public Optional<Account> account(String accountId) {
    return store.read("read an account", c -> findAccount(c, accountId));
  }

  private static Optional<Account> findAccount(java.sql.Connection c, String accountId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT id, name, created_at FROM accounts WHERE id = ?")) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(
                new Account(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))))
            : Optional.empty();
      }
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
