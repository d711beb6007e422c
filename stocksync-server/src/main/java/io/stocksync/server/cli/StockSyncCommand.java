package io.stocksync.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code stocksync}: the root of the command line. */
@Command(
    name = "stocksync",
    mixinStandardHelpOptions = true,
    versionProvider = StockSyncCommand.Version.class,
    description = "Real-time inventory synchronization for multi-channel sellers.",
    subcommands = {
      ServeCommand.class,
      AccountCommand.class,
      ImportCommand.class,
      EmulateCommand.class,
      DemoCommand.class,
      SimulateCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StockSyncCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = ErrorReporter.DEBUG_OPTION,
      scope = CommandLine.ScopeType.INHERIT,
      description = "On an error, print its stack trace after the one-line cause.")
  boolean debug;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The whole command line, reporting every failure as one line {@code stocksync: <cause>} on its
   * error stream with a non-zero exit code (the stack trace only with {@code --debug}).
   */
  public static CommandLine commandLine() {
    ErrorReporter errors = new ErrorReporter();
    return new CommandLine(new StockSyncCommand())
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The version from the jar's manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StockSyncCommand.class.getPackage().getImplementationVersion();
      return new String[] {"stocksync " + (v == null ? "(development build)" : v)};
    }
  }
}
