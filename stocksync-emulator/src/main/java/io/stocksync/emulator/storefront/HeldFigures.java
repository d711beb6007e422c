package io.stocksync.emulator.storefront;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one rule every emulated marketplace sells by, written once for the inventories to call under
 * their own lock: a buy is taken whole when every listing holds its units, else not at all.
 * Stateless.
 */
public final class HeldFigures {

  private HeldFigures() {}

  /**
   * Takes {@code units} off the figures read by {@code held} (null: not held) and written by {@code
   * set}, all or none; the caller holds the inventory's lock.
   *
   * @return null when taken, else why not
   */
  public static String take(
      Map<String, Long> units, Function<String, Long> held, BiConsumer<String, Long> set) {
    for (Map.Entry<String, Long> unit : units.entrySet()) {
      Long now = held.apply(unit.getKey());
      if (now == null) {
        return "'" + unit.getKey() + "' is not a listing the marketplace holds";
      }
      if (now < unit.getValue()) {
        return "'"
            + unit.getKey()
            + "' holds "
            + now
            + ", "
            + unit.getValue()
            + " asked: a marketplace does not sell what it does not show";
      }
    }
    units.forEach((key, quantity) -> set.accept(key, held.apply(key) - quantity));
    return null;
  }

  /** Puts {@code units} back on the figures (a listing gone meanwhile is created with them). */
  public static void putBack(
      Map<String, Long> units, Function<String, Long> held, BiConsumer<String, Long> set) {
    units.forEach(
        (key, quantity) -> {
          Long now = held.apply(key);
          set.accept(key, (now == null ? 0 : now) + quantity);
        });
  }
}
