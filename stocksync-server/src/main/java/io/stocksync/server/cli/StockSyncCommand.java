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
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StockSyncCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StockSyncCommand()).execute(args));
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
