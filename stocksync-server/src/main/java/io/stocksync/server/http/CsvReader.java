package io.stocksync.server.http;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Reads RFC 4180 CSV one record at a time through Apache Commons CSV: fields separated by commas,
 * records by CRLF or LF, fields with commas, quotes or line breaks enclosed in double quotes, a
 * quote inside doubled. Anything else about quoting (a quote inside an unquoted field, text after a
 * closing quote, a quote left open at the end) is an error naming the line. Not thread-safe.
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

  /** How StockSync reads and writes CSV: RFC 4180, blank lines kept (the caller skips them). */
  static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

  /** RFC 4180 with LF line ends, quoting only the fields that need it. */
  public static final CSVFormat WRITE =
      CSVFormat.RFC4180.builder().setRecordSeparator('\n').setQuoteMode(QuoteMode.MINIMAL).get();

  private final RecordingReader raw;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private long recordLine;

  public CsvReader(Reader in) throws IOException {
    this.raw = new RecordingReader(in);
    this.parser = CSVParser.builder().setReader(raw).setFormat(READ).get();
    this.records = parser.iterator();
  }

  /** The line the last record returned by {@link #next} started on (1-based). */
  public long recordLine() {
    return recordLine;
  }

  /**
   * The next record's fields, or null at the end of the input. A blank line is returned as a single
   * empty field.
   *
   * @throws IOException when the reader fails (as for bytes that are not UTF-8)
   */
  public List<String> next() throws IOException, CsvException {
    long startLine = parser.getCurrentLineNumber() + 1;
    CSVRecord record;
    try {
      if (!records.hasNext()) {
        return null;
      }
      record = records.next();
    } catch (UncheckedIOException e) {
      throw refusal(startLine, e.getCause());
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof IOException io) {
        throw refusal(startLine, io);
      }
      throw e;
    }
    recordLine = startLine;
    List<String> fields = new ArrayList<>(record.size());
    boolean quotes = false;
    for (String value : record) {
      if (value.length() > MAX_FIELD) {
        throw new CsvException(recordLine, "a field is longer than " + MAX_FIELD + " characters");
      }
      quotes |= value.indexOf('"') >= 0;
      fields.add(value);
    }
    if (quotes) {
      requireQuotedWhereQuotesAre(record.getCharacterPosition(), fields);
    }
    raw.forgetBefore(record.getCharacterPosition());
    return fields;
  }

  /**
   * The parser reads a quote inside an unquoted field as a character of it; RFC 4180 does not allow
   * it, and such a field is most often a mistake (a field that meant to be quoted), so it is
   * refused. Checked against the record's raw text: a quoted field's raw form is its value with
   * quotes doubled, enclosed in quotes.
   */
  private void requireQuotedWhereQuotesAre(long position, List<String> fields) throws CsvException {
    long at = position;
    for (String value : fields) {
      if (raw.charAt(at) == '"') {
        at += 2 + value.length() + value.chars().filter(c -> c == '"').count();
      } else if (value.indexOf('"') >= 0) {
        throw new CsvException(recordLine, "a quote inside an unquoted field (quote the field)");
      } else {
        at += value.length();
      }
      at++; // the comma, or the line end after the last field
    }
  }

  private CsvException refusal(long line, Throwable cause) throws IOException {
    if (cause instanceof java.nio.charset.CharacterCodingException coding) {
      throw coding;
    }
    String message = String.valueOf(cause == null ? null : cause.getMessage());
    if (message.contains("EOF reached before encapsulated token finished")) {
      return new CsvException(line, "a quoted field is not closed");
    }
    if (message.contains("between encapsulated token and delimiter")) {
      long at = parser.getCurrentLineNumber();
      return new CsvException(
          Math.max(line, at), "text after a closing quote (quote the whole field)");
    }
    if (cause instanceof IOException io && !(message.contains("line"))) {
      throw io;
    }
    return new CsvException(line, message);
  }

  /** {@code value} as a CSV field: quoted when it holds a comma, quote or line break. */
  public static String quote(String value) {
    return value == null ? "" : WRITE.format(value);
  }

  /**
   * Keeps what the parser read since the record being checked began, so that a record can be looked
   * at as it was written; the text before the last record returned is let go.
   */
  private static final class RecordingReader extends Reader {
    private final Reader in;
    private final StringBuilder kept = new StringBuilder();
    private long keptFrom;
    private static final int COMPACT_AT = 64 * 1024;

    RecordingReader(Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        kept.append(buffer, offset, n);
      }
      return n;
    }

    int charAt(long position) {
      long i = position - keptFrom;
      return i >= 0 && i < kept.length() ? kept.charAt((int) i) : -1;
    }

    void forgetBefore(long position) {
      int drop = (int) Math.min(kept.length(), position - keptFrom);
      if (drop > COMPACT_AT) { // now and then, so that a record costs no copy of what is kept
        kept.delete(0, drop);
        keptFrom += drop;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
