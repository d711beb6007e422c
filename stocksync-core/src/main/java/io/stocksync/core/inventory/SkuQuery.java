package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Read-only questions about an account's SKUs that {@link AccountState} does not answer itself: a
 * filtered listing in pages, and a SKU's policy. Pure; called on the account's writer like the
 * account state itself (not thread-safe).
 */
public final class SkuQuery {

  private SkuQuery() {}

  /**
   * Which SKUs a listing keeps; every filter set must hold (none set: every SKU).
   *
   * @param atOrBelowThreshold available at or below the SKU's threshold X (SPEC §3 rule a)
   * @param outOfStock available at or below 0
   * @param pendingSync transactions wait for a sync, or a listing's push is queued or failed
   */
  public record Filter(boolean atOrBelowThreshold, boolean outOfStock, boolean pendingSync) {
    public static final Filter NONE = new Filter(false, false, false);
  }

  /**
   * One page of SKUs, ordered by code.
   *
   * @param next the cursor of the next page (the last code of this one), or null when this is the
   *     last page
   * @param matched how many SKUs of the account pass the filter, over every page
   */
  public record Page(List<SkuView> skus, String next, long matched) {}

  /**
   * The SKUs passing {@code filter} whose code sorts after {@code after} (null: from the first), at
   * most {@code limit} of them (1 or more), in code order.
   */
  public static Page page(AccountState account, Filter filter, String after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    // The page's codes: the `limit` smallest codes after the cursor, kept in a max-heap so that a
    // page costs one pass over the SKUs and log(limit) a SKU, not a sort of them all.
    PriorityQueue<String> smallest = new PriorityQueue<>(limit + 1, Collections.reverseOrder());
    long matched = 0;
    long afterCursor = 0;
    for (SkuState s : account.skuStates()) {
      if (!passes(account, s, filter)) {
        continue;
      }
      matched++;
      if (after != null && s.code.compareTo(after) <= 0) {
        continue;
      }
      afterCursor++;
      if (smallest.size() < limit) {
        smallest.add(s.code);
      } else if (s.code.compareTo(smallest.peek()) < 0) {
        smallest.poll();
        smallest.add(s.code);
      }
    }
    List<String> codes = new ArrayList<>(smallest);
    Collections.sort(codes);
    List<SkuView> views = new ArrayList<>(codes.size());
    for (String code : codes) {
      views.add(account.view(code));
    }
    String next = afterCursor > codes.size() ? codes.get(codes.size() - 1) : null;
    return new Page(views, next, matched);
  }

  private static boolean passes(AccountState account, SkuState s, Filter filter) {
    if (filter.atOrBelowThreshold() || filter.outOfStock()) {
      long available = account.available(s.code);
      if (filter.outOfStock() && available > 0) {
        return false;
      }
      if (filter.atOrBelowThreshold()
          && available > account.policy().with(s.override).threshold()) {
        return false;
      }
    }
    return !filter.pendingSync() || pendingSync(s);
  }

  private static boolean pendingSync(SkuState s) {
    if (s.pending > 0) {
      return true;
    }
    if (s.listings != null) {
      for (Listing l : s.listings) {
        if (l.queuedTarget != null || l.state == ListingState.FAILED) {
          return true;
        }
      }
    }
    return false;
  }

  /** The SKU's own policy values ({@link PolicyOverride#NONE} when it has none). */
  public static PolicyOverride override(AccountState account, String sku) {
    return account.skuState(sku).override;
  }

  /** The policy the SKU syncs by: the account's with the SKU's own values over it. */
  public static SyncPolicy effectivePolicy(AccountState account, String sku) {
    return account.policy().with(account.skuState(sku).override);
  }
}
