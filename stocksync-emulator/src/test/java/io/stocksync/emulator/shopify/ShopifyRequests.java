package io.stocksync.emulator.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Http;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GraphQL documents and inputs shaped as a connector sends them. */
final class ShopifyRequests {

  static final String PATH = "/shopify" + ShopifyEmulator.GRAPHQL_PATH;
  static final String LOCATION = "gid://shopify/Location/1";
  static final String OTHER_LOCATION = "gid://shopify/Location/2";

  static final String SET_QUANTITIES =
      """
      mutation SetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
        inventorySetQuantities(input: $input) @idempotent(key: $key) {
          inventoryAdjustmentGroup {
            id
            createdAt
            reason
            referenceDocumentUri
            changes { name delta quantityAfterChange item { id } location { id } }
          }
          userErrors { field message code }
        }
      }
      """;

  static final String READ_LEVEL =
      """
      query Level($item: ID!, $location: ID!) {
        inventoryItem(id: $item) {
          id
          inventoryLevel(locationId: $location) {
            id
            quantities(names: ["available", "on_hand", "committed"]) { name quantity }
          }
        }
      }
      """;

  private ShopifyRequests() {}

  static String item(int number) {
    return "gid://shopify/InventoryItem/" + number;
  }

  static String key(int item) {
    return item(item) + "@" + LOCATION;
  }

  /** One quantity; {@code changeFrom} null is sent as an explicit null. */
  static Map<String, Object> quantity(
      String item, String location, int quantity, Integer changeFrom) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("inventoryItemId", item);
    q.put("locationId", location);
    q.put("quantity", quantity);
    q.put("changeFromQuantity", changeFrom);
    return q;
  }

  static Map<String, Object> quantity(int item, int quantity, Integer changeFrom) {
    return quantity(item(item), LOCATION, quantity, changeFrom);
  }

  @SafeVarargs
  static Map<String, Object> input(Map<String, Object>... quantities) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Map<String, Object> quantity : quantities) {
      list.add(quantity);
    }
    return input(list);
  }

  static Map<String, Object> input(List<Map<String, Object>> quantities) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", "available");
    input.put("reason", "correction");
    input.put("referenceDocumentUri", "gid://stocksync/Push/1");
    input.put("quantities", new ArrayList<>(quantities));
    return input;
  }

  static Map<String, Object> variables(Map<String, Object> input, String key) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("input", input);
    variables.put("key", key);
    return variables;
  }

  static String body(String query, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    return Http.json(body);
  }

  static HttpResponse<String> send(Http http, String query, Map<String, Object> variables) {
    return http.post(
        PATH,
        Map.of(ShopifyEmulator.ACCESS_TOKEN_HEADER, ShopifyEmulator.DEFAULT_ACCESS_TOKEN),
        body(query, variables));
  }

  static JsonNode set(Http http, Map<String, Object> input, String key) {
    return Http.json(send(http, SET_QUANTITIES, variables(input, key)));
  }

  static JsonNode payload(JsonNode answer) {
    return answer.path("data").path("inventorySetQuantities");
  }
}
