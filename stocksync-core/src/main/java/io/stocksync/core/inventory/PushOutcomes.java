package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import java.time.Instant;

/**
 * What a channel's answer to a push does to its listing (SPEC §5): an acknowledgement settles the
 * push of that version, an answer that may have been applied makes what the channel shows unknown,
 * and a push out of retries is marked failed.
 *
 * <p>Stateless; called on the account's writer through {@link AccountState}.
 */
final class PushOutcomes {
  private PushOutcomes() {}

  /** See {@link AccountState#acknowledge}. */
  static void acknowledge(
      AccountState account, Listing l, long version, long quantity, Instant now, Changes out) {
    if (l.inFlightVersion == version) {
      l.inFlightVersion = 0;
    }
    if (version < l.placeSince) {
      return; // the old place's answer: the new place still has nothing acknowledged
    }
    l.acknowledged = quantity;
    l.acknowledgedAt = now.toEpochMilli();
    // staleAt stays: until the feed passes it, what is acknowledged may count unbooked sales.
    ChannelAlerts.acknowledged(account, l, now, out);
    if (l.queuedTarget != null && l.version == version) {
      l.dequeue();
      l.failures = 0;
      l.state = ListingState.IN_SYNC;
      out.pushChanged(l);
    } else if (l.queuedTarget == null && quantity != ListingTargets.target(l)) {
      // A sync took this listing's push off the queue while an older push was in flight (the
      // channel was taken to show the target already); that older push has now landed, so the
      // channel shows another figure than the target: queue the target again.
      ListingTargets.refreshTarget(l, now, out);
    }
    out.listingChanged(l);
  }

  /**
   * The marketplace was found to hold {@code held} (read after it refused a compare-and-set of
   * {@code version} as stale): that becomes the acknowledged figure, the refusal's moment stays
   * ({@code staleAt}), and the target is queued or taken off the queue against it.
   */
  static void foundHolding(Listing l, long version, long held, Instant now, Changes out) {
    if (version < l.placeSince) {
      return;
    }
    l.acknowledged = held;
    l.acknowledgedAt = now.toEpochMilli();
    out.listingChanged(l);
    ListingTargets.refreshTarget(l, now, out);
  }

  /** See {@link AccountState#mayHaveApplied}. */
  static void mayHaveApplied(Listing l, long version, long quantity, Instant now, Changes out) {
    if (version < l.placeSince || l.acknowledged == null || l.acknowledged == quantity) {
      return;
    }
    l.acknowledged = null;
    out.listingChanged(l);
    if (l.queuedTarget == null) {
      ListingTargets.refreshTarget(l, now, out);
    }
  }

  /** See {@link AccountState#markFailed}. */
  static void markFailed(Listing l, Changes out) {
    l.state = ListingState.FAILED;
    out.listingChanged(l);
  }
}
