package io.stocksync.core.port;

/** A storage operation failed; whatever it was writing was not written. */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
