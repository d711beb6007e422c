package io.stocksync.server.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/** Runs {@link CsvImport} for tests in other packages. */
public final class CsvImportHarness {

  /** What an import did. */
  public record Result(long rows, long applied, long duplicate, long rejected, String failure) {
    public boolean complete() {
      return failure == null;
    }
  }

  private CsvImportHarness() {}

  public static Result run(URI server, String key, int batch, PrintStream err, Path file)
      throws Exception {
    CsvImport.Summary s = new CsvImport(server, key, batch, err, err, false).run(file);
    return new Result(s.rows(), s.applied(), s.duplicate(), s.rejected(), s.failure());
  }
}
