package io.stocksync.server.http;

import io.stocksync.core.inventory.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of the configuration lists (SPEC §7): the last code of the previous
 * page, versioned and base64url-encoded, so that clients pass it back as it is.
 */
final class Cursors {
  private static final String VERSION = "c1:";

  private Cursors() {}

  static String encode(String lastCode) {
    if (lastCode == null) {
      return null;
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((VERSION + lastCode).getBytes(StandardCharsets.UTF_8));
  }

  /** The code a cursor names, or null when none was given; a bad one is an error on {@code q}. */
  static String decode(Query q) {
    String v = q.single("cursor");
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      if (v.length() > 4 * Fields.MAX_CODE) {
        throw new IllegalArgumentException("too long");
      }
      String text = new String(Base64.getUrlDecoder().decode(v), StandardCharsets.UTF_8);
      if (!text.startsWith(VERSION) || text.length() == VERSION.length()) {
        throw new IllegalArgumentException("not a cursor");
      }
      return text.substring(VERSION.length());
    } catch (IllegalArgumentException e) {
      q.errors.add(
          new FieldError(
              "cursor", "is not a cursor this server gave: pass the last page's next as it is"));
      return null;
    }
  }
}
