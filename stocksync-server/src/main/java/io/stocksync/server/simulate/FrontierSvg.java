package io.stocksync.server.simulate;

import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.SimulationResult;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Draws marketplace calls (x) against over-statement unit-seconds (y) as a standalone SVG: every
 * policy tried as a grey dot, the frontier as a line, the given policies and the baselines marked
 * and named. Both axes are logarithmic (of the figure + 1, so that 0 has a place). Each mark has a
 * {@code <title>} with its figures, shown on hover without any script.
 */
public final class FrontierSvg {
  static final int WIDTH = 760;
  static final int HEIGHT = 480;
  private static final int LEFT = 80;
  private static final int RIGHT = 200;
  private static final int TOP = 30;
  private static final int BOTTOM = 60;

  private FrontierSvg() {}

  /** The picture of {@code c}; {@code given} is how many of its policies were named by the user. */
  public static String render(Comparison c, int given) {
    List<SimulationResult> all = new java.util.ArrayList<>(c.policies());
    all.addAll(c.baselines());
    double maxX = 1;
    double maxY = 1;
    for (SimulationResult r : all) {
      maxX = Math.max(maxX, log(r.calls()));
      maxY = Math.max(maxY, log(r.overstatementUnitSeconds()));
    }
    maxX = Math.ceil(maxX);
    maxY = Math.ceil(maxY);
    Scale sx = new Scale(LEFT, WIDTH - RIGHT, maxX);
    Scale sy = new Scale(HEIGHT - BOTTOM, TOP, maxY);
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
    b.append("<title>Marketplace calls against over-statement</title>\n");
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    axes(b, sx, sy, maxX, maxY);
    Set<SimulationResult> givenSet = new HashSet<>(c.policies().subList(0, given));
    for (SimulationResult r : c.policies()) {
      if (!givenSet.contains(r)) {
        dot(b, sx, sy, r, 3, "#b0b0b0", null);
      }
    }
    if (!c.frontier().isEmpty()) {
      b.append("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"");
      for (SimulationResult r : c.frontier()) {
        b.append(fmt(sx.at(log(r.calls()))))
            .append(',')
            .append(fmt(sy.at(log(r.overstatementUnitSeconds()))))
            .append(' ');
      }
      b.append("\"/>\n");
      for (SimulationResult r : c.frontier()) {
        dot(b, sx, sy, r, 4, "#1f5fa8", null);
      }
    }
    for (SimulationResult r : c.policies().subList(0, given)) {
      dot(b, sx, sy, r, 6, "#e08a00", r.name());
    }
    for (SimulationResult r : c.baselines()) {
      diamond(b, sx, sy, r);
    }
    legend(b);
    b.append("</svg>\n");
    return b.toString();
  }

  private record Scale(double from, double to, double max) {
    double at(double v) {
      return from + (to - from) * (v / max);
    }
  }

  private static double log(double v) {
    return Math.log10(Math.max(0, v) + 1);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static void axes(StringBuilder b, Scale sx, Scale sy, double maxX, double maxY) {
    b.append("<g stroke=\"#444\">\n");
    line(b, sx.at(0), sy.at(0), sx.at(maxX), sy.at(0));
    line(b, sx.at(0), sy.at(0), sx.at(0), sy.at(maxY));
    b.append("</g>\n");
    for (int e = 0; e <= maxX; e++) {
      double x = sx.at(e);
      line(b, x, sy.at(0), x, sy.at(0) + 5, "#444");
      text(b, x, sy.at(0) + 18, "middle", tick(e));
    }
    for (int e = 0; e <= maxY; e++) {
      double y = sy.at(e);
      line(b, sx.at(0) - 5, y, sx.at(0), y, "#444");
      text(b, sx.at(0) - 8, y + 4, "end", tick(e));
    }
    text(
        b,
        (sx.at(0) + sx.at(maxX)) / 2,
        HEIGHT - 20,
        "middle",
        "marketplace API calls (log scale)");
    b.append("<text x=\"18\" y=\"")
        .append(fmt((sy.at(0) + sy.at(maxY)) / 2))
        .append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
        .append(fmt((sy.at(0) + sy.at(maxY)) / 2))
        .append(")\">over-statement, unit-seconds (log scale)</text>\n");
  }

  /** The figure at tick 10^e − 1 of a log(v + 1) axis, rounded to its power of ten. */
  private static String tick(int e) {
    return e == 0 ? "0" : e < 4 ? String.valueOf((long) Math.pow(10, e)) : "1e" + e;
  }

  private static void line(StringBuilder b, double x1, double y1, double x2, double y2) {
    b.append("<line x1=\"")
        .append(fmt(x1))
        .append("\" y1=\"")
        .append(fmt(y1))
        .append("\" x2=\"")
        .append(fmt(x2))
        .append("\" y2=\"")
        .append(fmt(y2))
        .append("\"/>\n");
  }

  private static void line(
      StringBuilder b, double x1, double y1, double x2, double y2, String stroke) {
    b.append("<line stroke=\"")
        .append(stroke)
        .append("\" x1=\"")
        .append(fmt(x1))
        .append("\" y1=\"")
        .append(fmt(y1))
        .append("\" x2=\"")
        .append(fmt(x2))
        .append("\" y2=\"")
        .append(fmt(y2))
        .append("\"/>\n");
  }

  private static void text(StringBuilder b, double x, double y, String anchor, String text) {
    b.append("<text x=\"")
        .append(fmt(x))
        .append("\" y=\"")
        .append(fmt(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">")
        .append(Html.escape(text))
        .append("</text>\n");
  }

  private static String describe(SimulationResult r) {
    return String.format(
        Locale.ROOT,
        "%s: %,d calls, %,d pushes, %,d syncs; over-statement max %,d, p99 %,d, %,.1f unit-seconds",
        r.name(),
        r.calls(),
        r.pushes(),
        r.syncs(),
        r.maxOverstatement(),
        r.p99Overstatement(),
        r.overstatementUnitSeconds());
  }

  private static void dot(
      StringBuilder b,
      Scale sx,
      Scale sy,
      SimulationResult r,
      int radius,
      String fill,
      String label) {
    double x = sx.at(log(r.calls()));
    double y = sy.at(log(r.overstatementUnitSeconds()));
    b.append("<circle cx=\"")
        .append(fmt(x))
        .append("\" cy=\"")
        .append(fmt(y))
        .append("\" r=\"")
        .append(radius)
        .append("\" fill=\"")
        .append(fill)
        .append("\"><title>")
        .append(Html.escape(describe(r)))
        .append("</title></circle>\n");
    if (label != null) {
      text(b, x + 9, y - 6, "start", label);
    }
  }

  private static void diamond(StringBuilder b, Scale sx, Scale sy, SimulationResult r) {
    double x = sx.at(log(r.calls()));
    double y = sy.at(log(r.overstatementUnitSeconds()));
    double d = 6;
    b.append("<polygon fill=\"#c0392b\" points=\"")
        .append(fmt(x))
        .append(',')
        .append(fmt(y - d))
        .append(' ')
        .append(fmt(x + d))
        .append(',')
        .append(fmt(y))
        .append(' ')
        .append(fmt(x))
        .append(',')
        .append(fmt(y + d))
        .append(' ')
        .append(fmt(x - d))
        .append(',')
        .append(fmt(y))
        .append("\"><title>")
        .append(Html.escape(describe(r)))
        .append("</title></polygon>\n");
    text(b, x + 9, y + 4, "start", r.name());
  }

  private static void legend(StringBuilder b) {
    int x = WIDTH - RIGHT + 30;
    int y = TOP + 10;
    b.append("<g>\n");
    b.append("<circle cx=\"")
        .append(x)
        .append("\" cy=\"")
        .append(y)
        .append("\" r=\"3\" fill=\"#b0b0b0\"/>\n");
    text(b, x + 10, y + 4, "start", "a policy of the grid");
    y += 18;
    b.append("<circle cx=\"")
        .append(x)
        .append("\" cy=\"")
        .append(y)
        .append("\" r=\"4\" fill=\"#1f5fa8\"/>\n");
    text(b, x + 10, y + 4, "start", "the frontier");
    y += 18;
    b.append("<circle cx=\"")
        .append(x)
        .append("\" cy=\"")
        .append(y)
        .append("\" r=\"6\" fill=\"#e08a00\"/>\n");
    text(b, x + 10, y + 4, "start", "the policy given");
    y += 18;
    b.append("<polygon fill=\"#c0392b\" points=\"")
        .append(x)
        .append(',')
        .append(y - 6)
        .append(' ')
        .append(x + 6)
        .append(',')
        .append(y)
        .append(' ')
        .append(x)
        .append(',')
        .append(y + 6)
        .append(' ')
        .append(x - 6)
        .append(',')
        .append(y)
        .append("\"/>\n");
    text(b, x + 10, y + 4, "start", "a baseline");
    b.append("</g>\n");
  }
}
