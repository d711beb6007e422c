package io.stocksync.channels.shopify;

import java.util.List;

/**
 * The GraphQL documents the Shopify connector sends, against the Admin API 2026-10. Public so that
 * the contract tests validate exactly these against the official schema.
 */
public final class ShopifyDocuments {

  /** The operation name of {@link #SET_QUANTITIES}. */
  public static final String SET_QUANTITIES_OPERATION = "StockSyncSetQuantities";

  /**
   * Sets the {@code available} quantities of up to 250 inventory items at one location, with the
   * idempotency key the 2026-04 and later versions require. Variables: {@code input} ({@code
   * InventorySetQuantitiesInput!}) and {@code idempotencyKey} ({@code String!}).
   */
  public static final String SET_QUANTITIES =
      """
      mutation StockSyncSetQuantities($input: InventorySetQuantitiesInput!, \
      $idempotencyKey: String!) {
        inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
          inventoryAdjustmentGroup {
            id
            changes(quantityNames: ["available"]) {
              name
              delta
              quantityAfterChange
              item { id }
              location { id }
            }
          }
          userErrors { field message code }
        }
      }
      """;

  /** The operation name of {@link #readLevels}. */
  public static final String READ_LEVELS_OPERATION = "StockSyncReadLevels";

  /** The operation name of {@link #READ_BACK}. */
  public static final String READ_BACK_OPERATION = "StockSyncReadBack";

  /**
   * Reads back the {@code available} quantity of up to 250 inventory items at one location
   * (read-back, SPEC §12). Variables: {@code ids} ({@code [ID!]!}, InventoryItem gids) and {@code
   * locationId} ({@code ID!}). {@code nodes} answers in the order asked, null for an id Shopify
   * does not know.
   */
  public static final String READ_BACK =
      """
      query StockSyncReadBack($ids: [ID!]!, $locationId: ID!) {
        nodes(ids: $ids) {
          ... on InventoryItem {
            id
            inventoryLevel(locationId: $locationId) {
              quantities(names: ["available"]) { name quantity }
            }
          }
        }
      }
      """;

  private ShopifyDocuments() {}

  /**
   * Reads the {@code available} quantity of {@code count} inventory items at one location, after a
   * compare-and-set conflict. Variables: {@code locationId} and {@code item0} … {@code
   * item<count−1>} ({@code ID!}); each item's answer is under the alias {@code item<i>}.
   */
  public static String readLevels(int count) {
    StringBuilder variables = new StringBuilder("$locationId: ID!");
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < count; i++) {
      variables.append(", $item").append(i).append(": ID!");
      fields
          .append("  item")
          .append(i)
          .append(": inventoryItem(id: $item")
          .append(i)
          .append(") {\n    id\n    inventoryLevel(locationId: $locationId) {\n")
          .append("      quantities(names: [\"available\"]) { name quantity }\n    }\n  }\n");
    }
    return "query " + READ_LEVELS_OPERATION + "(" + variables + ") {\n" + fields + "}\n";
  }

  /** The alias of the i-th item in {@link #readLevels}. */
  static String alias(int i) {
    return "item" + i;
  }

  /** The user-error codes that mean the compare-and-set saw another figure. */
  static final List<String> STALE_CODES =
      List.of("CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE");
}
