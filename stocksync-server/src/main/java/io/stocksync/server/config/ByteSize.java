package io.stocksync.server.config;

import java.util.Locale;

/** Sizes as people write them: {@code 16MiB}, {@code 512KiB}, {@code 1048576} (bytes). */
public final class ByteSize {

  private ByteSize() {}

  /**
   * Reads a size: a whole number of bytes, optionally followed by {@code B}, {@code KiB}, {@code
   * MiB} or {@code GiB} (also {@code K}, {@code M}, {@code G}, {@code KB}, {@code MB}, {@code GB},
   * all powers of 1024).
   *
   * @throws IllegalArgumentException when it is not such a size, or not positive
   */
  public static long parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    int end = 0;
    while (end < t.length() && Character.isDigit(t.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 15) {
      throw new IllegalArgumentException("not a size (say 16MiB or 1048576): " + text);
    }
    long number = Long.parseLong(t.substring(0, end));
    long unit =
        switch (t.substring(end)) {
          case "", "B" -> 1;
          case "K", "KB", "KIB" -> 1L << 10;
          case "M", "MB", "MIB" -> 1L << 20;
          case "G", "GB", "GIB" -> 1L << 30;
          default ->
              throw new IllegalArgumentException("not a size (say 16MiB or 1048576): " + text);
        };
    if (number <= 0) {
      throw new IllegalArgumentException("a size must be more than 0: " + text);
    }
    return Math.multiplyExact(number, unit);
  }

  /** The size in the largest unit that divides it evenly, for messages. */
  public static String format(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return bytes / (1L << 30) + " GiB";
    }
    if (bytes % (1L << 20) == 0) {
      return bytes / (1L << 20) + " MiB";
    }
    if (bytes % (1L << 10) == 0) {
      return bytes / (1L << 10) + " KiB";
    }
    return bytes + " bytes";
  }
}
