package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A person's mistakes on the command line, run in process as {@code main} runs them: each prints
 * one line {@code stocksync: <cause>} on stderr and exits non-zero, with the stack trace only under
 * {@code --debug}.
 */
class CommandLineMistakesTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StockSyncCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  private String db() {
    return dir.resolve("s.db").toString();
  }

  /** Exit status not 0, and stderr exactly one line that starts as promised and names it. */
  private static void assertOneLineNaming(Run run, String... cause) {
    assertThat(run.status()).as(run.err()).isNotZero();
    assertThat(run.errLines()).as(run.err()).hasSize(1);
    String line = run.errLines().get(0);
    assertThat(line).startsWith("stocksync: ").contains(cause);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void aMissingFileToImportIsNamedOnOneLine() {
    Path missing = dir.resolve("no-such-events.csv");

    Run run = run("import", missing.toString(), "--key", "sk_x", "--no-progress");

    assertOneLineNaming(run, "no such file", missing.toString());
  }

  @Test
  void aDirectoryToImportIsNamedOnOneLine() {
    Run run = run("import", dir.toString(), "--key", "sk_x", "--no-progress");

    assertOneLineNaming(run, dir.toString(), "is a directory");
    assertThat(run.status()).isEqualTo(ErrorReporter.MISTAKE);
  }

  @Test
  void aMissingConfigurationFileIsNamedOnOneLine() {
    Path missing = dir.resolve("absent.properties");

    Run run = run("account", "list", "--config", missing.toString(), "--db", db());

    assertOneLineNaming(run, "no configuration file", missing.toString());
  }

  @Test
  void anUnreadableConfigurationFileIsNamedOnOneLine() {
    // A directory cannot be read as a file, whoever runs the test (root reads every mode).
    Run run = run("account", "list", "--config", dir.toString(), "--db", db());

    assertOneLineNaming(run, "cannot read the configuration file", dir.toString());
  }

  @Test
  void anUnknownKeyInTheConfigurationFileIsNamedAndNothingIsCreated() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "prot=8080\n");

    Run run = run("account", "create", "Acme", "--config", file.toString(), "--db", db());

    assertOneLineNaming(run, "unknown setting 'prot'", file.toString());
    assertThat(dir.resolve("s.db")).doesNotExist();
  }

  @Test
  void anEmptyOrBlankAccountNameIsRefusedAndNothingIsStored() {
    for (String name : new String[] {"", "   ", "\t"}) {
      Run run = run("account", "create", name, "--db", db());

      assertOneLineNaming(run, "NAME is blank");
      assertThat(run.status()).isEqualTo(ErrorReporter.MISTAKE);
    }
    Run list = run("account", "list", "--db", db());
    assertThat(list.status()).isZero();
    assertThat(list.out()).isEmpty();
  }

  @Test
  void anUnsupportedDatabaseUrlIsNamedOnOneLine() {
    Run run = run("account", "list", "--db", "jdbc:mysql://127.0.0.1/stock");

    assertOneLineNaming(run, "unsupported database URL", "jdbc:mysql://127.0.0.1/stock");
  }

  @Test
  void aPasswordInADatabaseUrlNeverReachesTheTerminal() {
    Run run = run("account", "list", "--db", "jdbc:mysql://127.0.0.1/stock?password=hunter2");

    assertOneLineNaming(run, "password=***");
    assertThat(run.err()).doesNotContain("hunter2");
  }

  @Test
  void aBadSettingValueNamesTheFlag() {
    Run run = run("serve", "--port", "eighty", "--db", db(), "--data-dir", dir.toString());

    assertOneLineNaming(run, "--port", "eighty");
  }

  @Test
  void aValueOfTheWrongTypeIsAUsageErrorOnOneLine() {
    Run run = run("emulate", "--port", "eighty");

    assertOneLineNaming(run, "--port", "eighty", "stocksync emulate --help");
    assertThat(run.status()).isEqualTo(ErrorReporter.USAGE);
  }

  @Test
  void anUnknownOptionSuggestsTheNearestOne() {
    Run run = run("account", "list", "--dbb", db());

    assertOneLineNaming(run, "Unknown option", "--dbb", "did you mean --db");
  }

  @Test
  void aMissingParameterIsNamed() {
    Run run = run("account", "create", "--db", db());

    assertOneLineNaming(run, "NAME");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aPortInUseIsNamedAndTheStoreIsLeftClosed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());

      Run run =
          run(
              "serve",
              "--bind",
              "127.0.0.1",
              "--port",
              port,
              "--db",
              db(),
              "--data-dir",
              dir.toString());

      assertOneLineNaming(run, "cannot listen on 127.0.0.1:" + port, "--port");
      assertThat(run.status()).isEqualTo(ErrorReporter.MISTAKE);
    }
    // Closed: the account commands open the same file at once and find it consistent.
    assertThat(run("account", "list", "--db", db()).status()).isZero();
  }

  @Test
  void debugPrintsTheStackTraceAfterTheSameLineWhereverItIsGiven() {
    String[][] commands = {
      {"--debug", "account", "list", "--db", "jdbc:mysql://127.0.0.1/stock"},
      {"account", "list", "--db", "jdbc:mysql://127.0.0.1/stock", "--debug"}
    };
    for (String[] command : commands) {
      Run run = run(command);

      assertThat(run.status()).isEqualTo(ErrorReporter.MISTAKE);
      assertThat(run.errLines().get(0))
          .startsWith("stocksync: ")
          .contains("unsupported database URL");
      assertThat(run.err()).contains("java.lang.IllegalArgumentException").contains("\tat ");
    }
  }

  @Test
  void debugAlsoShowsWhereAParseErrorCameFrom() {
    Run run = run("--debug", "emulate", "--port", "eighty");

    assertThat(run.status()).isEqualTo(ErrorReporter.USAGE);
    assertThat(run.errLines().get(0)).startsWith("stocksync: ").contains("eighty");
    assertThat(run.err()).contains("\tat ");
  }

  @Test
  void aBugIsReportedOnOneLineAsUnexpectedWithItsOwnExitStatus() {
    StringWriter err = new StringWriter();
    CommandLine cli = StockSyncCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    CommandLine.ParseResult parsed = cli.parseArgs("account", "list");

    int status =
        new ErrorReporter()
            .handleExecutionException(new NullPointerException("x is null"), cli, parsed);

    assertThat(status).isEqualTo(ErrorReporter.UNEXPECTED);
    assertThat(err.toString().lines().toList())
        .singleElement()
        .asString()
        .startsWith("stocksync: unexpected error: x is null")
        .contains("--debug");
  }
}
