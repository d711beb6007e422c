package io.stocksync.store;

import io.stocksync.store.SqliteLedgerRepository.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** How StockSync opens SQLite connections: one set of settings for every writer and reader. */
final class SqliteConnections {

  /** How long a connection waits for another process's lock before it fails, in milliseconds. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** Page cache of a writer, in KiB (negative: SQLite reads it as KiB rather than pages). */
  private static final int WRITER_CACHE_KIB = 64 * 1024;

  /** Page cache of a reader; readers mostly answer point lookups. */
  private static final int READER_CACHE_KIB = 16 * 1024;

  /**
   * WAL pages after which a commit checkpoints them into the database file (SQLite's default is
   * 1,000, about 4 MiB). A batch of 1,000 events on scattered SKUs dirties a page or two per event,
   * so the default checkpoints after nearly every commit, writing each hot page twice per batch;
   * 10,000 pages (about 40 MiB of WAL) lets a page that several batches update reach the database
   * file once. It measured roughly 1.5× the commit throughput of the default (informally, 100,000
   * SKUs, random orders).
   */
  private static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;

  private SqliteConnections() {}

  static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /**
   * A write connection: WAL journal, the given {@code synchronous}, foreign keys enforced,
   * auto-commit off.
   *
   * <p>Its transactions are deferred, not immediate: the driver begins the next transaction as soon
   * as one commits, so an immediate one would hold the write lock between batches and shut every
   * other writer of the file out (a second process, the benchmark's baseline). Deferred costs
   * nothing here: every statement a writer runs writes, so its transaction takes the write lock
   * with its first statement and never has to upgrade a read lock.
   */
  static Connection writer(Path file, Synchronous synchronous) throws SQLException {
    Connection connection = writerConfig(synchronous).createConnection(url(file));
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + WAL_AUTOCHECKPOINT_PAGES);
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** The data source the migrations run through: a writer's settings, auto-commit on. */
  static DataSource migrationDataSource(Path file, Synchronous synchronous) {
    SQLiteDataSource dataSource = new SQLiteDataSource(writerConfig(synchronous));
    dataSource.setUrl(url(file));
    return dataSource;
  }

  /**
   * A read connection: deferred transactions, so that a read never takes the write lock; {@code
   * query_only} so that it cannot write by mistake. In WAL mode it reads beside the writer.
   */
  static Connection reader(Path file) throws SQLException {
    SQLiteConfig config = commonConfig();
    config.setCacheSize(-READER_CACHE_KIB);
    Connection connection = config.createConnection(url(file));
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA query_only = true");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  private static SQLiteConfig writerConfig(Synchronous synchronous) {
    SQLiteConfig config = commonConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        synchronous == Synchronous.NORMAL
            ? SQLiteConfig.SynchronousMode.NORMAL
            : SQLiteConfig.SynchronousMode.FULL);
    config.setCacheSize(-WRITER_CACHE_KIB);
    config.enforceForeignKeys(true);
    return config;
  }

  private static SQLiteConfig commonConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    // Keys are natural keys; nothing reads generated row ids back.
    config.setGetGeneratedKeys(false);
    return config;
  }
}
