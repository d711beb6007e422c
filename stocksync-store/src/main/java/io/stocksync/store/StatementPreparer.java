package io.stocksync.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Prepares one statement on a {@link WriteSetWriter}'s connection. The writer owns what it
 * prepares: it clears their batches after a failed write and closes them with the connection; the
 * table writers it hands this to only use them.
 */
@FunctionalInterface
interface StatementPreparer {
  PreparedStatement prepare(String sql) throws SQLException;
}
