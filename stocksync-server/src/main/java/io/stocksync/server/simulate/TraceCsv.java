package io.stocksync.server.simulate;

import io.stocksync.core.event.EventType;
import io.stocksync.core.simulation.Trace;
import io.stocksync.server.http.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the import CSV (header {@code id,type,sku,location,quantity,occurredAt}, any column order)
 * into a {@link Trace} for the simulator. Every row needs an {@code occurredAt}: it is the
 * simulated clock. A row whose id was seen before is a duplicate and skipped, as the engine would.
 * A malformed row stops the read with a {@link BadTrace} naming its line and field; a row the
 * ledger would refuse (a cancel of more than is reserved, say) is kept, and the simulator counts it
 * as rejected.
 */
public final class TraceCsv {

  /** The columns, as {@code stocksync import} takes them. */
  public static final List<String> COLUMNS =
      List.of("id", "type", "sku", "location", "quantity", "occurredAt");

  /** A file that is not a trace; the message names the line and field at fault. */
  public static final class BadTrace extends Exception {
    BadTrace(String message) {
      super(message);
    }
  }

  /** A trace and what reading it skipped. */
  public record Read(Trace trace, long duplicates) {}

  private TraceCsv() {}

  /** Reads {@code file} whole. */
  public static Read read(Path file) throws IOException, BadTrace {
    try (Reader reader =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(file),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
            1 << 16)) {
      return read(reader, file.toString());
    } catch (CharacterCodingException e) {
      throw new BadTrace(file + " is not UTF-8");
    }
  }

  /** Reads a trace from {@code in}; {@code name} prefixes every error. */
  public static Read read(Reader in, String name) throws IOException, BadTrace {
    CsvReader csv = new CsvReader(in);
    try {
      int[] at = header(csv.next(), name);
      Trace.Builder trace = Trace.builder();
      Set<String> ids = new HashSet<>();
      long duplicates = 0;
      List<String> row;
      while ((row = csv.next()) != null) {
        if (row.size() == 1 && row.get(0).isEmpty()) {
          continue;
        }
        String line = name + ": line " + csv.recordLine() + ": ";
        if (row.size() != COLUMNS.size()) {
          throw new BadTrace(line + "has " + row.size() + " fields, not " + COLUMNS.size());
        }
        String id = required(row.get(at[0]), line, "id");
        if (!ids.add(id)) {
          duplicates++;
          continue;
        }
        EventType type = type(required(row.get(at[1]), line, "type"), line);
        String sku = required(row.get(at[2]), line, "sku");
        String location = required(row.get(at[3]), line, "location");
        long quantity = quantity(required(row.get(at[4]), line, "quantity"), line);
        long millis = instant(required(row.get(at[5]), line, "occurredAt"), line);
        trace.add(type, sku, location, quantity, millis);
      }
      return new Read(trace.build(), duplicates);
    } catch (CsvReader.CsvException e) {
      throw new BadTrace(name + ": " + e.getMessage());
    }
  }

  private static int[] header(List<String> header, String name) throws BadTrace {
    String expected = String.join(",", COLUMNS);
    if (header == null) {
      throw new BadTrace(name + " is empty: a trace starts with the header " + expected);
    }
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i).trim();
      if (!COLUMNS.contains(column) || at.put(column, i) != null) {
        throw new BadTrace(
            name
                + ": header: must be "
                + expected
                + " (column "
                + (i + 1)
                + " is '"
                + column
                + "')");
      }
    }
    if (at.size() != COLUMNS.size()) {
      throw new BadTrace(name + ": header: must be " + expected);
    }
    int[] columns = new int[COLUMNS.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = at.get(COLUMNS.get(i));
    }
    return columns;
  }

  private static String required(String value, String line, String field) throws BadTrace {
    String v = value.trim();
    if (v.isEmpty()) {
      throw new BadTrace(line + field + ": is required");
    }
    return v;
  }

  private static EventType type(String text, String line) throws BadTrace {
    try {
      return EventType.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadTrace(
          line
              + "type: '"
              + text
              + "' is not one of "
              + java.util.Arrays.toString(EventType.values()));
    }
  }

  private static long quantity(String text, String line) throws BadTrace {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadTrace(line + "quantity: '" + text + "' is not a whole number");
    }
  }

  private static long instant(String text, String line) throws BadTrace {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new BadTrace(
          line + "occurredAt: '" + text + "' is not an instant such as 2026-11-27T10:00:00Z");
    }
  }
}
