package io.stocksync.server.engine;

import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test seam around a real repository: it refuses a write set that carries a poisoned event id as
 * PostgreSQL refuses an over-long text (SQLState 22001), and while {@link #down} it fails every
 * call as a lost connection does (SQLState 08006). Both refusals come before the real store is
 * touched, so that a refused write set is certainly not in it. It can also hold commits back, so
 * that a test can pile several batches up behind the first one.
 */
final class FaultyRepository implements LedgerRepository {
  private final LedgerRepository delegate;
  final Set<String> poisoned = ConcurrentHashMap.newKeySet();
  volatile boolean down;
  final AtomicInteger callsRefusedWhileDown = new AtomicInteger();
  final List<Integer> refusedLedgerSizes = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  final CountDownLatch commitEntered = new CountDownLatch(1);

  FaultyRepository(LedgerRepository delegate) {
    this.delegate = delegate;
  }

  /** Commits wait from now on until {@link #release()}. */
  void holdCommits() {
    hold = new CountDownLatch(1);
  }

  void release() {
    hold.countDown();
  }

  private void refuseIfDown() {
    if (down) {
      callsRefusedWhileDown.incrementAndGet();
      SQLException lost =
          new SQLException("An I/O error occurred while sending to the backend.", "08006");
      throw new StoreException("could not reach the store: " + lost.getMessage(), lost);
    }
  }

  @Override
  public void load(Predicate<String> accounts, StoredStateVisitor visitor) {
    refuseIfDown();
    delegate.load(accounts, visitor);
  }

  @Override
  public void commit(WriteSet writes) {
    commitEntered.countDown();
    try {
      hold.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
    refuseIfDown();
    for (LedgerRow row : writes.ledger()) {
      if (poisoned.contains(row.eventId())) {
        refusedLedgerSizes.add(writes.ledger().size());
        throw new StoreException(
            "could not commit the write set",
            new SQLException("ERROR: value too long for type character varying(200)", "22001"));
      }
    }
    delegate.commit(writes);
  }

  @Override
  public void checkWritable() {
    refuseIfDown();
    delegate.checkWritable();
  }

  @Override
  public boolean containsEvent(String accountId, String eventId) {
    refuseIfDown();
    return delegate.containsEvent(accountId, eventId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
