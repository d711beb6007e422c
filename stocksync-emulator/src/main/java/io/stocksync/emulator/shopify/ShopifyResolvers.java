package io.stocksync.emulator.shopify;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.directives.QueryAppliedDirective;
import graphql.execution.directives.QueryAppliedDirectiveArgument;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data fetchers of the emulated fields. They find the store they act on in the request's {@code
 * GraphQLContext} (under {@code ShopifyInventory.class}), so one executable schema serves every
 * emulator instance. Root fields the emulator does not serve answer a GraphQL error.
 *
 * <p>Stateless and thread-safe.
 */
final class ShopifyResolvers {

  private ShopifyResolvers() {}

  static void wire(RuntimeWiring.Builder wiring) {
    wiring
        .type(
            "Mutation",
            type ->
                type.dataFetcher("inventorySetQuantities", ShopifyResolvers::setQuantities)
                    .dataFetcher(
                        "webhookSubscriptionCreate", ShopifyOrderResolvers::createSubscription)
                    .dataFetcher(
                        "webhookSubscriptionDelete", ShopifyOrderResolvers::deleteSubscription)
                    .defaultDataFetcher(ShopifyResolvers::notEmulated))
        .type(
            "QueryRoot",
            type ->
                type.dataFetcher("inventoryItem", ShopifyResolvers::inventoryItem)
                    .dataFetcher("nodes", ShopifyResolvers::nodes)
                    .dataFetcher("location", ShopifyResolvers::location)
                    .dataFetcher("orders", ShopifyOrderResolvers::orders)
                    .dataFetcher(
                        "webhookSubscriptions", ShopifyOrderResolvers::webhookSubscriptions)
                    .defaultDataFetcher(ShopifyResolvers::notEmulated))
        .type("InventoryItem", type -> type.dataFetcher("inventoryLevel", ShopifyResolvers::level))
        .type("Order", type -> type.dataFetcher("lineItems", ShopifyOrderResolvers::lineItems))
        .type(
            "InventoryLevel", type -> type.dataFetcher("quantities", ShopifyResolvers::quantities))
        .type(
            "InventoryAdjustmentGroup",
            type -> type.dataFetcher("changes", ShopifyResolvers::changes));
  }

  private static Object setQuantities(DataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    List<?> quantities = (List<?>) input.get("quantities");
    if (quantities.size() > ShopifyInventory.MAX_INPUT_ARRAY) {
      return error(
          env,
          "The input array size of "
              + quantities.size()
              + " is greater than the maximum allowed of "
              + ShopifyInventory.MAX_INPUT_ARRAY
              + ".",
          "MAX_INPUT_SIZE_EXCEEDED");
    }
    String key = idempotencyKey(env);
    if (key == null || key.isBlank()) {
      // Required since 2026-04 (the mutation's description in the 2026-10 schema).
      return error(
          env,
          "inventorySetQuantities requires the @idempotent directive with a non-blank key.",
          "BAD_REQUEST");
    }
    return inventory(env).setQuantities(input, key);
  }

  private static String idempotencyKey(DataFetchingEnvironment env) {
    List<QueryAppliedDirective> directives =
        env.getQueryDirectives().getImmediateAppliedDirective("idempotent");
    if (directives.isEmpty()) {
      return null;
    }
    QueryAppliedDirectiveArgument key = directives.get(0).getArgument("key");
    return key == null ? null : key.getValue();
  }

  private static Object inventoryItem(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    return inventory(env).readable(id) ? Map.of("id", id) : null;
  }

  /**
   * {@code nodes(ids:)}: an InventoryItem for each id of that kind that can be read, null for any
   * other id (an unknown item, or a kind of node the emulator does not hold), in the order asked.
   * More than 250 ids answer Shopify's input-array error.
   */
  private static Object nodes(DataFetchingEnvironment env) {
    List<String> ids = env.getArgument("ids");
    if (ids.size() > ShopifyInventory.MAX_INPUT_ARRAY) {
      return error(
          env,
          "The input array size of "
              + ids.size()
              + " is greater than the maximum allowed of "
              + ShopifyInventory.MAX_INPUT_ARRAY
              + ".",
          "MAX_INPUT_SIZE_EXCEEDED");
    }
    ShopifyInventory inventory = inventory(env);
    List<Object> nodes = new ArrayList<>();
    for (String id : ids) {
      if (id.startsWith("gid://shopify/InventoryItem/") && inventory.readable(id)) {
        nodes.add(Map.of("__typename", "InventoryItem", "id", id));
      } else {
        nodes.add(null);
      }
    }
    return nodes;
  }

  /** {@code location(id:)}: a location the store stocks something at, else null. */
  private static Object location(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    return id != null && inventory(env).locationKnown(id)
        ? Map.of(
            "__typename",
            "Location",
            "id",
            id,
            "name",
            "Location " + id.substring(id.lastIndexOf('/') + 1),
            "isActive",
            true)
        : null;
  }

  private static Object level(DataFetchingEnvironment env) {
    Map<String, Object> item = env.getSource();
    return inventory(env).level((String) item.get("id"), env.getArgument("locationId"));
  }

  private static Object quantities(DataFetchingEnvironment env) {
    Map<String, Object> level = env.getSource();
    int held = (Integer) level.get(ShopifyInventory.HELD_QUANTITY);
    String quantityId = ((String) level.get("id")).replace("InventoryLevel", "InventoryQuantity");
    List<String> names = env.getArgument("names");
    List<Map<String, Object>> quantities = new ArrayList<>();
    for (String name : names) {
      // The emulator holds no committed or unavailable units, so on_hand equals available.
      boolean tracked = ShopifyInventory.AVAILABLE.equals(name) || "on_hand".equals(name);
      quantities.add(
          Map.of(
              "id",
              quantityId + "&name=" + name,
              "name",
              name,
              "quantity",
              tracked ? held : 0,
              "updatedAt",
              level.get("updatedAt")));
    }
    return quantities;
  }

  private static Object changes(DataFetchingEnvironment env) {
    Map<String, Object> group = env.getSource();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> changes = (List<Map<String, Object>>) group.get("changes");
    List<String> items = env.getArgument("inventoryItemIds");
    List<String> locations = env.getArgument("locationIds");
    List<String> names = env.getArgument("quantityNames");
    return changes.stream()
        .filter(c -> items == null || items.contains(idOf(c.get("item"))))
        .filter(c -> locations == null || locations.contains(idOf(c.get("location"))))
        .filter(c -> names == null || names.contains(c.get("name")))
        .toList();
  }

  private static Object notEmulated(DataFetchingEnvironment env) {
    return error(
        env,
        "The StockSync emulator does not serve "
            + GraphQLTypeUtil.simplePrint(env.getParentType())
            + "."
            + env.getField().getName()
            + ".",
        "NOT_EMULATED");
  }

  private static String idOf(Object reference) {
    return (String) ((Map<?, ?>) reference).get("id");
  }

  private static ShopifyInventory inventory(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(ShopifyInventory.class);
  }

  private static DataFetcherResult<Object> error(
      DataFetchingEnvironment env, String message, String code) {
    return DataFetcherResult.<Object>newResult()
        .error(
            GraphqlErrorBuilder.newError(env)
                .message(message)
                .extensions(Map.of("code", code))
                .build())
        .build();
  }
}
