package io.stocksync.core.inventory;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertSubject;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The order feed's alerts of SPEC §10: {@code ORDER_FEED_STALLED} (a channel's feed has not caught
 * up for longer than twice its poll interval) and {@code UNMATCHED_ORDER} (the channel has order
 * lines that no listing claims). Runs on the account's writer, like {@link AccountState}; the
 * server's feed schedule and order intake call it in the commands that change the feed.
 */
public final class OrderFeedAlerts {
  private OrderFeedAlerts() {}

  /**
   * Opens or resolves {@code ORDER_FEED_STALLED} for the channel: stalled while its feed last
   * caught up (a complete pass) longer than {@code 2 × interval} before {@code now}. A disabled or
   * unknown channel has nothing to catch up: its alert resolves.
   *
   * @param caughtUpAt when the feed last caught up, or, before it ever did, when it began to be
   *     polled
   * @param lastError why the last pass failed, for the alert's details; null when none did
   */
  public static void feedChecked(
      AccountState account,
      String channelId,
      Instant caughtUpAt,
      Duration interval,
      String lastError,
      Instant now,
      Changes out) {
    boolean known = account.hasChannel(channelId) && account.channelState(channelId).enabled();
    Duration behind = Duration.between(caughtUpAt, now);
    account
        .alerts()
        .book
        .hold(
            AlertSubject.ofChannel(AlertKind.ORDER_FEED_STALLED, channelId),
            known && behind.compareTo(interval.multipliedBy(2)) > 0,
            () ->
                "the order feed last caught up "
                    + behind.toSeconds()
                    + " s ago (bound: twice the poll interval of "
                    + interval.toSeconds()
                    + " s)"
                    + (lastError == null ? "" : "; last error: " + lastError),
            now,
            out::alert);
  }

  /**
   * After lines of the channel were kept: opens {@code UNMATCHED_ORDER} when one of {@code kept} is
   * unmatched; else, while it is open, resolves it once no line of the channel is unmatched. Costs
   * {@code kept} unless the alert is open (then the channel's lines are looked through).
   */
  public static void linesKept(
      AccountState account,
      String channelId,
      Collection<OrderLineRow> kept,
      Instant now,
      Changes out) {
    if (!account.hasChannel(channelId)) {
      return;
    }
    AlertSubject subject = AlertSubject.ofChannel(AlertKind.UNMATCHED_ORDER, channelId);
    for (OrderLineRow line : kept) {
      if (line.unmatched() && channelId.equals(line.channelId())) {
        account
            .alerts()
            .book
            .open(
                subject,
                "order "
                    + line.orderId()
                    + " line "
                    + line.lineId()
                    + " names "
                    + (line.externalId() != null
                        ? "item " + line.externalId()
                        : "SKU " + line.marketplaceSku())
                    + ", which no listing of the channel has",
                now,
                out::alert);
        return;
      }
    }
    if (account.alerts().book.isOpen(subject)) {
      for (OrderLineRow line : account.orders().channelLines(channelId)) {
        if (line.unmatched()) {
          return;
        }
      }
      account.alerts().book.resolve(subject, now, out::alert);
    }
  }
}
