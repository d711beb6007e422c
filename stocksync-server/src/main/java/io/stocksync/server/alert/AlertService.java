package io.stocksync.server.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.AlertRepository;
import java.time.Clock;

/**
 * The running alert side of a server (SPEC §10): the store's alerts, the delivery worker, and the
 * commit listener that logs, counts and wakes it. Built once by {@code serve} after the engine
 * started; closed before the engine. Thread-safe.
 */
public final class AlertService implements AutoCloseable {

  private final AlertRepository repository;
  private final AlertDelivery delivery;
  private final Clock clock;

  private AlertService(AlertRepository repository, AlertDelivery delivery, Clock clock) {
    this.repository = repository;
    this.delivery = delivery;
    this.clock = clock;
  }

  /**
   * Opens the alert tables of {@code db}, starts delivering what they hold, and listens to {@code
   * engine}'s commits.
   */
  public static AlertService start(
      String db,
      Engine engine,
      CredentialCipher cipher,
      MeterRegistry registry,
      Clock clock,
      AlertDelivery.Settings settings) {
    AlertRepository repository = AlertRepository.open(db);
    AlertDelivery delivery;
    try {
      delivery = new AlertDelivery(repository, cipher, clock, settings, registry);
      engine.onCommitted(new AlertNotices(registry, delivery::wake));
      delivery.start();
    } catch (RuntimeException e) {
      repository.close();
      throw e;
    }
    return new AlertService(repository, delivery, clock);
  }

  /** Asks the delivery worker to look at its queue now (a destination was set). */
  public void wake() {
    delivery.wake();
  }

  public Clock clock() {
    return clock;
  }

  public AlertRepository repository() {
    return repository;
  }

  /** Stops the delivery worker (undelivered changes stay queued) and closes the store. */
  @Override
  public void close() {
    delivery.close();
    repository.close();
  }
}
