package io.stocksync.core.policy;

/** Why a SKU synced (or {@link #NONE}: it waits). Rules (a)–(c) and the staleness bound of §3. */
public enum SyncTrigger {
  /** (a) available at or below the threshold X. */
  AT_OR_BELOW_THRESHOLD,
  /** (b) an order, adjustment or put-away of at least Y units. */
  SIGNIFICANT_QUANTITY,
  /** (c) the N-th transaction since the last sync. */
  BATCH_COMPLETE,
  /** The oldest pending transaction is T seconds old. */
  STALENESS,
  /** A configuration change (a new listing, new channel rules) asked for fresh targets. */
  CONFIGURATION,
  /** No sync: the SKU waits. */
  NONE
}
