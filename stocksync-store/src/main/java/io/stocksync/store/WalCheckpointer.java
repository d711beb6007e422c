package io.stocksync.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed pages from SQLite's write-ahead log into the database file on a thread of its
 * own, with PASSIVE checkpoints that never wait for (or hold up) the writer. The writer's own
 * automatic checkpoint is switched off: left on, it copies thousands of pages inside the commit
 * that crosses the threshold, and that commit's callers wait for it (a latency spike of tens of
 * milliseconds every few seconds under load).
 *
 * <p>Durability is unchanged: a page is durable once its commit is in the log; checkpoints only
 * keep the log from growing. Thread-safe; {@link #close()} stops the thread.
 */
final class WalCheckpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

  private final Path file;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean running = true;

  WalCheckpointer(Path file, Duration interval) {
    this.file = file;
    this.interval = interval;
    this.thread = new Thread(this::run, "stocksync-wal-checkpoint");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try (Connection connection = SqliteConnections.reader(file);
        Statement statement = connection.createStatement()) {
      while (running) {
        synchronized (this) {
          wait(interval.toMillis());
        }
        if (!running) {
          break;
        }
        try {
          statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
          log.warn(
              "WAL checkpoint of {} failed; retrying in {}: {}", file, interval, e.getMessage());
        }
      }
    } catch (SQLException e) {
      log.error("WAL checkpointer for {} could not open its connection", file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (this) {
      notifyAll();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
