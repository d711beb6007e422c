/**
 * Read models over the ledger (SPEC §11): the snapshot of every SKU and location at an instant, and
 * the reconciliation of a period. Each is a pure computation: ledger lines (and acknowledged
 * pushes) in, report rows out, lazily, one group at a time, so that a million rows never sit in
 * memory together. The store feeds the lines, sorted; the HTTP layer renders the rows.
 */
package io.stocksync.core.report;
