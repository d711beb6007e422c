package io.stocksync.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.core.event.EventType;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.report.Acknowledgement;
import io.stocksync.core.report.LocationBalance;
import io.stocksync.core.report.Movements;
import io.stocksync.core.report.ReconciliationRow;
import io.stocksync.core.report.SnapshotRow;
import io.stocksync.server.engine.Engine;
import io.stocksync.store.report.ReportRepository;
import io.stocksync.store.report.ReportRepository.EventCursor;
import io.stocksync.store.report.ReportRepository.EventFilter;
import io.stocksync.store.report.ReportRepository.EventPage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report routes of SPEC §7 and §11: {@code GET /v1/snapshot}, {@code GET
 * /v1/reports/reconciliation} and {@code GET /v1/skus/{sku}/events}. Each handler parses its query,
 * makes one call to the {@link ReportRepository} and renders what it gets: the snapshot and the
 * reconciliation row by row onto the response as they are read (JSON through Jackson's generator,
 * CSV through Jackson's CSV generator), never holding the report in memory.
 *
 * <p>Every route first asks the engine for the account's "now" (which also checks that the account
 * and, for the history, the SKU exist: another account's SKU is a 404). Bad parameters are a 400
 * naming the parameter, before anything is read. A store failure once rows are on their way cannot
 * become a problem document any more: the response then ends early, and a JSON body is left
 * unterminated, so that no client mistakes it for a whole report.
 */
final class ReportRoutes implements Routes {
  private static final Logger log = LoggerFactory.getLogger(ReportRoutes.class);

  /** The default page of {@code GET /v1/skus/{sku}/events}. */
  static final int DEFAULT_PAGE = 100;

  /** The earliest and latest instants a parameter may name (years 0000 to 9999). */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final String CURSOR_VERSION = "1";

  private final Engine engine;
  private final ReportRepository reports;
  private final JsonFactory json = new JsonFactory();

  ReportRoutes(Engine engine, ReportRepository reports) {
    this.engine = engine;
    this.reports = reports;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/snapshot", this::snapshot);
    routes.route(HandlerType.GET, "/v1/reports/reconciliation", this::reconciliation);
    routes.route(HandlerType.GET, "/v1/skus/{sku}/events", this::events);
  }

  // ------------------------------------------------------------------ GET /v1/snapshot

  private void snapshot(Context ctx) {
    Query q = new Query(ctx, Set.of("at", "format"));
    Instant given = instant(q, "at");
    boolean asCsv = csvFormat(q);
    q.throwIfAny();
    String account = ApiServer.account(ctx);
    Instant now = now(account, null);
    Instant at = given == null ? now : given;
    if (asCsv) {
      csvStream(
          ctx,
          List.of(
              "sku",
              "location",
              "channel",
              "onHand",
              "reserved",
              "available",
              "acknowledged",
              "acknowledgedAt"),
          g -> reports.snapshot(account, at, row -> snapshotCsv(g, row)));
    } else {
      jsonStream(
          ctx,
          g -> {
            g.writeStartObject();
            g.writeStringField("at", at.toString());
            g.writeArrayFieldStart("skus");
            reports.snapshot(account, at, row -> snapshotJson(g, row));
            g.writeEndArray();
            g.writeEndObject();
          });
    }
  }

  private static void snapshotJson(JsonGenerator g, SnapshotRow row) {
    try {
      g.writeStartObject();
      g.writeStringField("sku", row.sku());
      g.writeNumberField("onHand", row.onHand());
      g.writeNumberField("reserved", row.reserved());
      g.writeNumberField("available", row.available());
      g.writeArrayFieldStart("locations");
      for (LocationBalance b : row.locations()) {
        g.writeStartObject();
        g.writeStringField("code", b.location());
        g.writeNumberField("onHand", b.onHand());
        g.writeNumberField("reserved", b.reserved());
        g.writeNumberField("available", b.available());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("listings");
      for (Acknowledgement a : row.listings()) {
        g.writeStartObject();
        g.writeStringField("channel", a.channel());
        g.writeNumberField("acknowledged", a.quantity());
        g.writeStringField("acknowledgedAt", a.at().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line per location (channel columns empty), then one per listing (location ones empty). */
  private static void snapshotCsv(CSVPrinter g, SnapshotRow row) {
    try {
      for (LocationBalance b : row.locations()) {
        csvRow(
            g,
            row.sku(),
            b.location(),
            "",
            Long.toString(b.onHand()),
            Long.toString(b.reserved()),
            Long.toString(b.available()),
            "",
            "");
      }
      for (Acknowledgement a : row.listings()) {
        csvRow(
            g,
            row.sku(),
            "",
            a.channel(),
            "",
            "",
            "",
            Long.toString(a.quantity()),
            a.at().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ GET
  // /v1/reports/reconciliation

  private static final List<String> RECONCILIATION_COLUMNS =
      List.of(
          "sku",
          "location",
          "openingOnHand",
          "openingReserved",
          "putAways",
          "returns",
          "adjustmentsIn",
          "adjustmentsOut",
          "counted",
          "shipped",
          "ordersPlaced",
          "ordersCancelled",
          "closingOnHand",
          "closingReserved");

  private void reconciliation(Context ctx) {
    Query q = new Query(ctx, Set.of("from", "to", "sku", "format"));
    Instant from = instant(q, "from");
    if (from == null && q.single("from") == null) {
      q.errors.add(new FieldError("from", "is required"));
    }
    Instant to = instant(q, "to");
    String sku = q.code("sku");
    boolean asCsv = csvFormat(q);
    q.throwIfAny();
    String account = ApiServer.account(ctx);
    Instant now = now(account, null);
    Instant end = to == null ? now : to;
    if (from.isAfter(end)) {
      throw Problem.field(
          to == null ? "from" : "to",
          to == null ? "must not be in the future" : "must not be before from");
    }
    if (asCsv) {
      csvStream(
          ctx,
          RECONCILIATION_COLUMNS,
          g -> reports.reconciliation(account, from, end, sku, row -> reconciliationCsv(g, row)));
    } else {
      jsonStream(
          ctx,
          g -> {
            g.writeStartObject();
            g.writeStringField("from", from.toString());
            g.writeStringField("to", end.toString());
            g.writeArrayFieldStart("rows");
            reports.reconciliation(account, from, end, sku, row -> reconciliationJson(g, row));
            g.writeEndArray();
            g.writeEndObject();
          });
    }
  }

  private static void reconciliationJson(JsonGenerator g, ReconciliationRow row) {
    try {
      Movements m = row.movements();
      g.writeStartObject();
      g.writeStringField("sku", row.sku());
      g.writeStringField("location", row.location());
      g.writeObjectFieldStart("opening");
      g.writeNumberField("onHand", row.openingOnHand());
      g.writeNumberField("reserved", row.openingReserved());
      g.writeEndObject();
      g.writeObjectFieldStart("movements");
      g.writeNumberField("putAways", m.putAways());
      g.writeNumberField("returns", m.returns());
      g.writeNumberField("adjustmentsIn", m.adjustmentsIn());
      g.writeNumberField("adjustmentsOut", m.adjustmentsOut());
      g.writeNumberField("counted", m.counted());
      g.writeNumberField("shipped", m.shipped());
      g.writeNumberField("ordersPlaced", m.ordersPlaced());
      g.writeNumberField("ordersCancelled", m.ordersCancelled());
      g.writeEndObject();
      g.writeObjectFieldStart("closing");
      g.writeNumberField("onHand", row.closingOnHand());
      g.writeNumberField("reserved", row.closingReserved());
      g.writeEndObject();
      g.writeBooleanField("balances", row.balances());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void reconciliationCsv(CSVPrinter g, ReconciliationRow row) {
    Movements m = row.movements();
    try {
      csvRow(
          g,
          row.sku(),
          row.location(),
          Long.toString(row.openingOnHand()),
          Long.toString(row.openingReserved()),
          Long.toString(m.putAways()),
          Long.toString(m.returns()),
          Long.toString(m.adjustmentsIn()),
          Long.toString(m.adjustmentsOut()),
          Long.toString(m.counted()),
          Long.toString(m.shipped()),
          Long.toString(m.ordersPlaced()),
          Long.toString(m.ordersCancelled()),
          Long.toString(row.closingOnHand()),
          Long.toString(row.closingReserved()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ GET /v1/skus/{sku}/events

  private void events(Context ctx) {
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    Query q = new Query(ctx, Set.of("from", "to", "type", "location", "limit", "cursor"));
    Instant from = instant(q, "from");
    Instant to = instant(q, "to");
    EventType type = null;
    String typeName = q.single("type");
    if (typeName != null && !typeName.isEmpty()) {
      try {
        type = EventType.valueOf(typeName);
      } catch (IllegalArgumentException e) {
        q.errors.add(new FieldError("type", "must be one of " + List.of(EventType.values())));
      }
    }
    String location = q.code("location");
    int limit = (int) q.integer("limit", DEFAULT_PAGE, 1, ReportRepository.MAX_PAGE);
    EventCursor cursor = cursor(q);
    if (from != null && to != null && from.isAfter(to)) {
      q.errors.add(new FieldError("to", "must not be before from"));
    }
    q.throwIfAny();
    String account = ApiServer.account(ctx);
    now(account, sku);
    EventPage page =
        reports.events(account, sku, new EventFilter(from, to, type, location), cursor, limit);
    jsonStream(
        ctx,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("events");
          for (LedgerRow l : page.lines()) {
            g.writeStartObject();
            g.writeStringField("id", l.eventId());
            g.writeNumberField("line", l.line());
            g.writeStringField("type", l.type().name());
            g.writeStringField("sku", l.sku());
            g.writeStringField("location", l.location());
            g.writeNumberField("quantity", l.quantity());
            g.writeNumberField("onHandDelta", l.onHandDelta());
            g.writeNumberField("reservedDelta", l.reservedDelta());
            g.writeStringField(
                "occurredAt", l.occurredAt() == null ? null : l.occurredAt().toString());
            g.writeStringField("recordedAt", l.recordedAt().toString());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField("next", page.next() == null ? null : encode(page.next()));
          g.writeEndObject();
        });
  }

  /** The opaque cursor: base64url of its version, the recording time, the line and the event id. */
  static String encode(EventCursor c) {
    String text = CURSOR_VERSION + ":" + c.recordedAtMillis() + ":" + c.line() + ":" + c.eventId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static EventCursor cursor(Query q) {
    String v = q.single("cursor");
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      if (v.length() > 4 * Fields.MAX_CODE) {
        throw new IllegalArgumentException("too long");
      }
      String text = new String(Base64.getUrlDecoder().decode(v), StandardCharsets.UTF_8);
      String[] parts = text.split(":", 4);
      if (parts.length != 4 || !parts[0].equals(CURSOR_VERSION) || parts[3].isEmpty()) {
        throw new IllegalArgumentException("not a cursor");
      }
      return new EventCursor(Long.parseLong(parts[1]), parts[3], Integer.parseInt(parts[2]));
    } catch (IllegalArgumentException e) {
      q.errors.add(
          new FieldError(
              "cursor", "is not a cursor this server gave: pass the last page's next as it is"));
      return null;
    }
  }

  // ------------------------------------------------------------------ shared

  /**
   * The engine's now for the account, checking on its writer that the account exists and, when
   * {@code sku} is not null, that it has that SKU (404 otherwise).
   */
  private Instant now(String account, String sku) {
    return engine
        .execute(
            account,
            (a, c, now) -> {
              if (sku != null && !a.hasSku(sku)) {
                throw new NotFoundException("SKU", sku);
              }
              return now;
            })
        .join();
  }

  private static Instant instant(Query q, String name) {
    String v = q.single(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    Instant t;
    try {
      t = v.length() > 64 ? null : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      t = null;
    }
    if (t == null || t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      q.errors.add(
          new FieldError(
              name,
              "must be an ISO-8601 instant with an offset, years 0000 to 9999,"
                  + " such as 2026-11-27T10:00:00Z"));
      return null;
    }
    return t;
  }

  /** Whether {@code format} asks for CSV; JSON when absent. */
  private static boolean csvFormat(Query q) {
    String v = q.single("format");
    if (v == null || v.isEmpty() || v.equals("json")) {
      return false;
    }
    if (v.equals("csv")) {
      return true;
    }
    q.errors.add(new FieldError("format", "must be json or csv"));
    return false;
  }

  @FunctionalInterface
  private interface Body<G> {
    void write(G generator) throws IOException;
  }

  private void jsonStream(Context ctx, Body<JsonGenerator> body) {
    ctx.status(200).contentType(ApiServer.JSON);
    OutputStream out = ctx.outputStream();
    try {
      JsonGenerator g = json.createGenerator(out);
      body.write(g);
      g.close();
    } catch (IOException | RuntimeException e) {
      abandon(ctx, e);
    }
  }

  private void csvStream(Context ctx, List<String> header, Body<CSVPrinter> body) {
    ctx.status(200).contentType(ApiServer.CSV + "; charset=utf-8");
    OutputStream out = ctx.outputStream();
    try {
      CSVPrinter g =
          new CSVPrinter(
              new java.io.BufferedWriter(
                  new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8),
                  64 * 1024),
              CsvReader.WRITE);
      csvRow(g, header.toArray(String[]::new));
      body.write(g);
      g.close();
    } catch (IOException | RuntimeException e) {
      abandon(ctx, e);
    }
  }

  private static void csvRow(CSVPrinter g, String... values) throws IOException {
    g.printRecord((Object[]) values);
  }

  /**
   * A report failed while it was written. Nothing sent yet: the failure becomes the problem
   * document it would have been anyway. Rows already sent: say so in the log and end the response
   * where it stands.
   */
  private static void abandon(Context ctx, Exception e) {
    if (!ctx.res().isCommitted()) {
      ctx.res().resetBuffer();
      throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
    }
    log.error(
        "{} {}: the report failed after it started; its answer ends early",
        ctx.method(),
        ctx.path(),
        e);
    try {
      ctx.res().getOutputStream().close();
    } catch (IOException closing) {
      e.addSuppressed(closing);
    }
  }
}
