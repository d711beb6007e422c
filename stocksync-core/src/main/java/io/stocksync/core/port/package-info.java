/**
 * The core's ports: what it needs from the outside world (a durable ledger) and the immutable rows
 * it exchanges with it.
 */
package io.stocksync.core.port;
