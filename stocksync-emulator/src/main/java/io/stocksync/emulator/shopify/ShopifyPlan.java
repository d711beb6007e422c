package io.stocksync.emulator.shopify;

/**
 * A Shopify plan's GraphQL Admin API rate limit: the cost bucket's size and its restore rate.
 *
 * <p>The restore rates are Shopify's published figures per plan (GraphQL Admin API rate limits,
 * https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits: Standard 100, Advanced 200,
 * Plus 1000, Enterprise 2000 points per second). The current page does not state the bucket sizes;
 * Shopify's long-standing figures (1000 points restoring at 50/s, 2000 at 100/s for Plus) made the
 * bucket 20 seconds of restore, and the sizes here keep that ratio, which is an assumption. {@link
 * #LEGACY_STANDARD} is the old standard plan, 1000 points at 50/s.
 *
 * <p>Immutable.
 *
 * @param maximumAvailable the bucket size in cost points
 * @param restoreRate the points restored per second
 */
public record ShopifyPlan(double maximumAvailable, double restoreRate) {

  /** Standard plans: 100 points/s. */
  public static final ShopifyPlan STANDARD = new ShopifyPlan(2000, 100);

  /** Advanced Shopify: 200 points/s. */
  public static final ShopifyPlan ADVANCED = new ShopifyPlan(4000, 200);

  /** Shopify Plus: 1000 points/s. */
  public static final ShopifyPlan PLUS = new ShopifyPlan(20000, 1000);

  /** Shopify for enterprise (Commerce Components): 2000 points/s. */
  public static final ShopifyPlan ENTERPRISE = new ShopifyPlan(40000, 2000);

  /** The standard plan as long published: 1000 points, restoring 50 per second. */
  public static final ShopifyPlan LEGACY_STANDARD = new ShopifyPlan(1000, 50);

  /** Checks that both figures are positive. */
  public ShopifyPlan {
    if (!(maximumAvailable > 0) || !(restoreRate > 0)) {
      throw new IllegalArgumentException("a plan's bucket size and restore rate must be positive");
    }
  }
}
