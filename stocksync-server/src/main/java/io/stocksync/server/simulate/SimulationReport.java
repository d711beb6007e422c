package io.stocksync.server.simulate;

import io.stocksync.core.simulation.ChannelModel;
import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.SimulationResult;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code simulate --report out.html}: one self-contained page (no script, nothing fetched) with the
 * frontier picture inline and every policy's and baseline's figures in a table. The page is
 * well-formed XML as well as HTML, so that tools (and the tests) can read it back.
 */
public final class SimulationReport {
  private SimulationReport() {}

  /** The page for {@code c}. */
  public static String render(
      Comparison c, int given, String traceName, List<ChannelModel> channels) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>StockSync policy simulation: ")
        .append(Html.escape(traceName))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
        .append(
            "table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #ddd}\n")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append("tr.frontier td:first-child{font-weight:bold;color:#1f5fa8}\n")
        .append("tr.baseline td:first-child{color:#c0392b}\n")
        .append("</style>\n</head>\n<body>\n");
    b.append("<h1>Policy simulation</h1>\n<p>Trace <code>")
        .append(Html.escape(traceName))
        .append("</code>: ")
        .append(String.format(Locale.ROOT, "%,d", c.events()))
        .append(" events, replayed with the clock of their <code>occurredAt</code>. Channels: ");
    for (int i = 0; i < channels.size(); i++) {
      ChannelModel m = channels.get(i);
      b.append(i == 0 ? "" : "; ")
          .append(Html.escape(m.name()))
          .append(" (")
          .append(m.itemsPerCall())
          .append(m.itemsPerCall() == 1 ? " update" : " updates")
          .append(" a call, ")
          .append(
              m.callsPerSecond() == Double.POSITIVE_INFINITY
                  ? "no rate limit"
                  : String.format(
                      Locale.ROOT, "%s calls/s, burst %s", num(m.callsPerSecond()), num(m.burst())))
          .append(')');
    }
    b.append(".</p>\n");
    b.append(
        "<p>Over-statement is what a channel shows beyond the true available. Lower and further"
            + " left is better: fewer marketplace calls, less exposure. The blue line joins the"
            + " policies that no other policy beats on both.</p>\n");
    b.append("<figure>\n").append(FrontierSvg.render(c, given)).append("</figure>\n");
    b.append("<table>\n<thead><tr><th>strategy</th><th>syncs</th><th>pushes</th><th>calls</th>")
        .append("<th>max over</th><th>p99 over</th><th>unit-seconds</th></tr></thead>\n<tbody>\n");
    Set<SimulationResult> frontier = new HashSet<>(c.frontier());
    for (SimulationResult r : c.policies()) {
      row(b, r, frontier.contains(r) ? "frontier" : "policy");
    }
    for (SimulationResult r : c.baselines()) {
      row(b, r, "baseline");
    }
    b.append("</tbody>\n</table>\n</body>\n</html>\n");
    return b.toString();
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static void row(StringBuilder b, SimulationResult r, String kind) {
    b.append("<tr class=\"").append(kind).append("\"><td>").append(Html.escape(r.name()));
    if (kind.equals("baseline")) {
      b.append(" (baseline)");
    }
    b.append("</td>");
    cell(b, String.format(Locale.ROOT, "%,d", r.syncs()));
    cell(b, String.format(Locale.ROOT, "%,d", r.pushes()));
    cell(b, String.format(Locale.ROOT, "%,d", r.calls()));
    cell(b, String.format(Locale.ROOT, "%,d", r.maxOverstatement()));
    cell(b, String.format(Locale.ROOT, "%,d", r.p99Overstatement()));
    cell(b, String.format(Locale.ROOT, "%,.1f", r.overstatementUnitSeconds()));
    b.append("</tr>\n");
  }

  private static void cell(StringBuilder b, String text) {
    b.append("<td class=\"n\">").append(Html.escape(text)).append("</td>");
  }
}
