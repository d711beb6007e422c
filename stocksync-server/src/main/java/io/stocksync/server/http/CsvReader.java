package io.stocksync.server.http;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: fields separated by commas, records by CRLF or LF,
 * fields with commas, quotes or line breaks enclosed in double quotes, a quote inside doubled.
 * Anything else about quoting (a quote inside an unquoted field, text after a closing quote, a
 * quote left open at the end) is an error naming the line. Not thread-safe.
 */
public final class CsvReader {

  /** A record could not be read; {@code line} is 1-based. */
  public static final class CsvException extends Exception {
    private final long line;

    CsvException(long line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    public long line() {
      return line;
    }
  }

  /** The longest field accepted, in characters. */
  static final int MAX_FIELD = 64 * 1024;

  private final Reader in;
  private long line = 1;
  private long recordLine;
  private int peeked = -2;

  public CsvReader(Reader in) {
    this.in = in;
  }

  /** The line the last record returned by {@link #next} started on (1-based). */
  public long recordLine() {
    return recordLine;
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    return in.read();
  }

  private int peek() throws IOException {
    if (peeked == -2) {
      peeked = in.read();
    }
    return peeked;
  }

  /**
   * The next record's fields, or null at the end of the input. A blank line is returned as a single
   * empty field.
   *
   * @throws IOException when the reader fails (as for bytes that are not UTF-8)
   */
  public List<String> next() throws IOException, CsvException {
    int c = read();
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>(8);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStart = true;
    while (true) {
      if (quoted) {
        if (c == -1) {
          throw new CsvException(recordLine, "a quoted field is not closed");
        }
        if (c == '"') {
          if (peek() == '"') {
            read();
            append(field, '"');
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          append(field, (char) c);
        }
      } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        fieldStart = true;
        if (c == ',') {
          c = read();
          continue;
        }
        if (c == '\r' && peek() == '\n') {
          read();
        }
        if (c != -1) {
          line++;
        }
        return fields;
      } else if (afterQuote) {
        throw new CsvException(line, "text after a closing quote (quote the whole field)");
      } else if (c == '"') {
        if (!fieldStart) {
          throw new CsvException(line, "a quote inside an unquoted field (quote the field)");
        }
        quoted = true;
      } else {
        append(field, (char) c);
      }
      fieldStart = false;
      c = read();
    }
  }

  private void append(StringBuilder field, char c) throws CsvException {
    if (field.length() >= MAX_FIELD) {
      throw new CsvException(recordLine, "a field is longer than " + MAX_FIELD + " characters");
    }
    field.append(c);
  }

  /** {@code value} as a CSV field: quoted when it holds a comma, quote or line break. */
  public static String quote(String value) {
    if (value == null) {
      return "";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return '"' + value.replace("\"", "\"\"") + '"';
      }
    }
    return value;
  }
}
