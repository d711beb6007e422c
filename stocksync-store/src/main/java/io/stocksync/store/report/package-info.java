/**
 * The store's side of the reports (SPEC §11): queries that stream ledger lines, acknowledged pushes
 * and a SKU's history through forward-only cursors, never holding a result in memory, and feed them
 * to the pure folds of {@link io.stocksync.core.report}.
 */
package io.stocksync.store.report;
