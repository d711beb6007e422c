package io.stocksync.core.inventory;

/** One bad field of a request: its name as the HTTP contract spells it, and what is wrong. */
public record FieldError(String field, String message) {}
