package io.stocksync.core.inventory;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertSubject;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The channel alerts of SPEC §10 that the push path raises: {@code PUSH_FAILED} (a listing is
 * {@code FAILED}; resolved when the marketplace next acknowledges it), {@code CREDENTIALS_REJECTED}
 * (the marketplace refused a whole call with 401 or 403; resolved by the channel's next
 * acknowledgement) and {@code CHANNEL_LAGGING} (some listing's target waited for an acknowledgement
 * longer than the lag bound; resolved when none does).
 *
 * <p>Runs on the account's writer, like {@link AccountState}.
 */
public final class ChannelAlerts {

  /** SPEC §10's default {@code lagAlertSeconds}. */
  public static final Duration DEFAULT_LAG = Duration.ofSeconds(300);

  /**
   * How often the lag check looks through the queued listings: it costs what is queued, so it runs
   * every few seconds rather than on every tick; an alert may open this much after its bound.
   */
  public static final Duration LAG_CHECK_EVERY = Duration.ofSeconds(5);

  private ChannelAlerts() {}

  /** Opens {@code PUSH_FAILED} for the listing (its retry budget is spent or no retry can help). */
  static void pushFailed(
      AccountState account,
      String channelId,
      String sku,
      String details,
      Instant now,
      Changes out) {
    account
        .alerts()
        .book
        .open(
            AlertSubject.ofListing(AlertKind.PUSH_FAILED, channelId, sku),
            details,
            now,
            out::alert);
  }

  /** The marketplace confirmed a push of the listing: its failure and its channel's refusal end. */
  static void acknowledged(AccountState account, Listing l, Instant now, Changes out) {
    AccountAlerts alerts = account.alerts();
    alerts.book.resolve(
        AlertSubject.ofListing(AlertKind.PUSH_FAILED, l.channel.id, l.sku.code), now, out::alert);
    alerts.book.resolve(
        AlertSubject.ofChannel(AlertKind.CREDENTIALS_REJECTED, l.channel.id), now, out::alert);
    // The marketplace now holds the figure it confirmed: a drift it had is over (SPEC §12).
    alerts.book.resolve(
        AlertSubject.ofListing(AlertKind.DRIFT, l.channel.id, l.sku.code), now, out::alert);
  }

  /**
   * The marketplace refused the channel's credentials (HTTP 401 or 403 on a whole call): opens
   * {@code CREDENTIALS_REJECTED} for the channel. Unknown channels are ignored.
   */
  public static void credentialsRejected(
      AccountState account, String channelId, String details, Instant now, Changes out) {
    if (account.hasChannel(channelId)) {
      account
          .alerts()
          .book
          .open(
              AlertSubject.ofChannel(AlertKind.CREDENTIALS_REJECTED, channelId),
              details,
              now,
              out::alert);
    }
  }

  /** Resolves every alert of a channel that is gone. */
  public static void channelRemoved(
      AccountState account, String channelId, Instant now, Changes out) {
    account.alerts().book.resolveAll(s -> channelId.equals(s.channel()), now, out::alert);
  }

  /**
   * Opens or resolves {@code CHANNEL_LAGGING} for every channel: lagging while one of its enabled
   * listings has had a target queued and unacknowledged for longer than {@code lag}. Does nothing
   * when it last looked less than {@link #LAG_CHECK_EVERY} ago. A listing counts from the first
   * check that saw it waiting (or its push's queue time, when earlier), so a target that keeps
   * changing while the channel answers nothing still counts from its first wait.
   */
  public static void checkLag(AccountState account, Duration lag, Instant now, Changes out) {
    AccountAlerts alerts = account.alerts();
    long nowMillis = now.toEpochMilli();
    if (alerts.lastLagCheck != SkuState.NO_TIME
        && nowMillis - alerts.lastLagCheck < LAG_CHECK_EVERY.toMillis()) {
      return;
    }
    alerts.lastLagCheck = nowMillis;
    Map<Listing, Long> seen = new IdentityHashMap<>();
    for (String channelId : account.channelIds()) {
      ChannelState c = account.channelState(channelId);
      long oldest = Long.MAX_VALUE;
      Listing oldestListing = null;
      if (c.enabled()) {
        for (Listing l : c.queued) {
          Long before = alerts.unacknowledgedSince.get(l);
          long queued =
              l.queuedAt == SkuState.NO_TIME ? nowMillis : Math.min(nowMillis, l.queuedAt);
          long since = before != null ? before : queued;
          seen.put(l, since);
          if (since < oldest) {
            oldest = since;
            oldestListing = l;
          }
        }
      }
      long waited = oldestListing == null ? 0 : nowMillis - oldest;
      Listing worst = oldestListing;
      alerts.book.hold(
          AlertSubject.ofChannel(AlertKind.CHANNEL_LAGGING, channelId),
          worst != null && waited > lag.toMillis(),
          () ->
              "listing "
                  + worst.sku.code
                  + " has waited "
                  + waited / 1000
                  + " s for an acknowledgement (bound "
                  + lag.toSeconds()
                  + " s)",
          now,
          out::alert);
    }
    alerts.unacknowledgedSince = seen;
  }
}
