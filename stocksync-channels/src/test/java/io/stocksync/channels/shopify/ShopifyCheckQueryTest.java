package io.stocksync.channels.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.schema.GraphQLSchema;
import io.stocksync.channels.check.ShopifyCheckQueries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection test's GraphQL documents validate against the official 2026-10 Admin schema. */
class ShopifyCheckQueryTest {

  @Test
  void theLocationAndItemQueriesOfTheConnectionTestValidateAgainstTheOfficialSchema() {
    GraphQLSchema official = OfficialShopifySchema.load().orElse(null);
    assumeTrue(
        official != null,
        "skipped: the official Shopify schema was not found at " + OfficialShopifySchema.where());
    ExecutionInput location =
        ExecutionInput.newExecutionInput(ShopifyCheckQueries.LOCATION)
            .variables(Map.of("locationId", "gid://shopify/Location/1"))
            .build();
    ExecutionInput items =
        ExecutionInput.newExecutionInput(ShopifyCheckQueries.ITEMS)
            .variables(
                Map.of(
                    "ids",
                    List.of("gid://shopify/InventoryItem/1"),
                    "locationId",
                    "gid://shopify/Location/1"))
            .build();

    assertThat(ParseAndValidate.parseAndValidate(official, location).getErrors()).isEmpty();
    assertThat(ParseAndValidate.parseAndValidate(official, items).getErrors()).isEmpty();
  }

  @Test
  void aMisspelledFieldWouldBeCaught() {
    GraphQLSchema official = OfficialShopifySchema.load().orElse(null);
    assumeTrue(official != null, "skipped: the official Shopify schema was not found");
    ExecutionInput wrong =
        ExecutionInput.newExecutionInput(
                ShopifyCheckQueries.LOCATION.replace("isActive", "isActiv"))
            .variables(Map.of("locationId", "gid://shopify/Location/1"))
            .build();
    assertThat(ParseAndValidate.parseAndValidate(official, wrong).getErrors()).isNotEmpty();
  }
}
