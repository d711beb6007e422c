package io.stocksync.core.inventory;

import io.stocksync.core.alert.AlertBook;
import io.stocksync.core.alert.AlertThresholds;
import io.stocksync.core.port.Rows.AlertRow;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What one account keeps for its alerts: the lifecycle ({@link AlertBook}), the {@code alertAt}
 * settings, and since when each queued listing has waited for an acknowledgement (for {@code
 * CHANNEL_LAGGING}). Not thread-safe: owned by the account's writer, like its {@link AccountState}.
 */
public final class AccountAlerts {

  final AlertBook book;
  final AlertThresholds thresholds = new AlertThresholds();

  /** Listings seen unacknowledged by the last lag check, with the time they were first seen so. */
  Map<Listing, Long> unacknowledgedSince = new IdentityHashMap<>();

  long lastLagCheck = SkuState.NO_TIME;

  AccountAlerts(String accountId) {
    this.book = new AlertBook(accountId);
  }

  /** The account's open alerts; a view, not to be kept. */
  public Collection<AlertRow> open() {
    return book.openAlerts();
  }

  /** The account's {@code alertAt} settings, read-only use. */
  public AlertThresholds thresholds() {
    return thresholds;
  }
}
