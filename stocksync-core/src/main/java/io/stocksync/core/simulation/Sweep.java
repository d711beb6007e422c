package io.stocksync.core.simulation;

import io.stocksync.core.policy.SyncPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The grid of policies {@code --sweep} tries (SPEC §14), and the frontier of calls against exposure
 * among their results. Pure.
 */
public final class Sweep {
  /** Thresholds X tried. */
  public static final List<Long> THRESHOLDS = List.of(0L, 100L, 500L, 2000L, 10_000L);

  /** Batch sizes N tried. */
  public static final List<Long> BATCH_SIZES = List.of(1L, 5L, 10L, 25L, 100L);

  /** Significant quantities Y tried. */
  public static final List<Long> SIGNIFICANT_QUANTITIES = List.of(10L, 50L, 100L, 500L);

  private Sweep() {}

  /** Every combination of the X, N and Y above (100 policies), each with {@code base}'s T. */
  public static List<SyncPolicy> grid(SyncPolicy base) {
    List<SyncPolicy> grid = new ArrayList<>();
    for (long x : THRESHOLDS) {
      for (long n : BATCH_SIZES) {
        for (long y : SIGNIFICANT_QUANTITIES) {
          grid.add(new SyncPolicy(x, n, y, base.maxStalenessSeconds()));
        }
      }
    }
    return grid;
  }

  /**
   * The results no other result beats on both calls and over-statement unit-seconds (fewer or as
   * many calls and less or as much exposure, one of them strictly), ordered by calls.
   */
  public static List<SimulationResult> frontier(List<SimulationResult> results) {
    List<SimulationResult> sorted = new ArrayList<>(results);
    sorted.sort(
        Comparator.comparingLong(SimulationResult::calls)
            .thenComparingDouble(SimulationResult::overstatementUnitSeconds));
    List<SimulationResult> frontier = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (SimulationResult r : sorted) {
      if (r.overstatementUnitSeconds() < best) {
        frontier.add(r);
        best = r.overstatementUnitSeconds();
      }
    }
    return frontier;
  }
}
