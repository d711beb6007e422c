package io.stocksync.core.report;

import io.stocksync.core.event.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * What a report reads of one ledger line: its SKU, location, type, deltas and the instant StockSync
 * recorded it (the engine's clock at ingest, not the client's {@code occurredAt}).
 *
 * <p>A report only adds lines up, so the sum of several lines of the same SKU, location and type,
 * whose on-hand deltas have the same sign and which lie on the same side of every instant the
 * report asks about, may stand in for them as one line (the store uses that to let the database add
 * up). {@code recordedAt} is then the latest of theirs.
 *
 * @param quantity the units of the line as the event gave them (for a stock count: the absolute
 *     figure); reports use the deltas, this is carried for people
 */
public record LedgerLine(
    String sku,
    String location,
    EventType type,
    long quantity,
    long onHandDelta,
    long reservedDelta,
    Instant recordedAt) {

  public LedgerLine {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
