/**
 * Testing a channel's connection (SPEC §7, {@code POST /v1/channels/{id}/test}): its credentials,
 * settings and every listing id checked against the marketplace with read calls only, as a
 * capability of its own beside pushing, the order feed and read-back. {@link
 * io.stocksync.channels.check.ChannelCheck} is the port; {@link
 * io.stocksync.channels.check.ChannelChecks} gives each channel its marketplace's check.
 */
package io.stocksync.channels.check;
