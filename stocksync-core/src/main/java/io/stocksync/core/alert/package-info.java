/**
 * Alerts (SPEC §10) as a pure model: kinds, subjects, the lifecycle of one account ({@link
 * io.stocksync.core.alert.AlertBook}) and its {@code alertAt} settings. The rules that decide when
 * a stock or channel alert holds live beside the state they read ({@code
 * io.stocksync.core.inventory.StockAlerts}, {@code ChannelAlerts}); this package knows no SKU
 * state.
 */
package io.stocksync.core.alert;
