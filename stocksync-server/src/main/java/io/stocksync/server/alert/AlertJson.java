package io.stocksync.server.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import io.stocksync.core.port.Rows.AlertRow;
import java.io.IOException;

/** An alert as JSON, the same in {@code GET /v1/alerts} and in a delivery (SPEC §10). */
public final class AlertJson {
  private AlertJson() {}

  /**
   * Writes {@code {"id","kind","state","sku","channel","location","openedAt","resolvedAt",
   * "details"}}, nulls included, so that every alert has the same fields.
   */
  public static void write(JsonGenerator g, AlertRow a) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", a.id());
    g.writeStringField("kind", a.kind().name());
    g.writeStringField("state", a.state().name());
    g.writeStringField("sku", a.sku());
    g.writeStringField("channel", a.channel());
    g.writeStringField("location", a.location());
    g.writeStringField("openedAt", a.openedAt().toString());
    g.writeStringField("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
    g.writeStringField("details", a.details());
    g.writeEndObject();
  }
}
