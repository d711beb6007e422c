package io.stocksync.channels.order;

import io.stocksync.core.order.OrderLine;
import java.time.Instant;
import java.util.List;

/**
 * Polling of a marketplace's order API (SPEC §9): one page at a time from a cursor that the store
 * keeps, so that a restart goes on where the last durable page ended. Blocking; called from the
 * feed's poller thread, one call at a time per channel.
 */
public interface OrderFeed {

  /**
   * One page of the orders updated since {@code cursor}.
   *
   * @param lines the lines of the orders on this page (each order whole)
   * @param next the cursor to read the next page from: store it only with these lines
   * @param more whether another page follows at once (else the feed is caught up)
   * @param caughtUpTo when {@code more} is false, the marketplace time up to which every order is
   *     now known: the new watermark; null while more pages follow
   */
  record Page(List<OrderLine> lines, String next, boolean more, Instant caughtUpTo) {}

  /**
   * Reads the page after {@code cursor} (null: the first poll of the channel, from {@code now −
   * overlap}). Every read starts an overlap window before the cursor's time, so that orders the
   * marketplace indexes late are read again: their fixed event ids make the repeat harmless.
   *
   * @throws java.io.UncheckedIOException or {@link IllegalStateException} when the marketplace
   *     cannot be read; nothing is to be stored then
   */
  Page read(String cursor, Instant now);
}
