/**
 * Read-back (SPEC §12): each marketplace's held figures read with its own read API, as a capability
 * separate from pushing and from the order feed. {@link io.stocksync.channels.readback.LevelReader}
 * is the port; {@code ReadBackCapabilities} says which channel has one.
 */
package io.stocksync.channels.readback;
