package io.stocksync.server.cli;

import io.stocksync.server.bench.HttpBenchmark;
import io.stocksync.server.bench.IngestBenchmark;
import io.stocksync.server.bench.PushBenchmark;
import io.stocksync.server.bench.RestartBenchmark;
import io.stocksync.server.bench.SimulateBenchmark;
import io.stocksync.server.engine.EngineSettings;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stocksync bench ...}: benchmarks that print figures and a same-run baseline. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: they print figures and a baseline measured in the same run.",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchCommand.Restart.class,
      BenchCommand.Http.class,
      BenchCommand.Push.class,
      BenchCommand.Snapshot.class,
      BenchCommand.Simulate.class,
      BenchLoopCommand.class
    })
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
        names = "--max-wait-ms",
        description = "Longest a batch gathers before it closes (default: the engine's).")
    Integer maxWaitMillis;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
      EngineSettings settings =
          EngineSettings.DEFAULT.withBatchEvents(batch).withPartitions(partitions);
      if (maxWaitMillis != null) {
        settings =
            new EngineSettings(
                settings.partitions(),
                settings.batchEvents(),
                Duration.ofMillis(maxWaitMillis),
                settings.queueCapacity(),
                settings.stalenessTick());
      }
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

  @Command(
      name = "http",
      mixinStandardHelpOptions = true,
      description = "HTTP ingest (POST /v1/events) beside the in-process engine, same run.")
  static final class Http implements Runnable {
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
        names = "--batch",
        defaultValue = "1000",
        description = "Events per request (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--connections",
        defaultValue = "4",
        description =
            "Concurrent clients, and in-process submissions in flight (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
      new HttpBenchmark(
              new HttpBenchmark.Options(db, events, skus, batch, connections, seed), System.out)
          .run();
    }
  }

  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description =
          "Listing updates per second to emulated marketplaces without limits, and marketplace API"
              + " calls per 1,000 events under the seed policy against pushing every transaction.")
  static final class Push implements Runnable {
    @Option(
        names = "--skus",
        defaultValue = "20000",
        description = "Listings per channel in the throughput run (default ${DEFAULT-VALUE}).")
    int skus;

    @Option(
        names = "--trace-events",
        defaultValue = "20000",
        description = "Events in the trace of the calls run (default ${DEFAULT-VALUE}).")
    int traceEvents;

    @Option(
        names = "--trace-skus",
        defaultValue = "1000",
        description = "SKUs the trace draws from (default ${DEFAULT-VALUE}).")
    int traceSkus;

    @Option(
        names = "--rate",
        defaultValue = "2000",
        description =
            "Events per second at which the trace is replayed (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
      new PushBenchmark(
              new PushBenchmark.Options(skus, traceEvents, traceSkus, rate, seed), System.out)
          .run();
    }
  }

  @Command(
      name = "snapshot",
      mixinStandardHelpOptions = true,
      description =
          "A snapshot as of the ledger's middle, to the last row, against a plain SELECT of its"
              + " lines.")
  static final class Snapshot implements Runnable {
    @Option(
        names = "--db",
        description = "SQLite (default: a temporary directory) or a PostgreSQL JDBC URL.")
    String db;

    @Option(
        names = "--skus",
        defaultValue = "1000000",
        description = "SKUs (default ${DEFAULT-VALUE}).")
    int skus;

    @Option(
        names = "--lines",
        defaultValue = "10000000",
        description = "Ledger lines (default ${DEFAULT-VALUE}).")
    long lines;

    @Override
    public void run() {
      new io.stocksync.server.bench.SnapshotBenchmark(db, skus, lines, System.out).run();
    }
  }

  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description =
          "Policy simulator: events per second over a generated trace, and a sweep of 100"
              + " policies, each against a plain pass over the same events.")
  static final class Simulate implements Runnable {
    @Option(
        names = "--events",
        defaultValue = "10000000",
        description = "Events in the replay run (default ${DEFAULT-VALUE}).")
    int events;

    @Option(
        names = "--sweep-events",
        defaultValue = "1000000",
        description = "Events in the sweep run (default ${DEFAULT-VALUE}).")
    int sweepEvents;

    @Option(
        names = "--skus",
        defaultValue = "10000",
        description = "SKUs (default ${DEFAULT-VALUE}).")
    int skus;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
      new SimulateBenchmark(
              new SimulateBenchmark.Options(events, sweepEvents, skus, seed), System.out)
          .run();
    }
  }
}
