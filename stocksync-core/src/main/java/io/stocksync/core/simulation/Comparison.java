package io.stocksync.core.simulation;

import io.stocksync.core.policy.SyncPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One simulator report (SPEC §14): the policies tried and the baselines, over the same trace and
 * channels, and the frontier of calls against exposure among the policies.
 *
 * @param events events in the trace
 * @param policies one result per policy, in the order tried (the given ones first, then the grid)
 * @param baselines one result per baseline of {@link Strategy#BASELINES}
 * @param frontier the policies no other policy beats on both calls and unit-seconds
 */
public record Comparison(
    long events,
    List<SimulationResult> policies,
    List<SimulationResult> baselines,
    List<SimulationResult> frontier) {

  /**
   * Runs {@code policies} (duplicates run once) and the baselines over {@code trace}, one after
   * another on the calling thread.
   */
  public static Comparison run(
      Trace trace, List<ChannelModel> channels, List<SyncPolicy> policies, boolean keepFigures) {
    Simulator simulator = new Simulator(trace, channels);
    List<SimulationResult> tried = new ArrayList<>();
    for (SyncPolicy p : distinct(policies)) {
      tried.add(simulator.run(Strategy.Policy.of(p), keepFigures));
    }
    List<SimulationResult> baselines = new ArrayList<>();
    for (Strategy b : Strategy.BASELINES) {
      baselines.add(simulator.run(b, keepFigures));
    }
    return of(trace.size(), tried, baselines);
  }

  /**
   * The report of results run elsewhere (say, each policy on a simulator of its own, on several
   * threads): {@code tried} in the order tried, {@code baselines} in the order of {@link
   * Strategy#BASELINES}.
   */
  public static Comparison of(
      long events, List<SimulationResult> tried, List<SimulationResult> baselines) {
    return new Comparison(
        events, List.copyOf(tried), List.copyOf(baselines), Sweep.frontier(tried));
  }

  /** {@code policies} without duplicates, in the order given: the policies a report tries. */
  public static List<SyncPolicy> distinct(List<SyncPolicy> policies) {
    return List.copyOf(new LinkedHashSet<>(policies));
  }
}
