package io.stocksync.server.cli;

/**
 * A mistake of the person running a command (a port already taken, a missing key), stated so that
 * they can fix it. The command line prints its message alone on one line, without a stack trace
 * unless {@code --debug} is given ({@link ErrorReporter}).
 */
final class UserMistake extends RuntimeException {

  UserMistake(String message) {
    super(message);
  }

  UserMistake(String message, Throwable cause) {
    super(message, cause);
  }
}
