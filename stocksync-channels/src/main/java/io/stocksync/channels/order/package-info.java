/**
 * The order feed's capabilities (SPEC §9), each its own small interface beside the push {@code
 * Connector}: {@link io.stocksync.channels.order.WebhookIntake} checks and reads a marketplace's
 * webhooks, {@link io.stocksync.channels.order.OrderFeed} polls its order API from a durable
 * cursor. {@link io.stocksync.channels.order.OrderCapabilities} says which of them a channel has.
 */
package io.stocksync.channels.order;
