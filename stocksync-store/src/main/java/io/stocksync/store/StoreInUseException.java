package io.stocksync.store;

import io.stocksync.core.port.StoreException;

/**
 * Another running server owns the store (SPEC §6): the message names the holder (pid, host, since
 * when) as it recorded itself, or says that it could not be read.
 */
public final class StoreInUseException extends StoreException {

  public StoreInUseException(String message) {
    super(message, null);
  }
}
