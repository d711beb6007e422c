package io.stocksync.core.inventory;

import java.text.Normalizer;
import java.time.Instant;

/**
 * What a value must be for both stores (SQLite and PostgreSQL) to hold it as it was sent (SPEC §6:
 * refused at validation, never at commit), and how a code is normalised (SPEC §7). The one place
 * these rules live: the core's validation, the HTTP boundary and the CLI all ask here.
 *
 * <ul>
 *   <li>A <b>storable text</b> is well-formed UTF-16 (no lone surrogate: the stores write UTF-8,
 *       where a lone surrogate turns into {@code ?} and then collides with a real {@code ?}), holds
 *       no control character of Unicode category Cc (among them NUL, which PostgreSQL's {@code
 *       text} cannot hold at all, tab and line breaks), and is at most a named number of UTF-16
 *       code units long.
 *   <li>A <b>code</b> (a SKU, location or channel id) is stripped of leading and trailing
 *       whitespace and put in Unicode NFC; then it must be a storable text of at most {@link
 *       #MAX_CODE_LENGTH} and hold no invisible character: no format character (category Cf: the
 *       zero-width space, joiners, bidi controls, the byte-order mark), no space other than U+0020,
 *       no line or paragraph separator, no private-use or unassigned code point, and none of the
 *       fillers and variation selectors that show nothing. Two codes that look alike are then the
 *       same code, or one of them is refused.
 *   <li>A <b>storable instant</b> lies within {@link #EARLIEST_INSTANT} .. {@link #LATEST_INSTANT}.
 *       Both stores keep instants as epoch milliseconds in a 64-bit integer (about ±292 million
 *       years: the year +300000000 does not fit, and failed the whole batch at commit). The bound
 *       kept is narrower, four-digit years, so that every reader of the stores can show what they
 *       hold: ISO-8601 without a sign, the JSON views, and PostgreSQL's {@code timestamptz} (4713
 *       BC to 294276 AD) should a query convert a column to it.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class StorableValues {

  /** The longest code (SKU, location, channel id), in UTF-16 code units after normalisation. */
  public static final int MAX_CODE_LENGTH = 200;

  /** The longest event id, in UTF-16 code units (the ledger's key, with the account's id). */
  public static final int MAX_EVENT_ID_LENGTH = 200;

  /** The longest name (of an account, a location, a SKU), in UTF-16 code units. */
  public static final int MAX_NAME_LENGTH = 1000;

  /**
   * The longest marketplace id of a listing ({@code externalId} and the type's own ids). At three
   * UTF-8 bytes a code unit it keeps a key of (account, channel, external id) well under
   * PostgreSQL's B-tree limit of 2704 bytes an index entry, should an index hold it.
   */
  public static final int MAX_EXTERNAL_ID_LENGTH = 500;

  /** The longest URL (a channel's {@code baseUrl}). */
  public static final int MAX_URL_LENGTH = 2000;

  /** The longest single setting or credential value sent by a client. */
  public static final int MAX_SECRET_LENGTH = 10_000;

  /** The longest stored document (a channel's settings JSON, its sealed credentials). */
  public static final int MAX_DOCUMENT_LENGTH = 1_000_000;

  /** The earliest storable instant: the first moment of the year 1. */
  public static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest storable instant: the last millisecond of the year 9999. */
  public static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

  private StorableValues() {}

  /**
   * Why {@code value} is not a storable text of at most {@code maxLength} code units, as a phrase
   * that follows the field's name ("must not contain a NUL character"); null when it is storable
   * (or null: whether a value is required is the caller's rule).
   */
  public static String problemWithText(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.length() > maxLength) {
      return "must be at most " + maxLength + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must be well-formed Unicode: a lone surrogate " + hex(c) + " at index " + i;
      }
      if (c == 0) {
        return "must not contain a NUL character (U+0000), at index " + i;
      }
      if (Character.getType(c) == Character.CONTROL) {
        return "must not contain control characters (" + hex(c) + " at index " + i + ")";
      }
    }
    return null;
  }

  /** The longest text kept from a marketplace (an error it answered), in UTF-16 code units. */
  public static final int MAX_FOREIGN_TEXT_LENGTH = 2000;

  /**
   * Text that came from outside (a marketplace's error body) made storable in both stores, never
   * refused: each NUL or other control character becomes a space, each lone surrogate U+FFFD, and
   * it is cut to {@code maxLength} code units (never between the two halves of a pair, ending with
   * "…" when cut). Null stays null.
   */
  public static String storableText(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), maxLength));
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int width = 1;
      String piece;
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        piece = value.substring(i, i + 2);
        width = 2;
      } else if (Character.isSurrogate(c)) {
        piece = "\uFFFD";
      } else if (c == 0 || Character.getType(c) == Character.CONTROL) {
        piece = " ";
      } else {
        piece = String.valueOf(c);
      }
      if (b.length() + piece.length() > maxLength - 1 && i + width < value.length()) {
        b.append('…');
        return b.toString();
      }
      b.append(piece);
      i += width - 1;
    }
    return b.toString();
  }

  /**
   * {@code raw} as a code: stripped of leading and trailing whitespace and NFC-normalised. Does not
   * judge it (see {@link #problemWithCode}); null stays null, and text that is not well-formed
   * UTF-16 is only stripped, so that its problem is still seen.
   */
  public static String normaliseCode(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    if (isPlainAscii(s)) {
      return s; // the common case: nothing to normalise, and no Normalizer call on the hot path
    }
    return problemWithText(s, Integer.MAX_VALUE) == null
        ? Normalizer.normalize(s, Normalizer.Form.NFC)
        : s;
  }

  /**
   * Why {@code code} (already {@linkplain #normaliseCode normalised}) is not an acceptable code, as
   * a phrase that follows the field's name; null when it is. A blank code is "is required".
   */
  public static String problemWithCode(String code) {
    if (code == null || code.isEmpty()) {
      return "is required";
    }
    if (isPlainAscii(code)) {
      return code.length() > MAX_CODE_LENGTH
          ? "must be at most " + MAX_CODE_LENGTH + " characters"
          : null;
    }
    String text = problemWithText(code, MAX_CODE_LENGTH);
    if (text != null) {
      return text;
    }
    for (int i = 0; i < code.length(); ) {
      int cp = code.codePointAt(i);
      if (isInvisible(cp)) {
        return "must not contain invisible or formatting characters ("
            + hex(cp)
            + " at index "
            + i
            + "), so that no two codes look alike";
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /**
   * {@code raw} normalised as a code; throws {@link InvalidRequestException} naming {@code field}
   * when it is missing or not an acceptable code.
   */
  public static String requireCode(String field, String raw) {
    String code = normaliseCode(raw);
    String problem = problemWithCode(code);
    if (problem != null) {
      throw new InvalidRequestException(field, problem);
    }
    return code;
  }

  /**
   * Throws {@link InvalidRequestException} naming {@code field} when {@code value} is not a
   * storable text of at most {@code maxLength}; null passes.
   */
  public static void requireText(String field, String value, int maxLength) {
    String problem = problemWithText(value, maxLength);
    if (problem != null) {
      throw new InvalidRequestException(field, problem);
    }
  }

  /**
   * Why {@code instant} cannot be stored, as a phrase that follows the field's name; null when it
   * can (or is null).
   */
  public static String problemWithInstant(Instant instant) {
    if (instant == null
        || (!instant.isBefore(EARLIEST_INSTANT) && !instant.isAfter(LATEST_INSTANT))) {
      return null;
    }
    return "must be between " + EARLIEST_INSTANT + " and " + LATEST_INSTANT;
  }

  /** Whether {@code cp} shows nothing, or changes how its neighbours show, in a code. */
  static boolean isInvisible(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL,
      Character.FORMAT,
      Character.SURROGATE,
      Character.PRIVATE_USE,
      Character.UNASSIGNED,
      Character.LINE_SEPARATOR,
      Character.PARAGRAPH_SEPARATOR:
        return true;
      case Character.SPACE_SEPARATOR:
        return cp != ' '; // no-break, thin, ideographic spaces look like a space, or like nothing
      default:
        break;
    }
    // Letters and marks that render as nothing: the combining grapheme joiner, the Hangul and
    // Khmer fillers, the Mongolian free variation selectors, and the variation selectors.
    return cp == 0x034F
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x17B4
        || cp == 0x17B5
        || (cp >= 0x180B && cp <= 0x180F)
        || cp == 0x3164
        || cp == 0xFFA0
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  /** Printable ASCII only (U+0021..U+007E, and inner spaces): nothing to normalise or refuse. */
  private static boolean isPlainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private static String hex(int cp) {
    return String.format("U+%04X", cp);
  }
}
