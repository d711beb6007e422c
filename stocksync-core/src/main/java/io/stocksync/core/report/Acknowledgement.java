package io.stocksync.core.report;

import java.time.Instant;
import java.util.Objects;

/**
 * A push that a channel acknowledged (SPEC §5): the quantity it confirmed for a listing, and when.
 */
public record Acknowledgement(String sku, String channel, long quantity, Instant at) {

  public Acknowledgement {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(at, "at");
  }
}
