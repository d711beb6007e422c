package io.stocksync.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of {@code POST /v1/events}, JSON ({@code {"events":[…]}}) or CSV (header {@code
 * id,type,sku,location,quantity,occurredAt}), into events, streaming.
 *
 * <p>What makes a body malformed, and refused whole: bytes that are not UTF-8, broken JSON or CSV,
 * a field of the wrong JSON type, an unknown field, a {@code type} that is none of the seven, a
 * {@code quantity} missing or not an integer in range, an {@code occurredAt} that is not an
 * ISO-8601 instant. A missing or empty {@code id}, {@code type}, {@code sku} or {@code location} is
 * not: such an event gets its own {@code rejected} result, as the ledger's rules decide (an unknown
 * SKU, a quantity of the wrong sign, and so on).
 *
 * <p>Thread-safe (stateless).
 */
final class EventBatchReader {

  /** Column names of the CSV form, in the documented order. */
  static final List<String> CSV_COLUMNS =
      List.of("id", "type", "sku", "location", "quantity", "occurredAt");

  private static final String TYPES = Arrays.toString(EventType.values());

  private final JsonFactory json;

  EventBatchReader(JsonFactory json) {
    this.json = json;
  }

  /** Collected field errors; past the cap the body is refused at once. */
  private static final class Errors {
    final List<FieldError> list = new ArrayList<>();

    void add(String field, String message) {
      list.add(new FieldError(field, message));
      if (list.size() >= Problem.MAX_ERRORS) {
        throw Problem.fields(list);
      }
    }

    void throwIfAny() {
      if (!list.isEmpty()) {
        throw Problem.fields(list);
      }
    }
  }

  // ------------------------------------------------------------------ JSON

