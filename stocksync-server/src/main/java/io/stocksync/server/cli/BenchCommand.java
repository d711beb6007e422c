package io.stocksync.server.cli;

import io.stocksync.server.bench.IngestBenchmark;
import io.stocksync.server.bench.RestartBenchmark;
import io.stocksync.server.engine.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stocksync bench ...}: benchmarks that print figures and a same-run baseline. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: they print figures and a baseline measured in the same run.",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Restart.class})
public final class BenchCommand {

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Durable ingest rate and latency against batched JDBC inserts of the same rows.")
  static final class Ingest implements Runnable {
    @Option(
        names = "--db",
        description = "SQLite (default: a temporary directory) or a PostgreSQL JDBC URL.")
    String db;

    @Option(
        names = "--events",
        defaultValue = "1000000",
        description = "Events per run (default ${DEFAULT-VALUE}).")
    int events;

    @Option(
        names = "--skus",
        defaultValue = "10000",
        description = "SKUs (default ${DEFAULT-VALUE}).")
    int skus;

    @Option(
        names = "--chunk",
        defaultValue = "100",
        description = "Events per submission (default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(
        names = "--window",
        defaultValue = "128",
        description = "Submissions awaiting their result at once (default ${DEFAULT-VALUE}).")
    int window;

    @Option(
        names = "--batch",
        defaultValue = "4000",
        description = "B: events per committed batch at most (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--partitions",
        defaultValue = "1",
        description = "Writers (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
      EngineSettings settings =
          EngineSettings.DEFAULT.withBatchEvents(batch).withPartitions(partitions);
      new IngestBenchmark(
              new IngestBenchmark.Options(db, events, skus, chunk, window, settings, seed),
              System.out)
          .run();
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description = "Time to reload many SKUs and be ready, and the heap their state takes.")
  static final class Restart implements Runnable {
    @Option(
        names = "--db",
        description = "SQLite (default: a temporary directory) or a PostgreSQL JDBC URL.")
    String db;

    @Option(
        names = "--skus",
        defaultValue = "1000000",
        description = "SKUs (default ${DEFAULT-VALUE}).")
    int skus;

    @Override
    public void run() {
      new RestartBenchmark(db, skus, System.out).run();
    }
  }
}
