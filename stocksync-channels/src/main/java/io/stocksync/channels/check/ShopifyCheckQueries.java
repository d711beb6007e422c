package io.stocksync.channels.check;

/**
 * The GraphQL documents of Shopify's connection test, against the Admin API 2026-10: queries only.
 * Public so that the contract tests validate exactly these against the official schema.
 */
public final class ShopifyCheckQueries {
  private ShopifyCheckQueries() {}

  /** Checks {@code settings.locationId}; variables {@code locationId}. */
  public static final String LOCATION =
      """
      query StockSyncCheckLocation($locationId: ID!) {
        location(id: $locationId) { id name isActive }
      }
      """;

  /**
   * Checks up to {@code ShopifyCheck.BATCH} items at a location; variables {@code ids}, {@code
   * locationId}.
   */
  public static final String ITEMS =
      """
      query StockSyncCheckItems($ids: [ID!]!, $locationId: ID!) {
        nodes(ids: $ids) {
          __typename
          ... on InventoryItem { id inventoryLevel(locationId: $locationId) { id } }
        }
      }
      """;
}
