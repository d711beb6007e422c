package io.stocksync.server.cli;

import io.stocksync.server.config.ConfigResolver;
import io.stocksync.server.config.ServerConfig;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that touches the store shares. Each wins over its environment variable
 * and the configuration file ({@link ConfigResolver}).
 */
final class ConfigOptions {

  @Option(
      names = "--db",
      paramLabel = "DB",
      description =
          "SQLite file path or PostgreSQL JDBC URL (env STOCKSYNC_DB; default DATA_DIR/stocksync.db).")
  String db;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (env STOCKSYNC_DATA_DIR; default ./stocksync-data).")
  String dataDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file of settings (env STOCKSYNC_CONFIG); flags and env win over it.")
  String config;

  /** Flags of the subclass's own, by name. */
  Map<String, String> flags() {
    Map<String, String> flags = new HashMap<>();
    flags.put("--db", db);
    flags.put("--data-dir", dataDir);
    flags.put(ConfigResolver.CONFIG_FLAG, config);
    return flags;
  }

  ServerConfig resolve(Map<String, String> more) {
    Map<String, String> all = flags();
    all.putAll(more);
    return new ConfigResolver(all, System.getenv()).resolve();
  }
}
