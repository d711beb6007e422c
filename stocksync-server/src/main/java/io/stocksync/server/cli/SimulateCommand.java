package io.stocksync.server.cli;

import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.simulation.ChannelModel;
import io.stocksync.core.simulation.Comparison;
import io.stocksync.core.simulation.Sweep;
import io.stocksync.core.simulation.Trace;
import io.stocksync.server.simulate.FrontierSvg;
import io.stocksync.server.simulate.ParallelComparison;
import io.stocksync.server.simulate.SimulationJson;
import io.stocksync.server.simulate.SimulationReport;
import io.stocksync.server.simulate.SimulationText;
import io.stocksync.server.simulate.TraceCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stocksync simulate FILE.csv}: replays a trace of events (the import CSV) through the sync
 * policy with a simulated clock taken from {@code occurredAt} and a model of each channel's
 * batching and rate limit, and prints per policy and per baseline: syncs, pushes, calls and the
 * over-statement figures. Touches no store and no network. Exit status 0, or 1 on a bad file.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Replay a CSV trace of events through sync policies and baselines, offline, and compare"
            + " marketplace calls with over-statement.")
final class SimulateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "FILE.csv",
      description = "Header id,type,sku,location,quantity,occurredAt (as for import).")
  Path file;

  @Option(
      names = "--policy",
      paramLabel = "X,N,Y,T",
      description =
          "A policy: threshold, batch size, significant quantity, max staleness seconds."
              + " Repeatable (default 2000,10,100,900).")
  List<String> policies = new ArrayList<>();

  @Option(names = "--sweep", description = "Also try a grid of 100 policies (X, N and Y).")
  boolean sweep;

  @Option(
      names = "--report",
      paramLabel = "out.html",
      description = "Write an HTML report with the calls-against-exposure frontier drawn.")
  Path report;

  @Option(
      names = "--svg",
      paramLabel = "out.svg",
      description = "Write the frontier picture alone as an SVG file.")
  Path svg;

  @Option(names = "--json", description = "Print the figures as one JSON document.")
  boolean json;

  @Option(
      names = "--channels",
      split = ",",
      paramLabel = "TYPE",
      description =
          "Channel types modelled, each listing every SKU (default"
              + " shopify,amazon,flipkart,woocommerce,webhook).")
  List<String> channelTypes = new ArrayList<>();

  @Option(names = "--per-channel", description = "Also print each channel's figures.")
  boolean perChannel;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Policies replayed at once, each on a simulator of its own (default: one per core).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<SyncPolicy> given = new ArrayList<>();
    for (String p : policies) {
      given.add(parsePolicy(p));
    }
    if (given.isEmpty()) {
      given.add(SyncPolicy.DEFAULT);
    }
    given = List.copyOf(new LinkedHashSet<>(given));
    List<ChannelModel> channels = channels();
    if (Files.isDirectory(file)) {
      throw new UserMistake(file + " is a directory, not a CSV file");
    }
    if (!Files.isReadable(file)) {
      throw new UserMistake(
          "cannot read " + file + (Files.exists(file) ? ": permission denied" : ": no such file"));
    }
    TraceCsv.Read read;
    try {
      read = TraceCsv.read(file);
    } catch (TraceCsv.BadTrace e) {
      throw new UserMistake(e.getMessage(), e);
    }
    Trace trace = read.trace();
    List<SyncPolicy> tried = new ArrayList<>(given);
    if (sweep) {
      tried.addAll(Sweep.grid(given.get(0)));
    }
    int n = threads == null ? ParallelComparison.defaultThreads() : threads;
    if (n < 1) {
      throw new UserMistake("--threads must be 1 or more, not " + n);
    }
    Comparison c = ParallelComparison.run(trace, channels, tried, false, n);
    if (json) {
      out.println(SimulationJson.render(c));
    } else {
      long rejected = c.baselines().get(0).rejected();
      out.printf(
          Locale.ROOT,
          "%s: %,d events over %,d SKUs and %,d locations (%,d duplicate ids skipped, %,d rejected"
              + " by the ledger); channels: %s%n",
          file,
          c.events(),
          trace.skuCount(),
          trace.locationCount(),
          read.duplicates(),
          rejected,
          String.join(", ", channels.stream().map(ChannelModel::name).toList()));
      SimulationText.print(c, given.size(), sweep, out);
      if (perChannel) {
        List<io.stocksync.core.simulation.SimulationResult> all = new ArrayList<>(c.policies());
        all.addAll(c.baselines());
        SimulationText.printChannels(all, out);
      }
    }
    if (report != null) {
      write(
          report,
          SimulationReport.render(c, given.size(), file.getFileName().toString(), channels));
      if (!json) {
        out.println("report written to " + report);
      }
    }
    if (svg != null) {
      write(svg, FrontierSvg.render(c, given.size()));
      if (!json) {
        out.println("picture written to " + svg);
      }
    }
    out.flush();
    return 0;
  }

  private static void write(Path path, String text) {
    try {
      Files.writeString(path, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserMistake("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  private List<ChannelModel> channels() {
    if (channelTypes.isEmpty()) {
      return ChannelModel.STANDARD;
    }
    List<ChannelModel> models = new ArrayList<>();
    for (String t : channelTypes) {
      ChannelModel m;
      try {
        m = ChannelModel.standard(t);
      } catch (IllegalArgumentException e) {
        throw new UserMistake("--channels: " + e.getMessage());
      }
      if (models.contains(m)) {
        throw new UserMistake("--channels: '" + t + "' is named twice");
      }
      models.add(m);
    }
    return models;
  }

  /** {@code X,N,Y,T}; T may be left out (then 0, off). */
  static SyncPolicy parsePolicy(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length < 3 || parts.length > 4) {
      throw new UserMistake(
          "--policy: '"
              + text
              + "' must be X,N,Y,T (threshold, batch size, significant quantity,"
              + " max staleness seconds), such as 2000,10,100,900");
    }
    String[] names = {"threshold", "batchSize", "significantQuantity", "maxStalenessSeconds"};
    long[] v = new long[4];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Long.parseLong(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UserMistake(
            "--policy: " + names[i] + ": '" + parts[i].trim() + "' is not a whole number");
      }
    }
    try {
      return new SyncPolicy(v[0], v[1], v[2], v[3]);
    } catch (IllegalArgumentException e) {
      throw new UserMistake("--policy: " + e.getMessage());
    }
  }
}
