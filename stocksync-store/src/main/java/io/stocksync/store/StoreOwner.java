package io.stocksync.store;

import io.stocksync.core.port.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one running server's hold on a store (SPEC §6), taken by {@code serve} before it opens the
 * store and kept until it stops. Commands that only read or add accounts and keys do not take it,
 * so they stay usable beside the server.
 *
 * <ul>
 *   <li>SQLite: an exclusive lock ({@link FileChannel#tryLock()}) on {@code <db file>.lock} beside
 *       the database, which holds the owner's pid, host and start time. The operating system
 *       releases the lock when the process ends, however it ends; the file stays behind, stale and
 *       harmless.
 *   <li>PostgreSQL: a session-level advisory lock keyed on the store's schema, on a connection of
 *       its own, whose {@code application_name} records the owner (pid, host, start); the server
 *       releases the lock when that session ends. PostgreSQL keeps an {@code application_name} to
 *       63 bytes, so a long host name is cut short.
 * </ul>
 *
 * <p>Thread-safe; {@link #close} releases the hold.
 */
public final class StoreOwner implements AutoCloseable {

  /** The first key of the two-key advisory lock: "STKS", StockSync's own lock space. */
  static final int ADVISORY_LOCK_SPACE = 0x53544B53;

  private static final String APPLICATION_PREFIX = "stocksync owner ";

  /** PostgreSQL keeps this many bytes of an application_name (NAMEDATALEN - 1). */
  private static final int APPLICATION_NAME_BYTES = 63;

  /**
   * SQLite lock files held by this process. Java file locks belong to the whole process, and
   * closing any channel of a locked file may drop the process's lock on it: a second attempt within
   * the process must be refused here, without opening the file again.
   */
  private static final Map<Path, String> HELD_IN_THIS_PROCESS = new ConcurrentHashMap<>();

  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;
  private final Connection session;
  private final String holder;

  private StoreOwner(
      Path lockFile, FileChannel channel, FileLock lock, Connection session, String holder) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
    this.session = session;
    this.holder = holder;
  }

  /**
   * Takes the store {@code db} names (as {@link LedgerRepositories#open} reads it) for this
   * process.
   *
   * @throws StoreInUseException when another server holds it, naming that server
   * @throws StoreException when the hold cannot be taken for another reason (no such server, an
   *     unwritable directory)
   */
  public static StoreOwner acquire(String db, Clock clock) {
    String holder = describe(ProcessHandle.current().pid(), hostName(), clock.instant());
    StoreLocation location = StoreLocation.parse(db);
    if (location instanceof StoreLocation.Postgres pg) {
      return acquirePostgres(pg.url(), holder, clock.instant());
    }
    return acquireSqlite(lockFileOf(((StoreLocation.Sqlite) location).file()), holder);
  }

  /** The lock file of a SQLite database file: beside it, its name plus {@code .lock}. */
  public static Path lockFileOf(Path databaseFile) {
    Path file = databaseFile.toAbsolutePath().normalize();
    return file.resolveSibling(file.getFileName() + ".lock");
  }

  /** Who holds the store: {@code pid P on host H since T}. */
  public String holder() {
    return holder;
  }

  private static String describe(long pid, String host, Instant since) {
    return "pid " + pid + " on host " + host + " since " + since.truncatedTo(ChronoUnit.SECONDS);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown" : env;
    }
  }

  // ------------------------------------------------------------------ SQLite

  private static StoreOwner acquireSqlite(Path lockFile, String holder) {
    String already = HELD_IN_THIS_PROCESS.putIfAbsent(lockFile, holder);
    if (already != null) {
      throw inUse(lockFile.toString(), already);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(lockFile.getParent());
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String recorded = readHolder(channel);
        channel.close();
        throw inUse(lockFile.toString(), recorded);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new StoreOwner(lockFile, channel, lock, null, holder);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_IN_THIS_PROCESS.remove(lockFile);
      throw new StoreException("could not lock " + lockFile + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      HELD_IN_THIS_PROCESS.remove(lockFile);
      throw e;
    }
  }

  private static String readHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(512);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    return text.isEmpty() ? null : text;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing: the first error is the one to report
      }
    }
  }

  private static StoreInUseException inUse(String store, String holder) {
    return new StoreInUseException(
        "the store "
            + store
            + " is in use by another StockSync server ("
            + (holder == null ? "holder not recorded" : holder)
            + "); stop it first, or give this one another --db");
  }

  // ------------------------------------------------------------------ PostgreSQL

  private static StoreOwner acquirePostgres(String url, String holder, Instant since) {
    Connection session;
    try {
      session = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new StoreException("could not connect to PostgreSQL: " + e.getMessage(), e);
    }
    try {
      String schema = PostgresConnections.currentSchema(url);
      if (schema == null) {
        try (Statement s = session.createStatement();
            ResultSet r = s.executeQuery("SELECT current_schema()")) {
          r.next();
          schema = r.getString(1);
        }
      }
      String store = "schema " + schema;
      try (PreparedStatement lock =
          session.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
        lock.setInt(1, ADVISORY_LOCK_SPACE);
        lock.setString(2, schema);
        try (ResultSet r = lock.executeQuery()) {
          r.next();
          if (!r.getBoolean(1)) {
            String recorded = postgresHolder(session, schema);
            session.close();
            throw inUse(store, recorded);
          }
        }
      }
      try (Statement s = session.createStatement()) {
        // Shown to whoever is refused: pid@host and the start, in epoch seconds to save bytes.
        String name =
            APPLICATION_PREFIX
                + ProcessHandle.current().pid()
                + " "
                + since.getEpochSecond()
                + " "
                + hostName();
        s.execute("SET application_name = " + quote(truncate(name, APPLICATION_NAME_BYTES)));
      }
      return new StoreOwner(null, null, null, session, holder);
    } catch (SQLException e) {
      closeQuietly(session);
      throw new StoreException("could not take the store's lock: " + e.getMessage(), e);
    }
  }

  private static String postgresHolder(Connection session, String schema) throws SQLException {
    try (PreparedStatement who =
        session.prepareStatement(
            "SELECT a.application_name, a.client_hostname, a.client_addr::text, a.pid"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND l.classid = ?::oid AND l.objid = hashtext(?)::oid AND l.objsubid = 2")) {
      who.setInt(1, ADVISORY_LOCK_SPACE);
      who.setString(2, schema);
      try (ResultSet r = who.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        String name = r.getString(1);
        if (name != null && name.startsWith(APPLICATION_PREFIX)) {
          String[] parts = name.substring(APPLICATION_PREFIX.length()).split(" ", 3);
          if (parts.length == 3) {
            try {
              return describe(
                  Long.parseLong(parts[0]),
                  parts[2],
                  Instant.ofEpochSecond(Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
              // not ours after all: fall through to what the server knows of the session
            }
          }
        }
        String client = r.getString(2) != null ? r.getString(2) : r.getString(3);
        return "a session of PostgreSQL backend pid "
            + r.getInt(4)
            + (client == null ? "" : " from " + client)
            + (name == null || name.isEmpty() ? "" : " (" + name + ")");
      }
    }
  }

  private static String truncate(String s, int maxBytes) {
    String out = s;
    while (out.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** Releases the store: another server may take it from now on. */
  @Override
  public void close() {
    if (session != null) {
      closeQuietly(session); // ending the session releases its advisory lock
      return;
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it all the same
    }
    closeQuietly(channel);
    HELD_IN_THIS_PROCESS.remove(lockFile);
  }

  @Override
  public String toString() {
    return "StoreOwner[" + holder + "]";
  }
}