  List<InventoryEvent> readJson(InputStream body) throws IOException {
    Errors errors = new Errors();
    List<InventoryEvent> events = new ArrayList<>();
    // Decoded by the JDK's strict UTF-8 decoder, not Jackson's: Jackson lets overlong forms
    // through (C0 AF reads as '/'), which would let bytes that are not UTF-8 into ids and codes.
    try (JsonParser p = json.createParser(utf8(body))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw Problem.field("body", "must be a JSON object with an events array");
      }
      boolean sawEvents = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (!name.equals("events")) {
          errors.add(name, "unknown field");
          p.skipChildren();
          continue;
        }
        sawEvents = true;
        if (t != JsonToken.START_ARRAY) {
          errors.add("events", "must be an array of events");
          p.skipChildren();
          continue;
        }
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          InventoryEvent e = readEvent(p, "events[" + i + "]", errors);
          if (e != null) {
            events.add(e);
          }
          i++;
        }
      }
      if (!sawEvents) {
        errors.add("events", "is required");
      }
      if (p.nextToken() != null) {
        throw Problem.field("body", "has content after the JSON object");
      }
    } catch (StreamConstraintsException e) {
      throw new Problem(
          Problem.Kind.MALFORMED_BODY,
          "the JSON is too deep or too long: " + e.getOriginalMessage(),
          List.of(new FieldError("body", e.getOriginalMessage())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw malformed(e);
    } catch (CharacterCodingException e) {
      throw notUtf8();
    }
    errors.throwIfAny();
    return events;
  }

  static Problem malformed(com.fasterxml.jackson.core.JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    String message = e.getOriginalMessage();
    if (message != null && message.contains("Invalid UTF-8")) {
      return notUtf8();
    }
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    return new Problem(
        Problem.Kind.MALFORMED_BODY,
        "the body is not valid JSON" + where + ": " + first,
        List.of(new FieldError("body", "not valid JSON" + where)));
  }

  static Problem notUtf8() {
    return new Problem(
        Problem.Kind.MALFORMED_BODY,
        "the body is not UTF-8",
        List.of(new FieldError("body", "must be UTF-8")));
  }

  /** One event object; null (with errors recorded) when it is malformed. */
  private static InventoryEvent readEvent(JsonParser p, String at, Errors errors)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      errors.add(at, "must be an object");
      p.skipChildren();
      return null;
    }
    int before = errors.list.size();
    String id = null;
    EventType type = null;
    String sku = null;
    String location = null;
    Long quantity = null;
    Instant occurredAt = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      String field = at + "." + name;
      switch (name) {
        case "id" -> id = text(p, t, field, errors);
        case "sku" -> sku = text(p, t, field, errors);
        case "location" -> location = text(p, t, field, errors);
        case "type" -> type = type(text(p, t, field, errors), field, errors);
        case "occurredAt" -> occurredAt = instant(text(p, t, field, errors), field, errors);
        case "quantity" -> {
          if (t == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            quantity = p.getLongValue();
          } else if (t == JsonToken.VALUE_NUMBER_INT) {
            errors.add(field, "is out of range");
          } else {
            errors.add(field, "must be an integer");
            p.skipChildren();
          }
        }
        default -> {
          errors.add(field, "unknown field");
          p.skipChildren();
        }
      }
    }
    if (quantity == null && errors.list.size() == before) {
      errors.add(at + ".quantity", "is required");
    }
    return errors.list.size() == before
        ? new InventoryEvent(id, type, sku, location, quantity, occurredAt)
        : null;
  }

  /** A string or null value; anything else is an error (and skipped). */
  private static String text(JsonParser p, JsonToken t, String field, Errors errors)
      throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t != JsonToken.VALUE_NULL) {
      errors.add(field, "must be a string");
      p.skipChildren();
    }
    return null;
  }

  private static EventType type(String text, String field, Errors errors) {
    if (text == null || text.isEmpty()) {
      return null; // rejected as MISSING_TYPE by the ledger's rules
    }
    try {
      return EventType.valueOf(text);
    } catch (IllegalArgumentException e) {
      errors.add(field, "must be one of " + TYPES);
      return null;
    }
  }

  private static Instant instant(String text, String field, Errors errors) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(field, "must be an ISO-8601 instant such as 2026-11-27T10:00:00Z");
      return null;
    }
  }

  // ------------------------------------------------------------------ CSV

  /** A strict UTF-8 reader: bytes that are not UTF-8 fail instead of turning into U+FFFD. */
  static Reader utf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  List<InventoryEvent> readCsv(InputStream body) throws IOException {
    Errors errors = new Errors();
    List<InventoryEvent> events = new ArrayList<>();
    try (Reader reader = new java.io.BufferedReader(utf8(body), 64 * 1024)) {
      CsvReader csv = new CsvReader(reader);
      int[] columns = header(csv.next());
      List<String> row;
      int i = 0;
      while ((row = csv.next()) != null) {
        if (row.size() == 1 && row.get(0).isEmpty()) {
          continue; // a blank line
        }
        String at = "events[" + i + "]";
        String line = "line " + csv.recordLine() + ": ";
        i++;
        if (row.size() != CSV_COLUMNS.size()) {
          errors.add(at, line + "has " + row.size() + " fields, not " + CSV_COLUMNS.size());
          continue;
        }
        int before = errors.list.size();
        String quantityText = row.get(columns[4]).trim();
        Long quantity = null;
        if (quantityText.isEmpty()) {
          errors.add(at + ".quantity", line + "is required");
        } else {
          try {
            quantity = Long.parseLong(quantityText);
          } catch (NumberFormatException e) {
            errors.add(at + ".quantity", line + "must be an integer in range");
          }
        }
        EventType type = type(row.get(columns[1]).trim(), at + ".type", errors);
        Instant occurredAt = instant(row.get(columns[5]).trim(), at + ".occurredAt", errors);
        if (errors.list.size() == before) {
          events.add(
              new InventoryEvent(
                  emptyToNull(row.get(columns[0])),
                  type,
                  emptyToNull(row.get(columns[2])),
                  emptyToNull(row.get(columns[3])),
                  quantity,
                  occurredAt));
        }
      }
    } catch (CsvReader.CsvException e) {
      throw new Problem(
          Problem.Kind.MALFORMED_BODY,
          "the body is not valid CSV: " + e.getMessage(),
          List.of(new FieldError("body", e.getMessage())));
    } catch (CharacterCodingException e) {
      throw notUtf8();
    }
    errors.throwIfAny();
    return events;
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  /** Where each documented column is in the header; the header must name each once, no more. */
  private static int[] header(List<String> header) {
    if (header == null) {
      throw Problem.field("body", "is empty: a CSV body starts with the header " + csvHeader());
    }
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).trim();
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1); // a byte-order mark some spreadsheets write
      }
      if (!CSV_COLUMNS.contains(name) || at.put(name, i) != null) {
        throw Problem.field(
            "header", "must be " + csvHeader() + " (column " + (i + 1) + " is '" + name + "')");
      }
    }
    if (at.size() != CSV_COLUMNS.size()) {
      throw Problem.field("header", "must be " + csvHeader());
    }
    int[] columns = new int[CSV_COLUMNS.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = at.get(CSV_COLUMNS.get(i));
    }
    return columns;
  }

  static String csvHeader() {
    return String.join(",", CSV_COLUMNS);
  }
}
