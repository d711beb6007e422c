package io.stocksync.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Resolves a {@link ServerConfig}: for each setting, a command-line flag wins over an environment
 * variable, which wins over the configuration file, which wins over the default.
 *
 * <p>The file is a Java properties file ({@code key=value} lines, {@code #} comments), named by
 * {@code --config} or {@code STOCKSYNC_CONFIG}; none is read unless named.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>flag</th><th>environment</th><th>file key</th><th>default</th></tr>
 *   <tr><td>store</td><td>--db</td><td>STOCKSYNC_DB</td><td>db</td><td>DATA_DIR/stocksync.db</td>
 *   <tr><td>data directory</td><td>--data-dir</td><td>STOCKSYNC_DATA_DIR</td><td>dataDir</td>
 *       <td>./stocksync-data</td>
 *   <tr><td>bind address</td><td>--bind</td><td>STOCKSYNC_BIND</td><td>bind</td><td>127.0.0.1</td>
 *   <tr><td>port</td><td>--port</td><td>STOCKSYNC_PORT</td><td>port</td><td>8080</td>
 *   <tr><td>body limit</td><td>--max-body</td><td>STOCKSYNC_MAX_BODY</td><td>maxBody</td>
 *       <td>16MiB</td>
 *   <tr><td>secret key</td><td>--secret-key</td><td>STOCKSYNC_SECRET_KEY</td><td>secretKey</td>
 *       <td>secret.key beside the SQLite database file, created when missing; for PostgreSQL,
 *       kept in the database</td>
 *   <tr><td>writers</td><td>--partitions</td><td>STOCKSYNC_PARTITIONS</td><td>partitions</td>
 *       <td>1</td>
 *   <tr><td>public address</td><td>--public-url</td><td>STOCKSYNC_PUBLIC_URL</td>
 *       <td>publicUrl</td><td>none: the order feeds poll only</td>
 * </table>
 */
public final class ConfigResolver {

  /** The flag, environment variable and file key of one setting. */
  private record Setting(String flag, String env, String key) {}

  static final Setting DB = new Setting("--db", "STOCKSYNC_DB", "db");
  static final Setting DATA_DIR = new Setting("--data-dir", "STOCKSYNC_DATA_DIR", "dataDir");
  static final Setting BIND = new Setting("--bind", "STOCKSYNC_BIND", "bind");
  static final Setting PORT = new Setting("--port", "STOCKSYNC_PORT", "port");
  static final Setting MAX_BODY = new Setting("--max-body", "STOCKSYNC_MAX_BODY", "maxBody");
  static final Setting SECRET_KEY =
      new Setting("--secret-key", "STOCKSYNC_SECRET_KEY", "secretKey");
  static final Setting PARTITIONS =
      new Setting("--partitions", "STOCKSYNC_PARTITIONS", "partitions");
  static final Setting PUBLIC_URL =
      new Setting("--public-url", "STOCKSYNC_PUBLIC_URL", "publicUrl");
  private static final List<Setting> ALL =
      List.of(DB, DATA_DIR, BIND, PORT, MAX_BODY, SECRET_KEY, PARTITIONS, PUBLIC_URL);

  public static final String CONFIG_FLAG = "--config";
  public static final String CONFIG_ENV = "STOCKSYNC_CONFIG";

  /** The prefix of every environment variable StockSync reads. */
  static final String ENV_PREFIX = "STOCKSYNC_";

  /**
   * The environment variables of that prefix that are not settings of this class but are read
   * elsewhere: {@code import}'s server and key, the launcher's JVM options, logback's level, and
   * the tests' PostgreSQL URL and marketplace contracts ({@code STOCKSYNC_TEST_*} as a whole).
   */
  static final Set<String> OTHER_ENV =
      Set.of(
          CONFIG_ENV,
          "STOCKSYNC_URL",
          "STOCKSYNC_API_KEY",
          "STOCKSYNC_JAVA_OPTS",
          "STOCKSYNC_LOG_LEVEL",
          "STOCKSYNC_SPECS_DIR");

  private static final String TEST_ENV_PREFIX = "STOCKSYNC_TEST_";

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Properties file = new Properties();
  private final String fileName;

  /**
   * @param flags the flags given, by name ({@code --db} → value); absent or null: not given
   * @param env the environment ({@link System#getenv()} in production)
   * @throws IllegalArgumentException when the named configuration file cannot be read, or holds a
   *     key this version does not know, or the environment has a {@code STOCKSYNC_} variable this
   *     version does not know (a typo would otherwise be silently ignored)
   */
  public ConfigResolver(Map<String, String> flags, Map<String, String> env) {
    this.flags = new HashMap<>(flags);
    this.flags.values().removeIf(v -> v == null);
    this.env = env;
    refuseUnknownEnvironment(env);
    String named = this.flags.getOrDefault(CONFIG_FLAG, blankToNull(env.get(CONFIG_ENV)));
    this.fileName = named;
    if (named != null) {
      try (Reader reader = Files.newBufferedReader(Path.of(named), StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("no configuration file " + named, e);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the configuration file "
                + named
                + ": "
                + (e instanceof AccessDeniedException ? "permission denied" : e.getMessage()),
            e);
      }
      Set<String> known = new java.util.HashSet<>();
      ALL.forEach(s -> known.add(s.key()));
      for (String key : file.stringPropertyNames()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException(
              "configuration file "
                  + named
                  + ": unknown setting '"
                  + key
                  + "' (known: "
                  + known.stream().sorted().toList()
                  + ")");
        }
      }
    }
  }

  private static void refuseUnknownEnvironment(Map<String, String> env) {
    Set<String> known = new java.util.TreeSet<>(OTHER_ENV);
    ALL.forEach(s -> known.add(s.env()));
    List<String> unknown =
        env.keySet().stream()
            .filter(name -> name.startsWith(ENV_PREFIX) && !name.startsWith(TEST_ENV_PREFIX))
            .filter(name -> !known.contains(name))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown environment variable "
              + String.join(", ", unknown)
              + " (known: "
              + String.join(", ", known)
              + ")");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** A value and where it came from, for error messages. */
  private record Found(String value, String source) {}

  private Found find(Setting s) {
    String v = flags.get(s.flag());
    if (v != null) {
      return new Found(v, s.flag());
    }
    v = blankToNull(env.get(s.env()));
    if (v != null) {
      return new Found(v, s.env());
    }
    v = blankToNull(file.getProperty(s.key()));
    if (v != null) {
      return new Found(v, "configuration file " + fileName + ": " + s.key());
    }
    return null;
  }

  /**
   * Resolves every setting.
   *
   * @throws IllegalArgumentException naming the setting and where it came from, for a bad value
   */
  public ServerConfig resolve() {
    Found dataDir = find(DATA_DIR);
    Path dir = Path.of(dataDir == null ? ServerConfig.DEFAULT_DATA_DIR : dataDir.value());
    Found db = find(DB);
    Found bind = find(BIND);
    Found secret = find(SECRET_KEY);
    return new ServerConfig(
        db == null ? dir.resolve(ServerConfig.DEFAULT_DB_FILE).toString() : db.value(),
        dir,
        bind == null ? ServerConfig.DEFAULT_BIND : bind.value(),
        integer(PORT, ServerConfig.DEFAULT_PORT, 0, 65_535),
        size(MAX_BODY, ServerConfig.DEFAULT_MAX_BODY),
        secret == null ? null : secret.value(),
        integer(PARTITIONS, 1, 1, 64),
        publicUrl());
  }

  /** An absolute http(s) address without query or fragment; its trailing slashes dropped. */
  private String publicUrl() {
    Found f = find(PUBLIC_URL);
    if (f == null) {
      return null;
    }
    String v = f.value().trim().replaceAll("/+$", "");
    try {
      java.net.URI u = new java.net.URI(v);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          || u.getHost() == null
          || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        throw new IllegalArgumentException(
            f.source() + ": must be an http or https address without query, not " + f.value());
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(f.source() + ": not an address: " + f.value(), e);
    }
    return v;
  }

  private int integer(Setting s, int fallback, int min, int max) {
    Found f = find(s);
    if (f == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(f.value().trim());
      if (v < min || v > max) {
        throw new IllegalArgumentException(
            f.source() + ": must be between " + min + " and " + max + ", not " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(f.source() + ": not a whole number: " + f.value(), e);
    }
  }

  private long size(Setting s, long fallback) {
    Found f = find(s);
    if (f == null) {
      return fallback;
    }
    try {
      return ByteSize.parse(f.value());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(f.source() + ": " + e.getMessage(), e);
    }
  }
}
