package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import java.time.Instant;

/**
 * What each listing is sent (SPEC §4) and when its push is queued (§5): a listing's target is its
 * channel's rules over the SKU's base; a push is queued when the target differs from what the
 * channel acknowledged, and taken off the queue when the channel already shows it.
 *
 * <p>Stateless; called on the account's writer, which records every change in the {@link Changes}
 * passed in.
 */
final class ListingTargets {
  private ListingTargets() {}

  /** The figure SPEC §4 sends this listing now. */
  static long target(Listing l) {
    return l.channel.rules().target(BundleComponents.base(l.sku, l.channel));
  }

  /** Refreshes the target of every listing of {@code s} and of the bundles that contain it. */
  static void refreshListings(SkuState s, Instant now, Changes out) {
    if (s.listings != null) {
      for (Listing l : s.listings) {
        refreshTarget(l, now, out);
      }
    }
    if (s.bundles != null) {
      for (SkuState bundle : s.bundles) {
        if (bundle.listings != null) {
          for (Listing l : bundle.listings) {
            refreshTarget(l, now, out);
          }
        }
      }
    }
  }

  /**
   * After a put of the listing's channel or of the listing itself: {@link #repoint} when it now
   * points at another place of its marketplace, else {@link #refreshTarget}.
   */
  static void retarget(Listing l, boolean moved, Instant now, Changes out) {
    if (moved) {
      repoint(l, now, out);
    } else {
      refreshTarget(l, now, out);
    }
  }

  /**
   * Queues a push of the listing's current target if it differs from what the channel acknowledged;
   * takes a queued push off the queue when the channel already shows the target.
   */
  static void refreshTarget(Listing l, Instant now, Changes out) {
    if (!l.channel.enabled()) {
      return;
    }
    long target = target(l);
    if (l.acknowledged != null && l.acknowledged == target && l.state != ListingState.FAILED) {
      if (l.queuedTarget != null && l.mayLandAnother()) {
        // A push of another figure is on its way and may land after this: the channel will show
        // that figure, not the target, and if the process dies before the answer nothing would
        // remember it. What the channel shows is unknown until then (stored so, so that a restart
        // knows it too), and a push of the target stays queued, sent once the other is answered.
        if (l.queuedTarget != target) {
          l.acknowledged = null;
          out.listingChanged(l);
          queue(l, target, now, out);
        }
        return;
      }
      if (l.queuedTarget != null) {
        l.dequeue();
        l.state = ListingState.IN_SYNC;
        out.pushChanged(l);
        // With its push row gone, only the listing's row keeps the version from going back
        // (a version names one target in idempotency keys: it must never be reused).
        out.listingChanged(l);
      }
      return;
    }
    if (l.queuedTarget != null && l.queuedTarget == target && l.state != ListingState.FAILED) {
      return;
    }
    if (l.state == ListingState.FAILED) {
      out.listingChanged(l); // the stored row says FAILED: it must learn the retry
    }
    queue(l, target, now, out);
  }

  /**
   * The listing now points at another place of its marketplace (SPEC §5): nothing is acknowledged
   * there. Forgets the acknowledged figure and queues the current target under a new version, so
   * that an answer still to come from the old place (an older version) cannot settle it.
   */
  static void repoint(Listing l, Instant now, Changes out) {
    l.acknowledged = null;
    l.acknowledgedAt = SkuState.NO_TIME;
    l.placeSince = l.version + 1;
    out.listingChanged(l);
    if (!l.channel.enabled()) {
      return; // queued when the channel is enabled again, as version placeSince or later
    }
    queue(l, target(l), now, out);
  }

  private static void queue(Listing l, long target, Instant now, Changes out) {
    l.queue(target);
    l.version++;
    l.failures = 0; // a new target has its own retry budget
    l.queuedAt = now.toEpochMilli();
    // QUEUED is not written to the listing's row: a queued push row is what makes a listing
    // pending, so the hot path writes one row a queued push, not two.
    l.state = ListingState.QUEUED;
    out.pushChanged(l);
  }

  /** The listing's state as SPEC §7 shows it, read off the live state. */
  static ListingState shownState(Listing l) {
    if (!l.channel.enabled()) {
      return ListingState.DISABLED;
    }
    if (l.state == ListingState.FAILED) {
      return ListingState.FAILED;
    }
    if (l.queuedTarget != null) {
      return l.inFlightVersion == l.version ? ListingState.IN_FLIGHT : ListingState.QUEUED;
    }
    // HELD (an increase waiting for the order feed, SPEC §5) needs the account: InflationGuard.
    return holdsPending(l.sku) ? ListingState.WAITING : ListingState.IN_SYNC;
  }

  /** Whether the sync policy holds transactions of the SKU, or of a component of the bundle. */
  private static boolean holdsPending(SkuState s) {
    if (s.pending > 0) {
      return true;
    }
    if (s.componentStates != null) {
      for (SkuState part : s.componentStates) {
        if (part.pending > 0) {
          return true;
        }
      }
    }
    return false;
  }
}
