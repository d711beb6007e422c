package io.stocksync.store;

import io.stocksync.store.SqliteLedgerRepository.Synchronous;
import java.nio.file.Path;
import java.util.Locale;

/** Where a store lives, read from the one string users give ({@code --db}). */
sealed interface StoreLocation {

  String SQLITE_URL_PREFIX = "jdbc:sqlite:";

  /** A SQLite file and how durable its commits are. */
  record Sqlite(Path file, Synchronous synchronous) implements StoreLocation {}

  /** A PostgreSQL JDBC URL. */
  record Postgres(String url) implements StoreLocation {}

  /**
   * Reads {@code db}: a {@code jdbc:postgresql:} URL; a {@code jdbc:sqlite:PATH} URL, optionally
   * with {@code ?synchronous=FULL|NORMAL}; or else a plain SQLite file path.
   *
   * @throws IllegalArgumentException for an unsupported URL or parameter
   */
  static StoreLocation parse(String db) {
    if (db == null || db.isBlank()) {
      throw new IllegalArgumentException("no database given");
    }
    if (db.startsWith(PostgresConnections.URL_PREFIX)) {
      return new Postgres(db);
    }
    if (db.startsWith(SQLITE_URL_PREFIX)) {
      return sqliteUrl(db.substring(SQLITE_URL_PREFIX.length()));
    }
    if (db.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "unsupported database URL (use a SQLite file path, jdbc:sqlite: or jdbc:postgresql:): "
              + db);
    }
    return new Sqlite(Path.of(db), Synchronous.FULL);
  }

  private static Sqlite sqliteUrl(String rest) {
    int query = rest.indexOf('?');
    String path = query < 0 ? rest : rest.substring(0, query);
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
      throw new IllegalArgumentException(
          "a SQLite store needs a plain file path (no :memory:, no file: URI): " + rest);
    }
    Synchronous synchronous = Synchronous.FULL;
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : parameter.substring(equals + 1);
        if (!name.equals("synchronous")) {
          throw new IllegalArgumentException(
              "unsupported SQLite URL parameter (only synchronous=FULL|NORMAL): " + name);
        }
        try {
          synchronous = Synchronous.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("synchronous must be FULL or NORMAL, not " + value, e);
        }
      }
    }
    return new Sqlite(Path.of(path), synchronous);
  }
}
