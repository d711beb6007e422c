package io.stocksync.server.http;

import io.micrometer.core.instrument.Timer;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import java.util.function.Predicate;

/**
 * A {@link LedgerRepository} that times every commit (the engine's durable commits, one per batch)
 * into a histogram, and otherwise does exactly what the repository it wraps does.
 *
 * <p>Thread-safe as the wrapped repository is.
 */
final class MeteredLedgerRepository implements LedgerRepository {
  private final LedgerRepository delegate;
  private final Timer commits;

  MeteredLedgerRepository(LedgerRepository delegate, Timer commits) {
    this.delegate = delegate;
    this.commits = commits;
  }

  @Override
  public void load(Predicate<String> accounts, StoredStateVisitor visitor) {
    delegate.load(accounts, visitor);
  }

  @Override
  public void commit(WriteSet writes) {
    long started = System.nanoTime();
    try {
      delegate.commit(writes);
    } finally {
      commits.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void checkWritable() {
    delegate.checkWritable();
  }

  @Override
  public boolean containsEvent(String accountId, String eventId) {
    return delegate.containsEvent(accountId, eventId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
