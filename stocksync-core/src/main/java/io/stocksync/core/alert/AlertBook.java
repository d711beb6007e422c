package io.stocksync.core.alert;

import io.stocksync.core.port.Rows.AlertRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The alert lifecycle of one account (SPEC §10): at most one open alert per {@link AlertSubject};
 * an alert opens when its cause appears, stays open (unchanged) while the cause lasts, and resolves
 * once when it clears. Every change, and only a change, is handed to the sink as the alert's new
 * row, so the caller writes it in the same transaction as what caused it.
 *
 * <p>Ids are the account's own sequence, 1, 2, 3…, never reused (the store gives back the highest
 * at start-up, {@link #restoreLastId}). Pure: no clock, no I/O. Not thread-safe: owned by the
 * account's writer.
 */
public final class AlertBook {

  private final String accountId;
  private final Map<AlertSubject, AlertRow> open = new HashMap<>();
  private final Map<String, Integer> openPerSku = new HashMap<>();
  private long lastId;

  public AlertBook(String accountId) {
    this.accountId = accountId;
  }

  /**
   * Opens or resolves the subject's alert so that it is open exactly while {@code causeHolds}.
   * {@code details} is asked only when an alert opens.
   *
   * @return the change made, or null when none was needed
   */
  public AlertRow hold(
      AlertSubject subject,
      boolean causeHolds,
      Supplier<String> details,
      Instant now,
      Consumer<AlertRow> out) {
    return causeHolds ? open(subject, details.get(), now, out) : resolve(subject, now, out);
  }

  /**
   * Opens an alert for {@code subject} unless one is open already.
   *
   * @return the new alert, or null when one was already open (nothing changes then)
   */
  public AlertRow open(AlertSubject subject, String details, Instant now, Consumer<AlertRow> out) {
    if (open.containsKey(subject)) {
      return null;
    }
    AlertRow row =
        new AlertRow(
            accountId,
            ++lastId,
            subject.kind(),
            AlertState.OPEN,
            subject.sku(),
            subject.channel(),
            subject.location(),
            now,
            null,
            details);
    put(subject, row);
    out.accept(row);
    return row;
  }

  /**
   * Resolves the open alert of {@code subject}, if there is one.
   *
   * @return the resolved alert, or null when none was open
   */
  public AlertRow resolve(AlertSubject subject, Instant now, Consumer<AlertRow> out) {
    AlertRow row = open.remove(subject);
    if (row == null) {
      return null;
    }
    if (subject.sku() != null) {
      openPerSku.computeIfPresent(subject.sku(), (k, n) -> n == 1 ? null : n - 1);
    }
    AlertRow resolved = row.resolvedAt(now);
    out.accept(resolved);
    return resolved;
  }

  /** Resolves every open alert whose subject matches (its SKU or channel is gone, say). */
  public int resolveAll(Predicate<AlertSubject> which, Instant now, Consumer<AlertRow> out) {
    List<AlertSubject> matching = new ArrayList<>();
    for (AlertSubject s : open.keySet()) {
      if (which.test(s)) {
        matching.add(s);
      }
    }
    for (AlertSubject s : matching) {
      resolve(s, now, out);
    }
    return matching.size();
  }

  private void put(AlertSubject subject, AlertRow row) {
    open.put(subject, row);
    if (subject.sku() != null) {
      openPerSku.merge(subject.sku(), 1, Integer::sum);
    }
  }

  /** Whether some alert about {@code sku} is open (a cheap test for the hot path). */
  public boolean hasOpenFor(String sku) {
    return openPerSku.containsKey(sku);
  }

  public boolean isOpen(AlertSubject subject) {
    return open.containsKey(subject);
  }

  /** The open alerts, in no particular order; a view, not to be kept. */
  public Collection<AlertRow> openAlerts() {
    return open.values();
  }

  /** Takes back an alert as it was stored: an open one becomes open again. */
  public void restore(AlertRow row) {
    lastId = Math.max(lastId, row.id());
    if (row.state() == AlertState.OPEN && !open.containsKey(row.subject())) {
      put(row.subject(), row);
    }
  }

  /** The highest id the store holds for this account (resolved alerts included). */
  public void restoreLastId(long id) {
    lastId = Math.max(lastId, id);
  }
}
