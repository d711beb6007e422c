package io.stocksync.server.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stocksync import FILE.csv}: sends a CSV file of events (header {@code
 * id,type,sku,location,quantity,occurredAt}) to a running server in batches, with a progress bar
 * and a summary. Safe to re-run after an interruption: events already applied come back {@code
 * duplicate}. Exit status: 0 every row applied or duplicate, 2 some rows rejected, 1 stopped early.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Send a CSV file of events to a running server (safe to re-run).")
final class ImportCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "FILE.csv",
      description = "Header id,type,sku,location,quantity,occurredAt.")
  Path file;

  @Option(
      names = "--url",
      defaultValue = "${env:STOCKSYNC_URL:-http://127.0.0.1:8080}",
      description = "The server (env STOCKSYNC_URL; default ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--key",
      defaultValue = "${env:STOCKSYNC_API_KEY}",
      description = "The account's API key (env STOCKSYNC_API_KEY, preferred: flags show in ps).")
  String key;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Rows per request (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--no-progress", description = "No progress bar (a line every 5 s instead).")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (key == null || key.isBlank()) {
      throw new UserMistake("no API key: pass --key or set STOCKSYNC_API_KEY");
    }
    if (Files.isDirectory(file)) {
      throw new UserMistake(file + " is a directory, not a CSV file");
    }
    if (Files.exists(file) && !Files.isReadable(file)) {
      throw new UserMistake("cannot read " + file + ": permission denied");
    }
    if (batch < 1 || batch > 100_000) {
      throw new UserMistake("--batch must be between 1 and 100000, not " + batch);
    }
    boolean bar = !noProgress && System.console() != null;
    CsvImport.Summary s =
        new CsvImport(URI.create(url), key.trim(), batch, System.out, System.err, bar).run(file);
    System.out.printf(
        "%s: %,d rows sent: %,d applied, %,d duplicate (already applied), %,d rejected%n",
        file, s.rows(), s.applied(), s.duplicate(), s.rejected());
    if (!s.complete()) {
      System.out.println("stopped: " + s.failure());
      System.out.println("fix the cause and run the same command again: applied rows are skipped");
      return 1;
    }
    return s.rejected() > 0 ? 2 : 0;
  }
}
