package io.stocksync.server.cli;

import io.stocksync.core.port.StoreException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports a failure: one line {@code stocksync: <cause>} on the command's
 * error stream, and the stack trace after it only when {@code --debug} is given.
 *
 * <p>Exit codes: {@value #MISTAKE} for a mistake the user can fix (a missing or unreadable file, a
 * blank name, a port in use, an unknown or bad setting, a store that cannot be opened, any other
 * I/O failure); {@value #USAGE} for a command line picocli cannot parse (an unknown option, a value
 * of the wrong type, a missing parameter); {@value #UNEXPECTED} for anything else, which is a bug.
 * Stateless and thread-safe; installed on the root command by {@link
 * StockSyncCommand#commandLine()}.
 */
final class ErrorReporter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  static final int MISTAKE = 1;
  static final int USAGE = 2;
  // sysexits.h EX_SOFTWARE: an internal software error.
  static final int UNEXPECTED = 70;

  static final String DEBUG_OPTION = "--debug";

  // A password in a JDBC URL or in a driver's message never reaches the terminal.
  private static final Pattern PASSWORD =
      Pattern.compile("(?i)(password=)[^&;\\s]*|(//[^/:@\\s]+:)[^@/\\s]+(@)");

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult fullParseResult) {
    PrintWriter err = commandLine.getErr();
    String mistake = mistake(ex);
    if (mistake != null) {
      report(err, mistake, ex, debug(fullParseResult));
      return MISTAKE;
    }
    report(
        err,
        "unexpected error: "
            + describe(ex)
            + (debug(fullParseResult) ? "" : " (run again with --debug for the stack trace)"),
        ex,
        debug(fullParseResult));
    return UNEXPECTED;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    StringBuilder line = new StringBuilder(ex.getMessage());
    if (ex instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      line.append("; did you mean ").append(String.join(" or ", unmatched.getSuggestions()));
      line.append('?');
    }
    line.append(" (see '").append(cli.getCommandSpec().qualifiedName()).append(" --help')");
    report(cli.getErr(), line.toString(), ex, debug(args));
    return USAGE;
  }

  /**
   * The one-line cause of a mistake the user can fix, or null when {@code ex} is not one. The
   * outermost recognised exception of the chain speaks: it carries the context (which setting,
   * which file) that the ones it wraps lack.
   */
  static String mistake(Throwable ex) {
    List<Throwable> chain = chain(ex);
    for (Throwable t : chain) {
      if (t instanceof UserMistake
          || t instanceof ParameterException
          || t instanceof IllegalArgumentException) {
        return t.getMessage();
      }
      if (t instanceof BindException) {
        return "cannot listen: " + t.getMessage();
      }
      if (t instanceof NoSuchFileException f) {
        return "no such file: " + f.getFile();
      }
      if (t instanceof AccessDeniedException f) {
        return "permission denied: " + f.getFile();
      }
      if (t instanceof FileSystemException || t instanceof FileNotFoundException) {
        return t.getMessage();
      }
      // Any other I/O failure of a command is its environment's (a file, a connection), not a bug.
      if (t instanceof IOException) {
        return describe(t);
      }
      if (t instanceof StoreException) {
        Throwable root = chain.get(chain.size() - 1);
        return root == t ? t.getMessage() : t.getMessage() + ": " + describe(root);
      }
    }
    return null;
  }

  private static List<Throwable> chain(Throwable ex) {
    List<Throwable> chain = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = ex; t != null && seen.put(t, true) == null; t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void report(PrintWriter err, String cause, Throwable ex, boolean debug) {
    String line = cause == null || cause.isBlank() ? ex.getClass().getSimpleName() : cause;
    err.println("stocksync: " + redact(line.replaceAll("\\s*\\R\\s*", " ").strip()));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  /** {@code text} with any password of a JDBC URL replaced by {@code ***}. */
  static String redact(String text) {
    return PASSWORD.matcher(text).replaceAll(m -> m.group(1) != null ? "$1***" : "$2***$3");
  }

  private static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(DEBUG_OPTION)) {
        return true;
      }
    }
    return false;
  }

  // A command line that does not parse has no reliable parse result: look at the words typed,
  // up to the end of options.
  private static boolean debug(String[] args) {
    List<String> words = Arrays.asList(args);
    int end = words.indexOf("--");
    return (end < 0 ? words : words.subList(0, end)).contains(DEBUG_OPTION);
  }
}
