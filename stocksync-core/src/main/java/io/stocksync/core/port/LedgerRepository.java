package io.stocksync.core.port;

import java.util.function.Predicate;

/**
 * The durable store of the ledger and everything the engine keeps beside it (SPEC §6).
 *
 * <p>Thread-safety: {@link #commit} is called by one writer thread per partition, never two at once
 * for the same accounts; {@link #load} and {@link #containsEvent} may be called from any thread at
 * any time and must not block commits for long. Implementations throw {@link StoreException} on any
 * storage failure; a failed {@code commit} has written nothing.
 */
public interface LedgerRepository extends AutoCloseable {

  /**
   * Streams the stored state of every account that {@code accounts} accepts to {@code visitor}, in
   * the order {@link StoredStateVisitor} declares.
   */
  void load(Predicate<String> accounts, StoredStateVisitor visitor);

  /**
   * Writes {@code writes} in one transaction and returns once it is durable (as durable as the
   * repository's documented setting makes it).
   */
  void commit(WriteSet writes);

  /**
   * Throws {@link StoreException} unless the store would take a commit now (it answers, and no
   * other process holds its write lock), writing nothing. The engine calls it after an outage,
   * before it says it can write again. The default checks nothing.
   */
  default void checkWritable() {}

  /** Whether an event with this id was applied (and committed) for this account. */
  boolean containsEvent(String accountId, String eventId);

  /** Releases the store's resources. */
  @Override
  void close();
}
