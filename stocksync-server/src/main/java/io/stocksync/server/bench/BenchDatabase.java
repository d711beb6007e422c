package io.stocksync.server.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh, throw-away databases for a benchmark run: SQLite files in a temporary directory, or new
 * schemas in the PostgreSQL database the user named. Everything is removed on {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {
  private final String base;
  private final Path dir;
  private final List<String> schemas = new ArrayList<>();

  BenchDatabase(String base) {
    this.base = base;
    try {
      this.dir = isPostgres() ? null : Files.createTempDirectory("stocksync-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isPostgres() {
    return base != null && base.startsWith("jdbc:postgresql:");
  }

  String kind() {
    return isPostgres() ? "PostgreSQL" : "SQLite";
  }

  /** A probe of the server's checkpoints and WAL for the run's report, or null on SQLite. */
  PostgresActivity activity() {
    return isPostgres() ? PostgresActivity.open(base) : null;
  }

  /** A new empty database (SQLite file path or PostgreSQL URL with its own schema). */
  String fresh(String name) {
    if (!isPostgres()) {
      return dir.resolve(name + ".db").toString();
    }
    String schema = "bench_" + name + "_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
    }
    schemas.add(schema);
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  public void close() {
    if (isPostgres()) {
      try (Connection c = DriverManager.getConnection(base);
          Statement s = c.createStatement()) {
        for (String schema : schemas) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      } catch (SQLException e) {
        System.err.println("could not drop benchmark schemas " + schemas + ": " + e.getMessage());
      }
    } else {
      try (var files = Files.walk(dir)) {
        files
            .sorted((a, b) -> b.getNameCount() - a.getNameCount())
            .forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not remove " + dir + ": " + e.getMessage());
      }
    }
  }
}
