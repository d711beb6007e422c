package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.port.Rows.PushAttemptRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The push queue as the dispatcher reads and settles it (SPEC §5): which queued pushes a channel
 * should send next, most urgent first; the attempt log; the retry budget's end ({@code FAILED});
 * and an operator's retry. Pure: every method runs on the account's writer, like the account state
 * itself (not thread-safe), and records what it changes in the {@link Changes} passed in.
 *
 * <p>Acknowledgements go through {@link AccountState#acknowledge}.
 */
public final class PushPlanner {

  /** The alert raised when a listing's push runs out of retries. */
  public static final String PUSH_FAILED_ALERT = "PUSH_FAILED";

  /** Sending order: to 0, then decreases, then increases; then oldest queued, then by SKU. */
  public static final Comparator<PendingPush> SENDING_ORDER =
      Comparator.comparing(PendingPush::urgency)
          .thenComparing(PendingPush::queuedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(PendingPush::sku);

  private PushPlanner() {}

  /**
   * The pushes {@code channelId} should send next: queued, not {@code FAILED}, of SKUs {@code
   * excluded} does not accept (the dispatcher excludes those in flight or waiting out a backoff),
   * in {@link #SENDING_ORDER}, at most {@code limit}.
   *
   * @param candidates the SKUs that may have a queued push on this channel, or null to look at
   *     every listing of the channel. With candidates, every one found with nothing queued (or
   *     without a listing) is handed to {@code notQueued}, so the caller can forget it.
   * @throws NotFoundException when the account has no such channel
   */
  public static List<PendingPush> pending(
      AccountState account,
      String channelId,
      Collection<String> candidates,
      Predicate<String> excluded,
      int limit,
      Consumer<String> notQueued) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    ChannelState channel = account.channelState(channelId);
    // The `limit` most urgent, kept in a heap whose head is the least urgent of them.
    PriorityQueue<PendingPush> best = new PriorityQueue<>(limit + 1, SENDING_ORDER.reversed());
    if (candidates == null) {
      for (Listing l : channel.queued) {
        offer(account, l, excluded, limit, best);
      }
    } else {
      for (String sku : candidates) {
        Listing l = account.hasSku(sku) ? listing(channel, account.skuState(sku)) : null;
        if (l == null || l.queuedTarget == null) {
          notQueued.accept(sku);
        } else {
          offer(account, l, excluded, limit, best);
        }
      }
    }
    List<PendingPush> chosen = new ArrayList<>(best);
    chosen.sort(SENDING_ORDER);
    return chosen;
  }

  private static void offer(
      AccountState account,
      Listing l,
      Predicate<String> excluded,
      int limit,
      PriorityQueue<PendingPush> best) {
    if (l.queuedTarget == null || l.state == ListingState.FAILED || excluded.test(l.sku.code)) {
      return;
    }
    if (InflationGuard.held(account, l)) {
      return; // an increase that waits for the order feed (SPEC §5)
    }
    PendingPush p = snapshot(account, l);
    if (best.size() < limit) {
      best.add(p);
    } else if (SENDING_ORDER.compare(p, best.peek()) < 0) {
      best.poll();
      best.add(p);
    }
  }

  /**
   * Every listing whose push ran out of retries ({@code FAILED}), of one channel or (with {@code
   * channelId} null) of every channel, in channel then SKU order.
   */
  public static List<PendingPush> failed(AccountState account, String channelId) {
    List<PendingPush> failed = new ArrayList<>();
    for (SkuState s : account.skuStates()) {
      if (s.listings == null) {
        continue;
      }
      for (Listing l : s.listings) {
        if (l.state == ListingState.FAILED
            && (channelId == null || l.channel.id.equals(channelId))) {
          failed.add(snapshot(account, l));
        }
      }
    }
    failed.sort(Comparator.comparing(PendingPush::channelId).thenComparing(PendingPush::sku));
    return failed;
  }

  /**
   * Appends one attempt to the attempt log.
   *
   * @throws IllegalArgumentException when the row is of another account
   */
  public static void recordAttempt(AccountState account, PushAttemptRow row, Changes out) {
    if (!account.id().equals(row.accountId())) {
      throw new IllegalArgumentException("an attempt of account " + row.accountId());
    }
    out.attempt(row);
  }

  /**
   * Ends a listing's retry budget: marks it {@code FAILED} (visible on the SKU, retried at its next
   * sync or by {@link #retryFailed}) and raises a {@value #PUSH_FAILED_ALERT} alert. Does nothing
   * when nothing is queued for it any more or it is already failed.
   *
   * @return whether the listing was marked
   * @throws NotFoundException when there is no such listing
   */
  public static boolean fail(
      AccountState account, String channelId, String sku, String reason, Instant now, Changes out) {
    Listing l = listing(account.channelState(channelId), requireSku(account, sku));
    if (l == null) {
      throw new NotFoundException("listing", channelId + "/" + sku);
    }
    if (l.queuedTarget == null || l.state == ListingState.FAILED) {
      return false;
    }
    account.markFailed(channelId, sku, out);
    ChannelAlerts.pushFailed(
        account,
        channelId,
        sku,
        "push of " + l.queuedTarget + " to channel " + channelId + " failed: " + reason,
        now,
        out);
    return true;
  }

  /**
   * Ends the retry budget of one version of a listing's push, or fails it at once for an error no
   * retry can fix (SPEC §5). Only the version queued now can fail: when a newer target was queued
   * since {@code version} was sent, the newer one has its own budget and is left alone. Otherwise
   * as {@link #fail(AccountState, String, String, String, Instant, Changes)}.
   *
   * @return whether the listing was marked
   * @throws NotFoundException when there is no such listing
   */
  public static boolean fail(
      AccountState account,
      String channelId,
      String sku,
      long version,
      String reason,
      Instant now,
      Changes out) {
    Listing l = listing(account.channelState(channelId), requireSku(account, sku));
    if (l == null) {
      throw new NotFoundException("listing", channelId + "/" + sku);
    }
    if (l.version != version) {
      return false;
    }
    return fail(account, channelId, sku, reason, now, out);
  }

  /**
   * Records that {@code version} of the listing's push has used {@code failures} of its retry
   * budget, on its push row (so a restart resumes from there). Ignored when another version is
   * queued now (a newer target starts from 0) or nothing is queued.
   *
   * @throws NotFoundException when there is no such listing
   */
  public static void recordFailures(
      AccountState account, String channelId, String sku, long version, int failures, Changes out) {
    Listing l = listing(account.channelState(channelId), requireSku(account, sku));
    if (l == null) {
      throw new NotFoundException("listing", channelId + "/" + sku);
    }
    if (l.queuedTarget != null && l.version == version && failures > l.failures) {
      l.failures = failures;
      out.pushChanged(l);
    }
  }

  /**
   * Notes that the dispatcher sent {@code version} of the listing's push: the listing shows {@code
   * IN_FLIGHT} until an answer for it is recorded ({@link AccountState#acknowledge}) or {@link
   * #answered} says so. Records nothing durable. Unknown listings are ignored (deleted meanwhile).
   */
  public static void sending(AccountState account, String channelId, String sku, long version) {
    if (!account.hasChannel(channelId) || !account.hasSku(sku)) {
      return;
    }
    Listing l = listing(account.channelState(channelId), account.skuState(sku));
    if (l != null && l.queuedTarget != null && l.version == version) {
      l.inFlightVersion = version;
    }
  }

  /** Notes that an answer for {@code version} of the listing's push was recorded. */
  public static void answered(AccountState account, String channelId, String sku, long version) {
    if (!account.hasChannel(channelId) || !account.hasSku(sku)) {
      return;
    }
    Listing l = listing(account.channelState(channelId), account.skuState(sku));
    if (l != null && l.inFlightVersion == version) {
      l.inFlightVersion = 0;
    }
  }

  /**
   * An operator's retry: every {@code FAILED} listing of the channel gets its current target queued
   * again (a new version, state {@code QUEUED}).
   *
   * @return how many listings were queued again
   * @throws NotFoundException when the account has no such channel
   */
  public static int retryFailed(AccountState account, String channelId, Instant now, Changes out) {
    ChannelState channel = account.channelState(channelId);
    List<Listing> failed = new ArrayList<>();
    for (Listing l : channel.listings) {
      if (l.state == ListingState.FAILED) {
        failed.add(l);
      }
    }
    for (Listing l : failed) {
      // Putting the listing again with its own ids refreshes its target; a FAILED listing is always
      // queued again by that, under a new version.
      account.putListing(channelId, l.sku.code, l.externalId, l.fieldsJson, now, out);
    }
    return failed.size();
  }

  private static PendingPush snapshot(AccountState account, Listing l) {
    long target = l.queuedTarget;
    return new PendingPush(
        account.id(),
        l.channel.id,
        l.sku.code,
        l.externalId,
        l.fieldsJson,
        target,
        l.version,
        Urgency.of(target, l.acknowledged),
        l.acknowledged,
        Changes.instant(l.queuedAt),
        l.state,
        l.failures);
  }

  private static SkuState requireSku(AccountState account, String sku) {
    return account.skuState(sku);
  }

  private static Listing listing(ChannelState channel, SkuState s) {
    return s.listingOn(channel);
  }
}
