package io.stocksync.server.bench.loop;

import io.stocksync.emulator.EmulatorServer;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bench loop}'s measures and report: the same scenario run by the engine and by two
 * baselines ({@link LoopBaseline}), each on fresh emulators, and per marketplace the oversold
 * units, order → ledger and order → every other channel acknowledged (p50, p99), with the ratios
 * against the baselines and the inflations counted. The engine's run itself is driven by the
 * command (it needs a server); the baselines run here.
 */
public final class LoopBenchmark {
  /** The push's time in flight between a decision and its write, allowed by the inflation check. */
  public static final Duration DECISION_SLACK = Duration.ofSeconds(2);

  private LoopBenchmark() {}

  /**
   * How the scenario runs.
   *
   * @param shop the SKUs, their stock and the engine's poll settings
   * @param pace the customers' and the warehouse's pace
   * @param traffic how long customers buy
   * @param timerScale how many times faster the timer baseline's 15 minutes run
   */
  public record Options(LoopShop shop, LoopTraffic.Pace pace, Duration traffic, int timerScale) {
    /** The timer baseline's interval: 15 minutes over {@link #timerScale}. */
    public Duration timerInterval() {
      return Duration.ofMinutes(15).dividedBy(timerScale);
    }
  }

  /** What one run measured. */
  public record Outcome(
      String name,
      long lines,
      long refused,
      Map<String, Long> oversold,
      List<LoopChecks.Inflation> inflations,
      Map<String, LoopChecks.Latencies> latencies) {

    long oversoldTotal() {
      return oversold.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The measures of a run's evidence. */
  public static Outcome measure(String name, LoopEvidence evidence, LoopTraffic traffic) {
    LoopChecks checks = new LoopChecks(evidence, DECISION_SLACK);
    return new Outcome(
        name,
        evidence.sales().size(),
        traffic.refused(),
        checks.oversold(),
        checks.inflations(),
        checks.latencies());
  }

  /** Runs the scenario with a baseline tool in place of the engine. */
  public static Outcome baseline(LoopBaseline.Mode mode, Options options) {
    Clock clock = Clock.systemUTC();
    try (EmulatorServer emulators = LoopShop.emulators(clock)) {
      Duration interval =
          mode == LoopBaseline.Mode.TIMER ? options.timerInterval() : Duration.ofSeconds(1);
      LoopBaseline tool = new LoopBaseline(mode, options.shop(), emulators, clock, interval);
      LoopApi api = new LoopApi("http://127.0.0.1:1", "none"); // the emulators only
      LoopTraffic traffic =
          new LoopTraffic(options.shop(), emulators, api, tool, options.pace(), clock, mode.name());
      traffic.stockUp();
      tool.pushAll();
      tool.start();
      traffic.start();
      pause(options.traffic());
      traffic.close();
      pause(Duration.ofSeconds(2));
      tool.catchUp();
      tool.close();
      LoopEvidence evidence =
          new LoopEvidence(
              options.shop(),
              LoopEvidence.sales(options.shop(), emulators),
              LoopEvidence.held(emulators),
              traffic.putAways(),
              tool.ledger());
      return measure(mode == LoopBaseline.Mode.TIMER ? "timer" : "every-tx", evidence, traffic);
    }
  }

  /** Waits {@code d} of real time: a benchmark's run, not a test. */
  public static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String ms(Duration d) {
    return d == null ? "-" : Long.toString(d.toMillis());
  }

  private static String ratio(long ours, long theirs) {
    if (ours == 0) {
      return theirs == 0 ? "=" : "∞ (" + theirs + " vs 0)";
    }
    return String.format("%.1f×", (double) theirs / ours);
  }

  private static String latencyRatio(Duration ours, Duration theirs) {
    if (ours == null || theirs == null || ours.isZero()) {
      return "-";
    }
    return String.format("%.2f×", (double) theirs.toMillis() / ours.toMillis());
  }

  /** The published limit the engine's poll of a marketplace keeps, for the report. */
  private static String limit(LoopShop.Channel c, LoopShop shop) {
    return switch (c.type()) {
      case "amazon" ->
          "polled every "
              + shop.amazonPollSeconds()
              + " s: getOrders 0.0167/s burst 20, getOrderItems 0.5/s";
      case "flipkart" -> "polled every " + shop.pollSeconds() + " s: Seller API 2/s shared";
      case "shopify" -> "webhooks (1 s delay injected) + polls every " + shop.pollSeconds() + " s";
      case "woocommerce" -> "webhooks (some dropped) + polls every " + shop.pollSeconds() + " s";
      default -> "webhooks (some dropped/doubled) + polls every " + shop.pollSeconds() + " s";
    };
  }

  /** Prints the three runs side by side, and the targets. */
  public static void print(
      PrintStream out, Options options, Outcome engine, Outcome timer, Outcome every) {
    out.printf(
        "bench loop: %d SKUs x %d units, 5 marketplaces buying at once, %d s of traffic per run"
            + " (a customer every %d ms per storefront, Amazon's every %d ms; a warehouse step every"
            + " %d ms)%n",
        options.shop().skus().size(),
        options.shop().stock(),
        options.traffic().toSeconds(),
        options.pace().customerPeriod().toMillis(),
        options.pace().customerPeriod().toMillis() * 4,
        options.pace().warehousePeriod().toMillis());
    out.printf(
        "baselines, same traffic, same run, ideal instant pushes: timer = every 15 min compressed"
            + " by a time scale factor of %d (every %d s; traffic itself runs in real time);"
            + " every-tx = push on every transaction read each second, without the no-inflation"
            + " rule%n",
        options.timerScale(), options.timerInterval().toSeconds());
    for (Outcome o : List.of(engine, timer, every)) {
      out.printf(
          "  %-8s %5d order lines sold, %5d buys refused (nothing shown), oversold %3d units,"
              + " inflations %d%n",
          o.name(), o.lines(), o.refused(), o.oversoldTotal(), o.inflations().size());
    }
    out.println();
    out.printf(
        "%-12s %-26s %-22s %-22s %-22s %s%n",
        "marketplace",
        "oversold eng/timer/every",
        "order->ledger p50/p99",
        "  timer / every-tx",
        "order->others p50/p99",
        "  timer / every-tx (ms)");
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      String m = c.marketplace();
      LoopChecks.Latencies e = engine.latencies().get(m);
      LoopChecks.Latencies t = timer.latencies().get(m);
      LoopChecks.Latencies x = every.latencies().get(m);
      out.printf(
          "%-12s %-26s %-22s %-22s %-22s %s%n",
          m,
          engine.oversold().get(m)
              + " / "
              + timer.oversold().get(m)
              + " / "
              + every.oversold().get(m),
          ms(LoopChecks.quantile(e.toLedger(), 0.5))
              + " / "
              + ms(LoopChecks.quantile(e.toLedger(), 0.99)),
          ms(LoopChecks.quantile(t.toLedger(), 0.99))
              + " / "
              + ms(LoopChecks.quantile(x.toLedger(), 0.99)),
          ms(LoopChecks.quantile(e.toOthers(), 0.5))
              + " / "
              + ms(LoopChecks.quantile(e.toOthers(), 0.99))
              + (e.unacknowledged() > 0 ? " (" + e.unacknowledged() + " never)" : ""),
          ms(LoopChecks.quantile(t.toOthers(), 0.99))
              + " / "
              + ms(LoopChecks.quantile(x.toOthers(), 0.99)));
      out.printf("%-12s   (%s)%n", "", limit(c, options.shop()));
    }
    out.println();
    out.printf(
        "ratios: oversold timer/engine %s, every-tx/engine %s; order->others p99 timer/engine %s"
            + " (over all orders)%n",
        ratio(engine.oversoldTotal(), timer.oversoldTotal()),
        ratio(engine.oversoldTotal(), every.oversoldTotal()),
        latencyRatio(p99All(engine), p99All(timer)));
    out.printf(
        "targets: zero inflation: %s (%d); oversold >= 10x fewer than the timer: %s;"
            + " webhook-fed order->ledger p99 <= 1 s: %s; order on a webhook-fed channel -> every"
            + " other channel acknowledged p99 <= 2 s: %s%n",
        engine.inflations().isEmpty() ? "met" : "MISSED",
        engine.inflations().size(),
        engine.oversoldTotal() * 10 <= timer.oversoldTotal() ? "met" : "MISSED",
        webhookFed(engine, true),
        webhookFed(engine, false));
    java.util.Map<String, Long> byMarketplace =
        engine.inflations().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    LoopChecks.Inflation::marketplace,
                    java.util.TreeMap::new,
                    java.util.stream.Collectors.counting()));
    if (!byMarketplace.isEmpty()) {
      out.println("  inflations by marketplace: " + byMarketplace);
    }
    for (LoopChecks.Inflation i : engine.inflations().stream().limit(5).toList()) {
      out.println("  inflation: " + i);
    }
  }

  private static Duration p99All(Outcome o) {
    return LoopChecks.quantile(
        o.latencies().values().stream().flatMap(l -> l.toOthers().stream()).toList(), 0.99);
  }

  private static String webhookFed(Outcome engine, boolean toLedger) {
    StringBuilder s = new StringBuilder();
    boolean met = true;
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      if (!c.webhooks()) {
        continue;
      }
      LoopChecks.Latencies l = engine.latencies().get(c.marketplace());
      Duration p99 = LoopChecks.quantile(toLedger ? l.toLedger() : l.toOthers(), 0.99);
      Duration bound = Duration.ofSeconds(toLedger ? 1 : 2);
      met &= p99 != null && p99.compareTo(bound) <= 0;
      s.append(c.marketplace()).append(' ').append(ms(p99)).append(" ms, ");
    }
    return (met ? "met (" : "MISSED (") + s.substring(0, Math.max(0, s.length() - 2)) + ")";
  }
}
