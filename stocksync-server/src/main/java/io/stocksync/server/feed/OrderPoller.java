package io.stocksync.server.feed;

import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.order.OrderCapabilities;
import io.stocksync.channels.order.OrderFeed;
import io.stocksync.channels.order.OrderFeedPaced;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.engine.Engine;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Polls one channel's order API (SPEC §9) from the cursor the store holds: page after page, each
 * booked with the cursor moved past it in one commit, so that a crash between pages re-reads at
 * most the page in flight and the cursor never passes a line that is not durable. The pass ends
 * with the watermark. Blocking; one call at a time per channel (the caller's schedule).
 */
public final class OrderPoller {
  /** Pages one pass reads at most; the next pass goes on from the cursor. */
  static final int MAX_PAGES = 50;

  private final Engine engine;
  private final OrderIntake intake;
  private final Function<ChannelRow, Map<String, String>> credentials;
  private final ConnectorContext context;
  private final Clock clock;

  public OrderPoller(
      Engine engine,
      OrderIntake intake,
      Function<ChannelRow, Map<String, String>> credentials,
      ConnectorContext context) {
    this.engine = engine;
    this.intake = intake;
    this.credentials = credentials;
    this.context = context;
    this.clock = context.clock();
  }

  /**
   * What a pass did: pages and lines read, the feed state it left, and whether it caught up (its
   * last page said no more follow; false when it stopped at {@link #MAX_PAGES}).
   */
  public record Pass(int pages, int lines, OrderFeedRow feed, boolean caughtUp) {}

  /**
   * One pass over the channel's orders since its cursor. Empty when the channel has no polling (its
   * type's order API is not read here, or a webhook shop without {@code ordersUrl}). A failed read
   * is recorded on the feed state, the cursor staying where it was, and thrown again.
   */
  public Optional<Pass> poll(String accountId, String channelId) {
    record Start(ChannelRow channel, String cursor) {}
    Start start =
        engine
            .execute(
                accountId,
                (a, c, now) -> {
                  ChannelRow row = a.channel(channelId);
                  OrderFeedRow feed = a.orders().feed(channelId);
                  return new Start(row, feed == null ? null : feed.cursor());
                })
            .join();
    Optional<OrderFeed> feed =
        OrderCapabilities.polling(start.channel(), credentials.apply(start.channel()), context);
    if (feed.isEmpty()) {
      return Optional.empty();
    }
    String cursor = start.cursor();
    int pages = 0;
    int lines = 0;
    OrderFeedRow state = null;
    boolean caughtUp = false;
    try {
      while (pages < MAX_PAGES) {
        Instant now = clock.instant();
        OrderFeed.Page page = feed.get().read(cursor, now);
        state = intake.polled(accountId, channelId, page, now).join();
        pages++;
        lines += page.lines().size();
        cursor = page.next();
        if (!page.more()) {
          caughtUp = true;
          break;
        }
      }
    } catch (OrderFeedPaced paced) {
      throw paced; // no failure: the schedule polls again when the marketplace allows
    } catch (RuntimeException e) {
      intake
          .pollFailed(accountId, channelId, String.valueOf(e.getMessage()), clock.instant())
          .join();
      throw e;
    }
    return Optional.of(new Pass(pages, lines, state, caughtUp));
  }
}
