package io.stocksync.server.simulation;

import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A store that fails on cue: the next commits fail (having written nothing, as the port promises of
 * a failed commit), and during an outage loads and look-ups fail too. Otherwise it is the real
 * store underneath. Thread-safe.
 */
final class FlakyRepository implements LedgerRepository {

  private final LedgerRepository store;
  private final AtomicInteger failingCommits = new AtomicInteger();
  private final AtomicInteger outageCalls = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  FlakyRepository(LedgerRepository store) {
    this.store = store;
  }

  /** The next {@code n} commits that have something to write fail. */
  void failNextCommits(int n) {
    failingCommits.set(n);
  }

  /** The store is down for the next {@code calls} calls of any kind (commits, loads, look-ups). */
  void outageFor(int calls) {
    outageCalls.set(calls);
  }

  /**
   * Holds the faults back (returns them for {@link #resume}): for a moment in which a commit of the
   * engine's own timer may race the simulation's, so that which commit fails stays the seed's
   * choice.
   */
  int[] suspend() {
    return new int[] {failingCommits.getAndSet(0), outageCalls.getAndSet(0)};
  }

  void resume(int[] faults) {
    failingCommits.set(faults[0]);
    outageCalls.set(faults[1]);
  }

  /** Ends any fault. */
  void heal() {
    failingCommits.set(0);
    outageCalls.set(0);
  }

  /** How many commits failed on cue so far. */
  int failedCommits() {
    return failed.get();
  }

  private void outage(String what) {
    if (outageCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new StoreException("simulated store outage during " + what, null);
    }
  }

  @Override
  public void load(Predicate<String> accounts, StoredStateVisitor visitor) {
    outage("load");
    store.load(accounts, visitor);
  }

  @Override
  public void commit(WriteSet writes) {
    if (writes.isEmpty()) {
      store.commit(writes);
      return;
    }
    if (outageCalls.get() > 0) {
      failed.incrementAndGet();
    }
    outage("commit");
    if (failingCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      failed.incrementAndGet();
      throw new StoreException("simulated failing commit", null);
    }
    store.commit(writes);
  }

  @Override
  public boolean containsEvent(String accountId, String eventId) {
    outage("look-up");
    return store.containsEvent(accountId, eventId);
  }

  @Override
  public void close() {
    store.close();
  }
}
