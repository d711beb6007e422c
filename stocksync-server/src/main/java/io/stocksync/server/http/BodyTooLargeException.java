package io.stocksync.server.http;

import java.io.IOException;

/** Thrown by {@link LimitedInputStream} when a body goes past the limit. */
final class BodyTooLargeException extends IOException {
  BodyTooLargeException(long limit) {
    super("the body is larger than " + limit + " bytes");
  }
}
