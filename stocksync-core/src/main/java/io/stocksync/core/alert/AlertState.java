package io.stocksync.core.alert;

/** Where an alert is in its life: it opens once and resolves itself once. */
public enum AlertState {
  OPEN,
  RESOLVED
}
