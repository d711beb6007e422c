package io.stocksync.server.engine;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import java.time.Instant;
import java.util.function.Function;

/**
 * A {@link Command} that also ingests inventory events, through the same duplicate check as {@code
 * POST /v1/events}: what it books and what it records beside (order lines, feed cursors) are
 * committed in one batch, so neither is durable without the other. Like any command it may run
 * twice (on the state as stored, after a failed commit) and must have no effect outside the account
 * state.
 */
@FunctionalInterface
public interface LedgerCommand<T> {
  T run(
      AccountState account,
      Changes changes,
      Function<InventoryEvent, EventResult> ledger,
      Instant now);
}
