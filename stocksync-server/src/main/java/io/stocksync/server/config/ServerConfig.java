package io.stocksync.server.config;

import java.nio.file.Path;

/**
 * The settings of a StockSync process, resolved from flags, environment and a file by {@link
 * ConfigResolver} (see {@code docs/operations.md} for each and their precedence).
 *
 * @param db the store: a SQLite file path or a PostgreSQL JDBC URL
 * @param dataDir the data directory: the default SQLite file and the generated secret key live here
 * @param bind the address the HTTP server listens on
 * @param port the HTTP port (0: any free port)
 * @param maxBody the largest request body accepted, in bytes
 * @param secretKey the base64 AES key that seals channel credentials, or null to use (or create)
 *     the key file in the data directory
 * @param partitions the engine's writers (1 suits SQLite)
 */
public record ServerConfig(
    String db,
    Path dataDir,
    String bind,
    int port,
    long maxBody,
    String secretKey,
    int partitions) {

  public static final String DEFAULT_DATA_DIR = "stocksync-data";
  public static final String DEFAULT_DB_FILE = "stocksync.db";
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY = 16L << 20;

  /** Leaves the secret key out, so that logging a configuration never shows it. */
  @Override
  public String toString() {
    return "ServerConfig[db="
        + db
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
        + "]";
  }
}
