package io.stocksync.emulator.shopify;

import static io.stocksync.emulator.shopify.ShopifyRequests.LOCATION;
import static io.stocksync.emulator.shopify.ShopifyRequests.key;
import static io.stocksync.emulator.shopify.ShopifyRequests.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Await;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.HookReceiver;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import io.stocksync.emulator.storefront.Hmac;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Shopify storefront: buys, the orders query, webhook subscriptions and their deliveries. */
class ShopifyOrdersTest {

  static final String ORDERS =
      """
      query Orders($first: Int!, $after: String, $query: String) {
        orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
          edges { cursor node {
            id legacyResourceId name createdAt updatedAt cancelledAt cancelReason closed
            displayFulfillmentStatus returnStatus physicalLocation { id }
            lineItems(first: 10) { nodes {
              id sku quantity currentQuantity unfulfilledQuantity
              variant { id inventoryItem { id } }
            } }
          } }
          pageInfo { hasNextPage endCursor }
        }
      }
      """;

  static final String SUBSCRIBE =
      """
      mutation Subscribe($topic: WebhookSubscriptionTopic!, $uri: String!) {
        webhookSubscriptionCreate(topic: $topic, webhookSubscription: {uri: $uri, format: JSON}) {
          webhookSubscription { id topic uri format }
          userErrors { field message }
        }
      }
      """;

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private ShopifyEmulator shopify;
  private Http http;
  private HookReceiver receiver;

