package io.stocksync.channels.readback;

import java.time.Duration;

/** A read-back refused by its own share of the rate budget: nothing was read, wait and retry. */
public final class ReadBackPaced extends RuntimeException {
  private final Duration retryAfter;

  public ReadBackPaced(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
