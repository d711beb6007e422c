package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * No inflation (SPEC §5): a marketplace lowers its own figure the moment it sells, before StockSync
 * hears of the order, so an increase decided before a sale is heard of would raise the channel back
 * over units it sold. On a channel with an order feed, an increase (a target above the last
 * acknowledged figure, or any target above 0 when none is known) is {@code HELD} until the feed's
 * watermark has passed the moment it was decided; when the watermark passes, the SKU is synced
 * again, so the increase goes out recomputed from the orders the feed brought. Decreases and zeros
 * never wait. A channel without a feed state (never polled) has nothing to wait for.
 *
 * <p>On a marketplace with a compare-and-set, an increase over a known acknowledged figure goes at
 * once, carrying that figure as the compare (Shopify's {@code changeFromQuantity}): the marketplace
 * itself refuses it if it sold meanwhile. A refusal as stale ({@link #staleCompare}) makes that
 * listing's increases wait for the feed to pass the moment of the refusal, and the feed polls at
 * once; a listing never acknowledged has nothing to compare against and waits like any other.
 * Confined to the account's writer, like the state it reads.
 */
public final class InflationGuard {
  private InflationGuard() {}

  /**
   * The channel types whose connector sends an increase with a compare-and-set against the last
   * acknowledged figure: Shopify's {@code inventorySetQuantities} with {@code changeFromQuantity}.
   * The other marketplaces have no such check on their quantity writes.
   */
  public static final Set<String> COMPARE_AND_SET_TYPES = Set.of("shopify");

  /** Whether the listing's queued push is an increase that waits for its channel's order feed. */
  static boolean held(AccountState account, Listing l) {
    if (l.queuedTarget == null || !isIncrease(l)) {
      return false;
    }
    OrderFeedRow feed = account.orders().feed(l.channel.id);
    if (feed == null) {
      return false;
    }
    Instant watermark = feed.watermark();
    if (goesWithCompare(l, watermark)) {
      return false;
    }
    long decided = Math.max(l.queuedAt, l.staleAt);
    return watermark == null || watermark.toEpochMilli() < decided;
  }

  /**
   * An increase that the marketplace checks itself: a compare-and-set, unless one was refused as
   * stale and the order feed has not passed that refusal yet. Until it has, the figure the listing
   * acknowledged may count units the marketplace sold that the ledger has not booked (a stale
   * answer adopts the figure the marketplace holds, sales included; a decrease acknowledged since
   * compared against that figure): a compare against it would match and let the increase put those
   * units back.
   */
  private static boolean goesWithCompare(Listing l, Instant watermark) {
    boolean staleSettled =
        l.staleAt == SkuState.NO_TIME
            || (watermark != null && watermark.toEpochMilli() >= l.staleAt);
    return l.acknowledged != null
        && staleSettled
        && COMPARE_AND_SET_TYPES.contains(l.channel.row.type());
  }

  /**
   * The marketplace refused the listing's compare-and-set as stale: it holds another figure than
   * the one last acknowledged, having sold units whose orders the ledger has not booked yet. Its
   * increases now wait until the order feed has passed {@code now} and are recomputed then (SPEC
   * §5). A listing no longer on the channel is left alone.
   */
  public static void staleCompare(AccountState account, String channelId, String sku, Instant now) {
    if (!account.hasChannel(channelId)) {
      return;
    }
    for (Listing l : account.channelState(channelId).listings) {
      if (l.sku.code.equals(sku)) {
        l.staleAt = now.toEpochMilli();
      }
    }
  }

  /**
   * {@link #staleCompare(AccountState, String, String, Instant)}, with the figure the marketplace
   * was found to hold after the refusal: that is now what the channel shows, so it becomes the
   * listing's acknowledged figure and the target is judged against it. A target above it is an
   * increase over a figure the marketplace lowered itself (it sold units the ledger has not heard
   * of): it waits for the order feed and is recomputed. A target below it goes at once, compared
   * against it. An answer for the listing's old place ({@code version} sent before it moved) is
   * left alone.
   */
  public static void staleCompare(
      AccountState account,
      String channelId,
      String sku,
      long version,
      long held,
      Instant now,
      Changes out) {
    staleCompare(account, channelId, sku, now);
    if (!account.hasChannel(channelId) || !account.hasSku(sku)) {
      return;
    }
    Listing l = account.skuState(sku).listingOn(account.channelState(channelId));
    if (l != null) {
      PushOutcomes.foundHolding(l, version, held, now, out);
    }
  }

  private static boolean isIncrease(Listing l) {
    long target = l.queuedTarget;
    return target > 0 && (l.acknowledged == null || target > l.acknowledged);
  }

  /** The state {@code GET /v1/skus/{sku}} shows: {@code HELD} for a held increase. */
  static ListingState shown(AccountState account, Listing l) {
    ListingState s = ListingTargets.shownState(l);
    return s == ListingState.QUEUED && held(account, l) ? ListingState.HELD : s;
  }

  /**
   * After the channel's watermark moved: every queued increase it no longer holds is recomputed (a
   * sync of its SKU, now that the feed's orders are booked) and handed to the dispatcher again.
   * Returns how many were released.
   */
  public static int watermarkMoved(
      AccountState account, String channelId, Instant now, Changes out) {
    if (!account.hasChannel(channelId)) {
      return 0;
    }
    ChannelState channel = account.channelState(channelId);
    List<Listing> released = new ArrayList<>();
    for (Listing l : channel.queued) {
      if (l.queuedTarget != null && isIncrease(l) && !held(account, l)) {
        released.add(l);
      }
    }
    for (Listing l : released) {
      account.syncNow(l.sku.code, now, out);
      if (l.queuedTarget != null) {
        out.pushChanged(l); // wakes the channel's worker: this push may go now
      }
    }
    return released.size();
  }
}
