package io.stocksync.server.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.WriteSet;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells of every alert change once it is durable (SPEC §10): one log line, one count in {@code
 * stocksync_alerts_total{kind,change}}, and a nudge to the delivery worker. Registered with {@code
 * Engine.onCommitted}, so it runs on a committer thread: it only logs, counts and signals.
 *
 * <p>Thread-safe.
 */
public final class AlertNotices implements Consumer<WriteSet> {
  private static final Logger log = LoggerFactory.getLogger(AlertNotices.class);

  private final Map<AlertKind, Counter> opened = new EnumMap<>(AlertKind.class);
  private final Map<AlertKind, Counter> resolved = new EnumMap<>(AlertKind.class);
  private final Runnable wake;

  /**
   * @param wake called after a batch with alert changes (the delivery worker's {@code wake}); may
   *     be a no-op
   */
  public AlertNotices(MeterRegistry registry, Runnable wake) {
    this.wake = wake;
    for (AlertKind kind : AlertKind.values()) {
      opened.put(kind, counter(registry, kind, "opened"));
      resolved.put(kind, counter(registry, kind, "resolved"));
    }
  }

  private static Counter counter(MeterRegistry registry, AlertKind kind, String change) {
    return Counter.builder("stocksync.alerts")
        .description("Alert changes made durable, by kind and change (opened, resolved)")
        .tag("kind", kind.name())
        .tag("change", change)
        .register(registry);
  }

  @Override
  public void accept(WriteSet writes) {
    if (writes.alerts().isEmpty()) {
      return;
    }
    for (AlertRow a : writes.alerts()) {
      boolean open = a.state() == AlertState.OPEN;
      (open ? opened : resolved).get(a.kind()).increment();
      log.info(
          "alert {} {} of account {}: #{}{}{}{}{}",
          a.kind(),
          open ? "opened" : "resolved",
          a.accountId(),
          a.id(),
          a.sku() == null ? "" : " sku=" + a.sku(),
          a.channel() == null ? "" : " channel=" + a.channel(),
          a.location() == null ? "" : " location=" + a.location(),
          a.details() == null || !open ? "" : ": " + a.details());
    }
    wake.run();
  }

  /** The count of changes so far, for tests and the dashboard. */
  public double count(AlertKind kind, AlertState change) {
    return (change == AlertState.OPEN ? opened : resolved).get(kind).count();
  }

  static String lower(AlertState s) {
    return s == AlertState.OPEN ? "opened" : s.name().toLowerCase(Locale.ROOT);
  }
}
