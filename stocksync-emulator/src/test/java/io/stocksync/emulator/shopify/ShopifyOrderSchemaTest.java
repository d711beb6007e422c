package io.stocksync.emulator.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.emulator.OfficialSpecs;
import io.stocksync.emulator.TestClock;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.Storefront;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order and webhook-subscription objects the Shopify emulator serves, checked field by field
 * against the official introspection schema ({@code shopify/admin_2026-10.json.gz}, read in place):
 * every key is a field of its type, every enum value is one the enum has, and the root fields'
 * arguments exist with the types used.
 */
class ShopifyOrderSchemaTest {

  private static Map<String, JsonNode> types;

  @BeforeAll
  static void readTheIntrospection() throws Exception {
    Path file = OfficialSpecs.find(OfficialSpecs.SHOPIFY_ADMIN_2026_10).orElse(null);
    if (file == null) {
      return;
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      JsonNode root = new ObjectMapper().readTree(in);
      JsonNode schema = root.has("data") ? root.at("/data/__schema") : root.get("__schema");
      types = new HashMap<>();
      schema.get("types").forEach(type -> types.put(type.get("name").asText(), type));
    }
  }

  private static JsonNode field(String type, String name) {
    for (JsonNode field : types.get(type).path("fields")) {
      if (field.get("name").asText().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /** The named type under NON_NULL and LIST wrappers. */
  private static String named(JsonNode type) {
    while (type.hasNonNull("ofType")) {
      type = type.get("ofType");
    }
    return type.get("name").asText();
  }

  private static void assertFieldsOf(String type, Map<String, Object> view) {
    view.forEach(
        (key, value) -> {
          if (key.startsWith("_")) {
            return;
          }
          JsonNode field = field(type, key);
          assertThat(field).as(type + "." + key + " exists in the official schema").isNotNull();
          JsonNode target = types.get(named(field.get("type")));
          if ("ENUM".equals(target.get("kind").asText()) && value != null) {
            List<String> values = target.get("enumValues").findValuesAsText("name");
            assertThat(values).as(type + "." + key).contains((String) value);
          }
          if (value instanceof Boolean) {
            assertThat(named(field.get("type"))).isEqualTo("Boolean");
          }
          if (value instanceof Integer) {
            assertThat(named(field.get("type"))).isEqualTo("Int");
          }
        });
  }

  private static Order anOrder(String action) {
    Storefront storefront =
        new Storefront(
            new TestClock(),
            new io.stocksync.emulator.storefront.HeldStock() {
              @Override
              public void checkKey(String key) {}

              @Override
              public String take(Map<String, Long> units) {
                return null;
              }

              @Override
              public void putBack(Map<String, Long> units) {}
            },
            ShopifyOrders.ids());
    Order order =
        storefront
            .buy(List.of(Map.entry("gid://shopify/InventoryItem/7@gid://shopify/Location/3", 2L)))
            .order();
    return switch (action) {
      case "cancel" -> storefront.cancel(order.id());
      case "ship" -> storefront.ship(order.id());
      case "return" -> {
        storefront.ship(order.id());
        yield storefront.giveBack(order.id());
      }
      default -> order;
    };
  }

  @Test
  void everyServedOrderAndLineItemFieldIsInTheOfficialSchema() {
    assumeTrue(types != null, "skipped: ../shared/specs/shopify/admin_2026-10.json.gz not found");
    for (String action : List.of("place", "cancel", "ship", "return")) {
      Order order = anOrder(action);
      Map<String, Object> view = ShopifyOrders.view(order);
      assertFieldsOf("Order", view);
      Map<String, Object> line = ShopifyOrders.lineView(order, order.lines().get(0));
      assertFieldsOf("LineItem", line);
      @SuppressWarnings("unchecked")
      Map<String, Object> variant = (Map<String, Object>) line.get("variant");
      assertFieldsOf("ProductVariant", variant);
    }
  }

  @Test
  void everyServedWebhookSubscriptionFieldIsInTheOfficialSchema() {
    assumeTrue(types != null, "skipped: ../shared/specs/shopify/admin_2026-10.json.gz not found");
    ShopifyWebhooks webhooks =
        new ShopifyWebhooks(
            new TestClock(),
            "secret",
            new io.stocksync.emulator.storefront.WebhookDispatcher(
                "test", new io.stocksync.emulator.storefront.WebhookFaults()));
    @SuppressWarnings("unchecked")
    Map<String, Object> subscription =
        (Map<String, Object>)
            webhooks
                .create("ORDERS_CREATE", Map.of("uri", "https://example.invalid/hooks/1"))
                .get("webhookSubscription");
    assertFieldsOf("WebhookSubscription", subscription);
    assertFieldsOf("WebhookSubscriptionCreatePayload", webhooks.create("ORDERS_CREATE", Map.of()));
    assertFieldsOf("WebhookSubscriptionDeletePayload", webhooks.delete("gid://x"));
  }

  @Test
  void theOrdersRootFieldTakesTheArgumentsTheEmulatorReads() {
    assumeTrue(types != null, "skipped: ../shared/specs/shopify/admin_2026-10.json.gz not found");
    JsonNode orders = field("QueryRoot", "orders");
    Map<String, String> arguments = new HashMap<>();
    orders.get("args").forEach(a -> arguments.put(a.get("name").asText(), named(a.get("type"))));
    assertThat(arguments)
        .containsEntry("first", "Int")
        .containsEntry("last", "Int")
        .containsEntry("after", "String")
        .containsEntry("before", "String")
        .containsEntry("query", "String")
        .containsEntry("sortKey", "OrderSortKeys")
        .containsEntry("reverse", "Boolean");
    assertThat(types.get("OrderSortKeys").get("enumValues").findValuesAsText("name"))
        .contains("ID", "CREATED_AT", "UPDATED_AT");
    assertThat(types.get("WebhookSubscriptionTopic").get("enumValues").findValuesAsText("name"))
        .contains(
            "ORDERS_CREATE",
            "ORDERS_CANCELLED",
            "ORDERS_UPDATED",
            "ORDERS_FULFILLED",
            "FULFILLMENTS_CREATE");
    assertThat(named(field("Order", "lineItems").get("type"))).isEqualTo("LineItemConnection");
  }
}
