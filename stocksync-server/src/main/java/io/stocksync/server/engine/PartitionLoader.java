package io.stocksync.server.engine;

import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.inventory.StateLoader;
import io.stocksync.core.port.LedgerRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a partition's accounts from the store: all it owns at start and after a failed commit, or
 * one account that another process stored since. Called on the partition's applier only (and by its
 * constructor), never concurrently; the repository's load must be safe beside its commits.
 */
final class PartitionLoader {
  // The partition's own log: what it loaded is part of its story, and logging is configured by it.
  private static final Logger log = LoggerFactory.getLogger(Partition.class);

  private final int index;
  private final LedgerRepository repository;
  private final Predicate<String> owns;

  /** What a full load read: the accounts by id and the fingerprints of their event ids. */
  record Loaded(Map<String, AccountState> accounts, EventIdIndex eventIds) {}

  PartitionLoader(int index, LedgerRepository repository, Predicate<String> owns) {
    this.index = index;
    this.repository = repository;
    this.owns = owns;
  }

  /** Every account the partition owns, as stored, with the duplicate index of their event ids. */
  Loaded loadAll() {
    long started = System.nanoTime();
    EventIdIndex ids = new EventIdIndex();
    StateLoader loader =
        new StateLoader((account, id) -> ids.add(EventIdIndex.fingerprint(account, id)));
    repository.load(owns, loader);
    Map<String, AccountState> accounts = new HashMap<>(loader.finish());
    long skus = accounts.values().stream().mapToLong(AccountState::skuCount).sum();
    log.info(
        "partition {} loaded {} accounts, {} SKUs, {} event ids in {} ms",
        index,
        accounts.size(),
        skus,
        ids.size(),
        (System.nanoTime() - started) / 1_000_000);
    return new Loaded(accounts, ids);
  }

  /**
   * Loads one account that another process (the {@code account create} command) stored after the
   * partition started, adding its event ids to {@code eventIds}. Throws {@link NotFoundException}
   * when the partition does not own it or the store has none either.
   */
  AccountState loadAccount(String id, EventIdIndex eventIds) {
    if (!owns.test(id)) {
      throw new NotFoundException("account", id);
    }
    StateLoader loader =
        new StateLoader(
            (account, eventId) -> eventIds.add(EventIdIndex.fingerprint(account, eventId)));
    repository.load(id::equals, loader);
    AccountState a = loader.finish().get(id);
    if (a == null) {
      throw new NotFoundException("account", id);
    }
    log.info("partition {} loaded account {} from the store", index, id);
    return a;
  }
}