  @BeforeEach
  void start() {
    shopify = new ShopifyEmulator(ShopifyEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().clock(clock).add(shopify).start();
    http = new Http(server);
    receiver = new HookReceiver();
    shopify.seedQuantities(Map.of(key(1), 5L, key(2), 2L));
  }

  @AfterEach
  void stop() {
    receiver.close();
    server.close();
  }

  @Test
  void theBuiltInSchemaServesTheSameOrdersQuery() {
    ShopifyEmulator builtIn =
        new ShopifyEmulator(ShopifyEmulator.Options.defaults().withSchema(null), clock);
    try (EmulatorServer other = EmulatorServer.builder().clock(clock).add(builtIn).start()) {
      builtIn.seedQuantities(Map.of(key(1), 5L));
      Http otherHttp = new Http(other);
      otherHttp.post(
          "/emulator/shopify/orders",
          Map.of(),
          "{\"lines\":[{\"listing\":\"" + key(1) + "\",\"quantity\":1}]}");
      Map<String, Object> variables = new java.util.HashMap<>();
      variables.put("first", 5);
      JsonNode answer = Http.json(send(otherHttp, ORDERS, variables));
      assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
      assertThat(answer.at("/data/orders/edges/0/node/lineItems/nodes/0/quantity").asInt())
          .isEqualTo(1);
      JsonNode subscribed =
          Http.json(
              send(otherHttp, SUBSCRIBE, Map.of("topic", "ORDERS_CREATE", "uri", receiver.url())));
      assertThat(subscribed.at("/data/webhookSubscriptionCreate/userErrors")).isEmpty();
    }
  }

  private String buy(String listing, int quantity) {
    JsonNode answer =
        Http.json(
            http.post(
                "/emulator/shopify/orders",
                Map.of(),
                "{\"lines\":[{\"listing\":\"" + listing + "\",\"quantity\":" + quantity + "}]}"));
    return answer.path("accepted").booleanValue() ? answer.get("orderId").asText() : null;
  }

  private JsonNode orders(int first, String after, String query) {
    Map<String, Object> variables = new java.util.HashMap<>();
    variables.put("first", first);
    variables.put("after", after);
    variables.put("query", query);
    return Http.json(send(http, ORDERS, variables));
  }

  @Test
  void aBuyLowersTheLevelAndTheOrderIsInTheOrdersQuery() {
    String orderId = buy(key(1), 2);

    assertThat(shopify.quantities()).containsEntry(key(1), 3L);
    JsonNode answer = orders(10, null, "updated_at:>=2026-11-27T09:00:00Z");
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    JsonNode node = answer.at("/data/orders/edges/0/node");
    assertThat(node.get("id").asText()).isEqualTo("gid://shopify/Order/" + orderId);
    assertThat(node.get("displayFulfillmentStatus").asText()).isEqualTo("UNFULFILLED");
    assertThat(node.get("cancelledAt").isNull()).isTrue();
    assertThat(node.at("/physicalLocation/id").asText()).isEqualTo(LOCATION);
    JsonNode line = node.at("/lineItems/nodes/0");
    assertThat(line.get("quantity").asInt()).isEqualTo(2);
    assertThat(line.at("/variant/id").asText()).isEqualTo("gid://shopify/ProductVariant/1");
    assertThat(line.at("/variant/inventoryItem/id").asText())
        .isEqualTo("gid://shopify/InventoryItem/1");
    assertThat(line.has("sku")).isTrue();
  }

  @Test
  void aBuyOverTheLevelIsRefusedWhole() {
    JsonNode answer =
        Http.json(
            http.post(
                "/emulator/shopify/orders",
                Map.of(),
                Http.json(
                    Map.of(
                        "lines",
                        List.of(
                            Map.of("listing", key(1), "quantity", 1),
                            Map.of("listing", key(2), "quantity", 3))))));
    assertThat(answer.get("accepted").booleanValue()).isFalse();
    assertThat(shopify.quantities()).containsEntry(key(1), 5L).containsEntry(key(2), 2L);
  }

  @Test
  void cancelPutsUnitsBackAndShowsCancelledAtAndShipFulfills() {
    String cancelled = buy(key(1), 2);
    String shipped = buy(key(2), 1);
    clock.advance(Duration.ofMinutes(1));
    http.post("/emulator/shopify/orders/" + cancelled + "/cancel", Map.of(), "");
    http.post("/emulator/shopify/orders/" + shipped + "/ship", Map.of(), "");

    assertThat(shopify.quantities()).containsEntry(key(1), 5L).containsEntry(key(2), 1L);
    JsonNode edges = orders(10, null, "updated_at:>=2026-11-27T10:01:00Z").at("/data/orders/edges");
    assertThat(edges).hasSize(2);
    JsonNode first = edges.get(0).get("node");
    assertThat(first.get("cancelledAt").asText()).isEqualTo("2026-11-27T10:01:00Z");
    assertThat(first.get("cancelReason").asText()).isEqualTo("CUSTOMER");
    assertThat(first.at("/lineItems/nodes/0/currentQuantity").asInt()).isZero();
    assertThat(edges.get(1).at("/node/displayFulfillmentStatus").asText()).isEqualTo("FULFILLED");
    assertThat(orders(10, null, "updated_at:>2026-11-27T10:01:00Z").at("/data/orders/edges"))
        .isEmpty();
  }

  @Test
  void pagingFollowsEndCursorUntilNoNextPage() {
    shopify.seedQuantities(Map.of(key(3), 100L));
    for (int i = 0; i < 7; i++) {
      buy(key(3), 1);
    }
    List<String> seen = new java.util.ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      JsonNode page = orders(3, after, null).at("/data/orders");
      page.get("edges").forEach(edge -> seen.add(edge.at("/node/legacyResourceId").asText()));
      more = page.at("/pageInfo/hasNextPage").booleanValue();
      after = page.at("/pageInfo/endCursor").asText();
    }
    assertThat(seen)
        .containsExactly(
            "5000000001",
            "5000000002",
            "5000000003",
            "5000000004",
            "5000000005",
            "5000000006",
            "5000000007");
  }

