package io.stocksync.channels.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.schema.GraphQLSchema;
import io.stocksync.channels.order.ShopifyOrders;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order poll's GraphQL document validates against the official 2026-10 Admin schema. */
class ShopifyOrdersQueryTest {

  @Test
  void theOrderPollQueryValidatesAgainstTheOfficialSchema() {
    GraphQLSchema official = OfficialShopifySchema.load().orElse(null);
    assumeTrue(
        official != null,
        "skipped: the official Shopify schema was not found at " + OfficialShopifySchema.where());
    Map<String, Object> variables = new HashMap<>();
    variables.put("query", "updated_at:>='2026-12-01T10:00:00Z'");
    variables.put("after", null);
    ExecutionInput input =
        ExecutionInput.newExecutionInput(ShopifyOrders.POLL_QUERY).variables(variables).build();

    assertThat(ParseAndValidate.parseAndValidate(official, input).getErrors()).isEmpty();
  }
}
