/**
 * The push dispatcher (SPEC §5): one worker per channel reading the durable push queue through the
 * {@link io.stocksync.channels.PushQueue} port, pacing to the marketplace's limits, batching,
 * sending the most urgent pushes first, retrying with exponential backoff and jitter, and settling
 * each item as the marketplace answered it. One sub-package per marketplace connector.
 */
package io.stocksync.channels;
