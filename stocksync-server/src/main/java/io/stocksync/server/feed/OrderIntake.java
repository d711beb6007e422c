package io.stocksync.server.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.order.OrderFeed;
import io.stocksync.core.inventory.AccountCatalog;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.InflationGuard;
import io.stocksync.core.inventory.OrderFeedAlerts;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.server.engine.Engine;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Books order lines into the ledger (SPEC §9) on the account's writer: the lines, the events they
 * book and, for a poll, the channel's new cursor and watermark, in one commit. Thread-safe: every
 * call is a command the engine runs in order.
 *
 * <p>When a listing is saved, the channel's unmatched lines are tried again (on a thread of its
 * own: the engine's commit listener must not wait on the engine).
 */
public final class OrderIntake implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine engine;
  private final ExecutorService rebooker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "stocksync-order-rebook");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> rebookQueued = ConcurrentHashMap.newKeySet();

  public OrderIntake(Engine engine) {
    this.engine = engine;
    engine.onCommitted(this::listingsSaved);
  }

  /** The account's listings and locations for the mapping, with {@code settings.orderLocation}. */
  static AccountCatalog catalog(AccountState account) {
    return new AccountCatalog(account, OrderIntake::orderLocation);
  }

  static String orderLocation(ChannelRow channel) {
    if (channel.settingsJson() == null) {
      return null;
    }
    try {
      JsonNode v = JSON.readTree(channel.settingsJson()).get("orderLocation");
      return v == null || !v.isTextual() ? null : v.textValue();
    } catch (IOException e) {
      return null;
    }
  }

  /** Books reported lines; completes with the lines as kept once durable. */
  public CompletableFuture<List<OrderLineRow>> receive(String accountId, List<OrderLine> lines) {
    return engine.executeWithLedger(
        accountId,
        (a, c, ledger, now) -> {
          List<OrderLineRow> kept =
              a.orders().receive(a.id(), lines, catalog(a), ledger, now, c::orderLine);
          // A webhook's unmatched line opens nothing here: a poll that brings the same line with
          // the marketplace's item id may match it (see unmatchedHeard); a matched one may close.
          for (String channelId : channels(lines)) {
            OrderFeedAlerts.linesKept(a, channelId, List.of(), now, c);
          }
          return kept;
        });
  }

  /**
   * Opens {@code UNMATCHED_ORDER} for lines that arrived unmatched from a channel that no poll will
   * bring again (SPEC §10); completes once durable.
   */
  public CompletableFuture<Void> unmatchedHeard(
      String accountId, String channelId, List<OrderLineRow> kept) {
    return engine.execute(
        accountId,
        (a, c, now) -> {
          OrderFeedAlerts.linesKept(a, channelId, kept, now, c);
          return null;
        });
  }

  private static Set<String> channels(List<OrderLine> lines) {
    Set<String> ids = new java.util.TreeSet<>();
    for (OrderLine l : lines) {
      ids.add(l.channelId());
    }
    return ids;
  }

  /**
   * Books one polled page and moves the channel's cursor past it in the same commit; when the page
   * ends the pass, the watermark too. Completes once durable.
   */
  public CompletableFuture<OrderFeedRow> polled(
      String accountId, String channelId, OrderFeed.Page page, Instant polledAt) {
    return engine.executeWithLedger(
        accountId,
        (a, c, ledger, now) -> {
          List<OrderLineRow> kept =
              a.orders().receive(a.id(), page.lines(), catalog(a), ledger, now, c::orderLine);
          OrderFeedAlerts.linesKept(a, channelId, kept, now, c); // SPEC §10
          OrderFeedRow before = a.orders().feed(channelId);
          OrderFeedRow after =
              new OrderFeedRow(
                  a.id(),
                  channelId,
                  page.next(),
                  later(before == null ? null : before.watermark(), page.caughtUpTo()),
                  polledAt,
                  before != null && before.webhookRegistered(),
                  null);
          a.orders().putFeed(after, c::orderFeed);
          if (after.watermark() != null
              && (before == null
                  || before.watermark() == null
                  || after.watermark().isAfter(before.watermark()))) {
            // SPEC §5: increases decided before the new watermark go out now, recomputed.
            InflationGuard.watermarkMoved(a, channelId, now, c);
          }
          return after;
        });
  }

  /** A watermark never goes back: a poll on a clock behind the last one knows nothing less. */
  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  /** Records a failed poll on the channel's feed state (the cursor stays where it was). */
  public CompletableFuture<OrderFeedRow> pollFailed(
      String accountId, String channelId, String why, Instant at) {
    return engine.executeWithLedger(
        accountId,
        (a, c, ledger, now) -> {
          OrderFeedRow before = a.orders().feed(channelId);
          OrderFeedRow after =
              new OrderFeedRow(
                  a.id(),
                  channelId,
                  before == null ? null : before.cursor(),
                  before == null ? null : before.watermark(),
                  before == null ? null : before.lastPollAt(),
                  before != null && before.webhookRegistered(),
                  why.length() > 500 ? why.substring(0, 500) : why);
          a.orders().putFeed(after, c::orderFeed);
          return after;
        });
  }

  /** Books the channel's unmatched lines whose listing now exists; completes with how many. */
  public CompletableFuture<Integer> bookUnmatched(String accountId, String channelId) {
    return engine.executeWithLedger(
        accountId,
        (a, c, ledger, now) -> {
          if (!a.hasChannel(channelId)) {
            return 0;
          }
          int booked =
              a.orders().bookUnmatched(a.id(), channelId, catalog(a), ledger, now, c::orderLine);
          OrderFeedAlerts.linesKept(a, channelId, List.of(), now, c);
          return booked;
        });
  }

  private void listingsSaved(WriteSet writes) {
    for (ListingRow l : writes.listings()) {
      if (l.acknowledged() != null) {
        // An acknowledgement rewrites the row too; a new or re-pointed listing has nothing
        // acknowledged (SPEC §5), and only those can claim an unmatched line.
        continue;
      }
      String key = l.accountId() + '\u0000' + l.channelId();
      if (rebookQueued.add(key)) {
        rebooker.execute(
            () -> {
              rebookQueued.remove(key);
              try {
                int booked = bookUnmatched(l.accountId(), l.channelId()).join();
                if (booked > 0) {
                  log.info(
                      "booked {} unmatched order line(s) of {}/{}",
                      booked,
                      l.accountId(),
                      l.channelId());
                }
              } catch (RuntimeException e) {
                log.warn(
                    "unmatched order lines of {}/{} not booked yet: {}",
                    l.accountId(),
                    l.channelId(),
                    e.toString());
              }
            });
      }
    }
  }

  @Override
  public void close() {
    rebooker.shutdownNow();
  }
}