  @Test
  void theOrdersQueryCostCountsTheConnectionsObjects() {
    JsonNode answer = orders(20, null, null);
    // orders(first: 20): 2 + 20; per order: physicalLocation 1, lineItems(first: 10) 2 + 10, and
    // per line variant 1 + inventoryItem 1 → 20 × (1 + 12 + 10 × 2) = 660; total 682.
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    assertThat(answer.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(682);
  }

  @Test
  void aQueryCostingMoreThan1000IsRefusedWhole() {
    JsonNode answer = orders(50, null, null);
    assertThat(answer.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(1702);
    assertThat(answer.at("/errors/0/extensions/code").asText()).isEqualTo("MAX_COST_EXCEEDED");
    assertThat(answer.has("data")).isFalse();
  }

  @Test
  void webhooksGoToSubscriptionsSignedWithTheClientSecret() {
    JsonNode created =
        Http.json(send(http, SUBSCRIBE, Map.of("topic", "ORDERS_CREATE", "uri", receiver.url())));
    assertThat(created.at("/data/webhookSubscriptionCreate/userErrors")).isEmpty();
    assertThat(created.at("/data/webhookSubscriptionCreate/webhookSubscription/id").asText())
        .startsWith("gid://shopify/WebhookSubscription/");
    send(http, SUBSCRIBE, Map.of("topic", "ORDERS_CANCELLED", "uri", receiver.url()));
    JsonNode again =
        Http.json(send(http, SUBSCRIBE, Map.of("topic", "ORDERS_CREATE", "uri", receiver.url())));
    assertThat(again.at("/data/webhookSubscriptionCreate/userErrors/0/message").asText())
        .contains("already been taken");

    String orderId = buy(key(1), 1);
    http.post("/emulator/shopify/orders/" + orderId + "/cancel", Map.of(), "");

    Await.until(Duration.ofSeconds(5), () -> receiver.hooks().size() == 2);
    for (HookReceiver.Hook hook : receiver.hooks()) {
      assertThat(hook.header("X-Shopify-Hmac-Sha256"))
          .isEqualTo(Hmac.base64Sha256(ShopifyEmulator.DEFAULT_WEBHOOK_SECRET, hook.body()));
      assertThat(hook.header("X-Shopify-Shop-Domain")).endsWith(".myshopify.com");
      assertThat(hook.header("X-Shopify-API-Version")).isEqualTo("2026-10");
      assertThat(hook.header("X-Shopify-Webhook-Id")).isNotBlank();
      assertThat(hook.header("X-Shopify-Event-Id")).isNotBlank();
      assertThat(hook.header("X-Shopify-Triggered-At")).isEqualTo("2026-11-27T10:00:00Z");
      assertThat(hook.text()).contains("\"id\":" + orderId);
    }
    assertThat(receiver.hooks())
        .extracting(h -> h.header("X-Shopify-Topic"))
        .containsExactlyInAnyOrder("orders/create", "orders/cancelled");
  }

  @Test
  void aDeletedSubscriptionIsGoneFromTheListAndGetsNothing() {
    String id =
        Http.json(send(http, SUBSCRIBE, Map.of("topic", "ORDERS_CREATE", "uri", receiver.url())))
            .at("/data/webhookSubscriptionCreate/webhookSubscription/id")
            .asText();
    JsonNode deleted =
        Http.json(
            send(
                http,
                "mutation($id: ID!) { webhookSubscriptionDelete(id: $id) {"
                    + " deletedWebhookSubscriptionId userErrors { field message } } }",
                Map.of("id", id)));
    assertThat(deleted.at("/data/webhookSubscriptionDelete/deletedWebhookSubscriptionId").asText())
        .isEqualTo(id);
    JsonNode list =
        Http.json(
            send(http, "{ webhookSubscriptions(first: 10) { nodes { id topic uri } } }", Map.of()));
    assertThat(list.at("/data/webhookSubscriptions/nodes")).isEmpty();
    buy(key(1), 1);
    assertThat(Http.json(http.get("/emulator/shopify/webhooks"))).isEmpty();
  }

  @Test
  void duplicatedWebhooksCarryTheSameWebhookId() {
    send(http, SUBSCRIBE, Map.of("topic", "ORDERS_CREATE", "uri", receiver.url()));
    http.post("/emulator/shopify/faults", Map.of(), "{\"duplicateWebhooks\":1}");
    buy(key(1), 1);
    Await.until(Duration.ofSeconds(5), () -> receiver.hooks().size() == 2);
    assertThat(receiver.hooks())
        .extracting(h -> h.header("X-Shopify-Webhook-Id"))
        .containsOnly(receiver.hooks().get(0).header("X-Shopify-Webhook-Id"));
  }
}
