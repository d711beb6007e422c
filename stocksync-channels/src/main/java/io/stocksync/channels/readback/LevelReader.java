package io.stocksync.channels.readback;

import java.time.Instant;
import java.util.List;

/**
 * Reading back the figures a marketplace itself shows for a channel's listings (SPEC §12), with the
 * marketplace's own read API, batched as that API allows. A capability of its own beside the push
 * {@code Connector} and the order feed: a connector that can read levels has one.
 *
 * <p>Blocking; called from the channel's read-back thread, one call at a time per channel, on a
 * share of the channel's rate budget that never delays a push.
 */
public interface LevelReader {

  /** A listing to read: its id on the marketplace and its listing fields (JSON, may be null). */
  record Wanted(String sku, String externalId, String fieldsJson) {}

  /**
   * What the marketplace showed for one listing.
   *
   * @param held the quantity it shows now, or null when it does not know the listing
   * @param error why it could not be read (null when read)
   */
  record Level(String sku, String externalId, Long held, Instant readAt, String error) {
    public static Level read(Wanted w, long held, Instant at) {
      return new Level(w.sku(), w.externalId(), held, at, null);
    }

    public static Level unknown(Wanted w, Instant at, String why) {
      return new Level(w.sku(), w.externalId(), null, at, why);
    }
  }

  /** How many listings one read asks for at most (the API's batch size; 1 where it has none). */
  int batchSize();

  /**
   * Reads the held figures of at most {@link #batchSize()} listings, one {@link Level} per wanted
   * listing, in order.
   *
   * @throws ReadBackPaced when the read share of the rate budget is spent: nothing was read, try
   *     again after {@link ReadBackPaced#retryAfter()}
   * @throws java.io.UncheckedIOException or {@link IllegalStateException} when the marketplace
   *     cannot be read (with its reason)
   */
  List<Level> read(List<Wanted> listings, Instant now);
}
