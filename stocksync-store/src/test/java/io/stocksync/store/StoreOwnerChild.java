package io.stocksync.store;

import java.time.Clock;

/**
 * A second process for {@link StoreOwnerTest}: takes the store its argument names, prints {@code
 * HELD}, and keeps it until its standard input closes or it is killed.
 */
public final class StoreOwnerChild {
  private StoreOwnerChild() {}

  public static void main(String[] args) throws Exception {
    try (StoreOwner owner = StoreOwner.acquire(args[0], Clock.systemUTC())) {
      System.out.println("HELD " + owner.holder());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the parent closes our input
      }
    }
  }
}
