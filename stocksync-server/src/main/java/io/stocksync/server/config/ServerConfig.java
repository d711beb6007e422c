package io.stocksync.server.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The settings of a StockSync process, resolved from flags, environment and a file by {@link
 * ConfigResolver} (see {@code docs/operations.md} for each and their precedence).
 *
 * @param db the store: a SQLite file path or a PostgreSQL JDBC URL
 * @param dataDir the data directory: the default SQLite file lives here
 * @param bind the address the HTTP server listens on
 * @param port the HTTP port (0: any free port)
 * @param maxBody the largest request body accepted, in bytes
 * @param secretKey the base64 AES key that seals channel credentials, or null to use (or create)
 *     the key the store keeps: a key file beside the SQLite database file, or a row in the
 *     PostgreSQL database
 * @param partitions the engine's writers (1 suits SQLite)
 * @param publicUrl the address at which the marketplaces reach this server (its webhooks arrive at
 *     {@code publicUrl + /hooks/{channelId}}), without a trailing slash; null when none is set: the
 *     order feeds then poll only
 */
public record ServerConfig(
    String db,
    Path dataDir,
    String bind,
    int port,
    long maxBody,
    String secretKey,
    int partitions,
    String publicUrl) {

  public static final String DEFAULT_DATA_DIR = "stocksync-data";
  public static final String DEFAULT_DB_FILE = "stocksync.db";
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY = 16L << 20;

  private static final String POSTGRES_URL_PREFIX = "jdbc:postgresql:";
  private static final String SQLITE_URL_PREFIX = "jdbc:sqlite:";
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

  /**
   * The store, as a person should read it: {@code SQLite /absolute/path/to/file.db}, or {@code
   * PostgreSQL jdbc:postgresql://…} with any password replaced by {@code ***}.
   */
  public String storeDescription() {
    if (db.startsWith(POSTGRES_URL_PREFIX)) {
      return "PostgreSQL " + PASSWORD_PARAMETER.matcher(db).replaceAll("$1***");
    }
    String path = db;
    if (path.startsWith(SQLITE_URL_PREFIX)) {
      path = path.substring(SQLITE_URL_PREFIX.length());
      int query = path.indexOf('?');
      path = query < 0 ? path : path.substring(0, query);
    } else if (path.startsWith("jdbc:")) {
      return db; // not a store StockSync opens; opening it says so
    }
    return "SQLite " + Path.of(path).toAbsolutePath().normalize();
  }

  /** Leaves the secret key out, so that logging a configuration never shows it. */
  @Override
  public String toString() {
    return "ServerConfig[db="
        + (db.startsWith(POSTGRES_URL_PREFIX) ? storeDescription() : db)
        + ", dataDir="
        + dataDir
        + ", bind="
        + bind
        + ", port="
        + port
        + ", maxBody="
        + ByteSize.format(maxBody)
        + ", secretKey="
        + (secretKey == null ? "(key file)" : "(set)")
        + ", partitions="
        + partitions
        + ", publicUrl="
        + publicUrl
        + "]";
  }
}
