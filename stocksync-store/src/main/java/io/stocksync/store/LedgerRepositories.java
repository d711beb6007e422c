package io.stocksync.store;

import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.StoreException;

/** Opens the {@link LedgerRepository} a {@code --db} string names. */
public final class LedgerRepositories {

  private LedgerRepositories() {}

  /**
   * Opens the store {@code db} names, bringing its schema up to date first:
   *
   * <ul>
   *   <li>a {@code jdbc:postgresql:} URL (optionally with {@code currentSchema=}): a {@link
   *       PostgresLedgerRepository};
   *   <li>a {@code jdbc:sqlite:PATH} URL, optionally with {@code ?synchronous=FULL} (the default)
   *       or {@code ?synchronous=NORMAL}: a {@link SqliteLedgerRepository} on that file;
   *   <li>anything else is a SQLite file path, durable with {@code synchronous=FULL}.
   * </ul>
   *
   * <p>A SQLite file is created, with its parent directories, when missing.
   *
   * @throws IllegalArgumentException when {@code db} is neither a path nor a supported URL
   * @throws StoreException when the store cannot be opened or migrated
   */
  public static LedgerRepository open(String db) {
    StoreLocation location = StoreLocation.parse(db);
    if (location instanceof StoreLocation.Postgres postgres) {
      return new PostgresLedgerRepository(postgres.url());
    }
    StoreLocation.Sqlite sqlite = (StoreLocation.Sqlite) location;
    return new SqliteLedgerRepository(sqlite.file(), sqlite.synchronous());
  }
}
