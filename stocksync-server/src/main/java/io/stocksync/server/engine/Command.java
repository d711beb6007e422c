package io.stocksync.server.engine;

import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import java.time.Instant;

/**
 * Work for one account, run by its partition's writer in submission order. Whatever it records in
 * {@code changes} is committed with the batch it runs in; its result reaches the caller only once
 * that batch is durable. A command that throws has changed nothing (the account state's methods
 * validate before they mutate) and fails at once.
 */
@FunctionalInterface
public interface Command<T> {
  T run(AccountState account, Changes changes, Instant now);
}
