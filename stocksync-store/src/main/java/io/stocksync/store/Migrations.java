package io.stocksync.store;

import io.stocksync.core.port.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a database's schema up to date with the Flyway migrations of its flavour. */
final class Migrations {

  static final String SQLITE = "classpath:db/migration/sqlite";
  static final String POSTGRESQL = "classpath:db/migration/postgresql";

  /** Connections Flyway holds at once while it migrates (its lock, and the migration itself). */
  static final int CONNECTIONS = 2;

  private Migrations() {}

  /**
   * Applies the pending migrations at {@code location}.
   *
   * @param schema the schema to migrate (created when missing), or null for the connection's own
   */
  static void apply(DataSource dataSource, String location, String schema) {
    try {
      var configuration = Flyway.configure().dataSource(dataSource).locations(location);
      if (schema != null) {
        configuration.schemas(schema);
      }
      configuration.load().migrate();
    } catch (FlywayException e) {
      throw new StoreException("could not migrate the database schema: " + e.getMessage(), e);
    }
  }
}
