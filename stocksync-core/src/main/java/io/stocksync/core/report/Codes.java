package io.stocksync.core.report;

import java.util.Comparator;

/**
 * The order in which the store sorts codes: by Unicode code point, which is the byte order of their
 * UTF-8 form (SQLite's BINARY collation, PostgreSQL's "C"). {@link String#compareTo} compares
 * UTF-16 units instead and disagrees on characters beyond U+FFFF, so the merges here use this.
 */
final class Codes {

  static final Comparator<String> ORDER = Codes::compare;

  private Codes() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
