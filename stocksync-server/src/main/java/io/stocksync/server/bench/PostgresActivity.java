package io.stocksync.server.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the PostgreSQL server itself does while a benchmark runs: its checkpoint and durability
 * settings, its checkpoint and WAL counters, and whether its checkpointer is writing a checkpoint
 * at this moment. Reads only server-wide statistics views; changes nothing. The counters are the
 * whole server's, other clients' work included. Not thread-safe: one thread samples.
 */
final class PostgresActivity implements AutoCloseable {

  /** Server-wide counters at one moment. */
  record Counters(
      long checkpointsTimed,
      long checkpointsRequested,
      long buffersCheckpoint,
      long buffersBackend,
      long walBytes,
      long walFullPageImages) {}

  private final Connection connection;

  private PostgresActivity(Connection connection) {
    this.connection = connection;
  }

  /** A probe on the server of {@code url}; fails when it cannot connect. */
  static PostgresActivity open(String url) {
    try {
      Connection c = DriverManager.getConnection(url);
      c.setAutoCommit(true);
      return new PostgresActivity(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
    }
  }

  /** The settings that decide when the server checkpoints and how a commit becomes durable. */
  String settings() {
    StringBuilder b = new StringBuilder();
    for (String name :
        new String[] {
          "server_version",
          "checkpoint_timeout",
          "max_wal_size",
          "checkpoint_completion_target",
          "shared_buffers",
          "synchronous_commit",
          "wal_sync_method",
          "full_page_writes",
          "commit_delay",
          "autovacuum"
        }) {
      b.append(b.isEmpty() ? "" : ", ").append(name).append('=').append(text("SHOW " + name));
    }
    return b.toString();
  }

  /** The server's checkpoint and WAL counters now (PostgreSQL 14 to 16 views). */
  Counters counters() {
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT b.checkpoints_timed, b.checkpoints_req, b.buffers_checkpoint,"
                    + " b.buffers_backend, w.wal_bytes, w.wal_fpi"
                    + " FROM pg_stat_bgwriter b, pg_stat_wal w")) {
      r.next();
      return new Counters(
          r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_stat_bgwriter: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the checkpointer is in a checkpoint now: it waits on {@code CheckpointerMain} between
   * checkpoints, and on anything else (spreading its writes, writing, syncing files) during one.
   */
  boolean checkpointing() {
    String wait =
        text(
            "SELECT coalesce(wait_event, '') FROM pg_stat_activity"
                + " WHERE backend_type = 'checkpointer'");
    return wait != null && !wait.equals("CheckpointerMain");
  }

  private String text(String sql) {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing to undo: the probe only read
    }
  }
}
