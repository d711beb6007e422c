/**
 * The StockSync domain: inventory events and their ledger lines, the sync policy, channel targets
 * and the in-memory account state that ties them together.
 *
 * <p>Everything here is pure: no I/O, no threads, no clock of its own (callers pass {@code now}).
 * Persistence and delivery live behind the ports in {@link io.stocksync.core.port}.
 */
package io.stocksync.core;
