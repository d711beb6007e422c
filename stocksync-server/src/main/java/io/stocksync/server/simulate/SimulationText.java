package io.stocksync.server.simulate;

import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.SimulationResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code simulate}'s table for a terminal: one row per policy and baseline. */
public final class SimulationText {
  private static final String ROW = "  %-40s %10s %10s %10s %9s %9s %16s%n";

  private SimulationText() {}

  /**
   * Prints {@code c}; with {@code sweep}, the policies shown are the given ones and the frontier
   * (the whole grid is in the HTML report and the JSON).
   */
  public static void print(Comparison c, int given, boolean sweep, PrintWriter out) {
    out.printf(
        Locale.ROOT, ROW, "", "syncs", "pushes", "calls", "max over", "p99 over", "unit-seconds");
    out.println("policy");
    for (SimulationResult r : c.policies().subList(0, Math.min(given, c.policies().size()))) {
      row(r, out);
    }
    if (sweep) {
      out.printf(
          Locale.ROOT,
          "sweep: %d policies; the frontier (none does better on both calls and unit-seconds):%n",
          c.policies().size());
      for (SimulationResult r : c.frontier()) {
        row(r, out);
      }
    }
    out.println("baselines");
    for (SimulationResult r : c.baselines()) {
      row(r, out);
    }
  }

  /** The per-channel figures of {@code results}, for {@code --channels-detail}. */
  public static void printChannels(List<SimulationResult> results, PrintWriter out) {
    for (SimulationResult r : results) {
      out.println(r.name());
      for (SimulationResult.ChannelFigures f : r.channels()) {
        out.printf(
            Locale.ROOT,
            ROW,
            "  " + f.channel(),
            "",
            String.format(Locale.ROOT, "%,d", f.pushes()),
            String.format(Locale.ROOT, "%,d", f.calls()),
            String.format(Locale.ROOT, "%,d", f.maxOverstatement()),
            String.format(Locale.ROOT, "%,d", f.p99Overstatement()),
            String.format(Locale.ROOT, "%,.1f", f.overstatementUnitSeconds()));
      }
    }
  }

  private static void row(SimulationResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        ROW,
        r.name(),
        String.format(Locale.ROOT, "%,d", r.syncs()),
        String.format(Locale.ROOT, "%,d", r.pushes()),
        String.format(Locale.ROOT, "%,d", r.calls()),
        String.format(Locale.ROOT, "%,d", r.maxOverstatement()),
        String.format(Locale.ROOT, "%,d", r.p99Overstatement()),
        String.format(Locale.ROOT, "%,.1f", r.overstatementUnitSeconds()));
  }
}
