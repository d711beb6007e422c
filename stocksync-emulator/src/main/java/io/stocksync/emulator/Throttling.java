package io.stocksync.emulator;

import java.util.Locale;

/**
 * How an emulator applies its marketplace's rate limit, as set by the fault controls. Immutable.
 */
public enum Throttling {
  /** Enforce the marketplace's published limit (Shopify: the cost bucket). The default. */
  BUCKET,
  /** Never throttle; costs are still reported. */
  OFF,
  /** Throttle every request, whatever the bucket holds. */
  ALWAYS;

  /** The name used in the fault-control JSON: {@code bucket}, {@code off}, {@code always}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a JSON name.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static Throttling fromJson(String name) {
    for (Throttling t : values()) {
      if (t.jsonName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "throttling must be one of bucket, off, always; was '" + name + "'");
  }
}
