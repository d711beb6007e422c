package io.stocksync.core.simulation;

import io.stocksync.core.policy.SyncPolicy;
import java.util.List;

/**
 * When the simulated engine syncs a SKU: the sync policy of SPEC §3 (decided by {@link
 * SyncPolicy#decide}, the engine's own rule), or one of the timer baselines §14 compares it with.
 */
public sealed interface Strategy permits Strategy.Policy, Strategy.Timer {

  /** The name reports give it. */
  String name();

  /** The sync policy of SPEC §3, with its staleness bound T when T > 0. */
  record Policy(String name, SyncPolicy policy) implements Strategy {
    public Policy {
      if (policy == null) {
        throw new IllegalArgumentException("policy is required");
      }
    }

    /** The policy, named by its four figures. */
    public static Policy of(SyncPolicy p) {
      return new Policy(
          "X="
              + p.threshold()
              + " N="
              + p.batchSize()
              + " Y="
              + p.significantQuantity()
              + " T="
              + p.maxStalenessSeconds(),
          p);
    }
  }

  /**
   * A fixed timer: every {@code periodSeconds} (at multiples of it since the epoch) every SKU
   * changed since its last sync syncs; with {@code outOfStockSeconds > 0}, also at multiples of
   * that, every changed SKU whose available is 0 or less syncs.
   */
  record Timer(String name, long periodSeconds, long outOfStockSeconds) implements Strategy {
    public Timer {
      if (periodSeconds < 1) {
        throw new IllegalArgumentException("periodSeconds must be 1 or more");
      }
      if (outOfStockSeconds < 0) {
        throw new IllegalArgumentException("outOfStockSeconds must be 0 or more");
      }
    }
  }

  /**
   * Every transaction syncs: a threshold no figure exceeds makes rule (a) of §3 fire on every
   * transaction that changes the available figure.
   */
  Policy EVERY_TRANSACTION =
      new Policy("every transaction", new SyncPolicy(Long.MAX_VALUE, 1, 1, 0));

  /** The baselines SPEC §14 names, in the order reports list them. */
  List<Strategy> BASELINES =
      List.of(
          EVERY_TRANSACTION,
          new Timer("timer 10 min", 600, 0),
          new Timer("timer 15 min", 900, 0),
          new Timer("timer 10 min + out-of-stock 2 min", 600, 120));
}
