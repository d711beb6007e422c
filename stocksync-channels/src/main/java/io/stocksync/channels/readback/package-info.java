/**
 * Read-back (SPEC §12): each marketplace's held figures read with its own read API, as a capability
 * separate from pushing and from the order feed. {@link io.stocksync.channels.readback.LevelReader}
 * is the port; {@code ReadBackCapabilities} says which channel has one (the readers live beside
 * their connectors: {@code ShopifyLevelReader}, {@code AmazonLevelReader}, {@code
 * FlipkartLevelReader}, {@code WooCommerceLevelReader}). {@code ReadShare} is a reader's own tenth
 * of its marketplace's rate budget, and {@code ReadAnswers} how every reader reads a failed answer.
 */
package io.stocksync.channels.readback;
