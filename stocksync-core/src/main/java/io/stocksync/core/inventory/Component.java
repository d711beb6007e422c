package io.stocksync.core.inventory;

/** One component of a bundle: {@code quantity} units of {@code sku} per bundle. */
public record Component(String sku, long quantity) {}
