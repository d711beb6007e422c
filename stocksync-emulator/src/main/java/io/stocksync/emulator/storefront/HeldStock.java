package io.stocksync.emulator.storefront;

import java.util.Map;

/**
 * The held figures a storefront sells from: the port each marketplace emulator's inventory offers
 * the storefront core. Implementations change their figures atomically with respect to the
 * marketplace's own inventory requests.
 */
public interface HeldStock {

  /**
   * Checks that {@code key} is a listing key in the marketplace's shape (SPEC §8).
   *
   * @throws IllegalArgumentException saying what the shape is
   */
  void checkKey(String key);

  /**
   * Lowers every listing by its units when each one holds at least that many; else changes nothing.
   *
   * @param units units per listing key, each at least 1
   * @return null when taken, else why not (the first listing short, with what it holds)
   */
  String take(Map<String, Long> units);

  /** Puts {@code units} back on the held figures (a cancelled order). */
  void putBack(Map<String, Long> units);
}
