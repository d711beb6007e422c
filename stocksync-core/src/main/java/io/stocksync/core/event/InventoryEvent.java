package io.stocksync.core.event;

import java.time.Instant;

/**
 * One inventory event as a client sent it (SPEC §2). Fields may be null or out of range here:
 * validation is the account state's job, and names the field at fault.
 *
 * @param id the client-chosen id, unique within the account: the idempotency key
 * @param type the event type
 * @param sku the SKU code (plain or bundle)
 * @param location the location code
 * @param quantity the quantity; its sign rule depends on {@code type}
 * @param occurredAt when the event happened at its source; null means "when it was ingested"
 */
public record InventoryEvent(
    String id, EventType type, String sku, String location, long quantity, Instant occurredAt) {}
