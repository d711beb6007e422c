package io.stocksync.emulator.amazon;

import static io.stocksync.emulator.amazon.AmazonRequests.SELLER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Amazon storefront and the Orders API v0 (getOrders, getOrderItems) with its usage plans. */
class AmazonOrdersTest {

  private static final String ORDERS = "/amazon/orders/v0/orders";
  private static final String MUG = SELLER + "/MUG-1";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private Http http;
  private String token;

  @BeforeEach
  void start() {
    server = EmulatorServer.builder().clock(clock).start();
    http = new Http(server);
    token = AmazonRequests.token(http);
    http.put("/emulator/amazon/quantities", "{\"" + MUG + "\":50}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String buy(String listing, int quantity) {
    JsonNode answer =
        Http.json(
            http.post(
                "/emulator/amazon/orders",
                Map.of(),
                "{\"lines\":[{\"listing\":\"" + listing + "\",\"quantity\":" + quantity + "}]}"));
    return answer.path("accepted").booleanValue() ? answer.get("orderId").asText() : null;
  }

  private HttpResponse<String> get(String pathAndQuery) {
    return http.send("GET", pathAndQuery, Map.of("x-amz-access-token", token), null);
  }

  @Test
  void aBuyLowersTheQuantityAndIsInGetOrdersAndGetOrderItems() {
    String orderId = buy(MUG, 3);

    assertThat(orderId).matches("\\d{3}-\\d{7}-\\d{7}");
    assertThat(Http.json(http.get("/emulator/amazon/quantities")).get(MUG).asLong()).isEqualTo(47);
    HttpResponse<String> orders =
        get(ORDERS + "?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-11-27T09:00:00Z");
    assertThat(orders.statusCode()).isEqualTo(200);
    assertThat(orders.headers().firstValue("x-amzn-RateLimit-Limit")).hasValue("0.0167");
    JsonNode order = Http.json(orders).at("/payload/Orders/0");
    assertThat(order.get("AmazonOrderId").asText()).isEqualTo(orderId);
    assertThat(order.get("OrderStatus").asText()).isEqualTo("Unshipped");
    assertThat(order.get("LastUpdateDate").asText()).isEqualTo("2026-11-27T10:00:00Z");

    JsonNode items = Http.json(get(ORDERS + "/" + orderId + "/orderItems")).get("payload");
    assertThat(items.get("AmazonOrderId").asText()).isEqualTo(orderId);
    JsonNode item = items.at("/OrderItems/0");
    assertThat(item.get("SellerSKU").asText()).isEqualTo("MUG-1");
    assertThat(item.get("QuantityOrdered").asInt()).isEqualTo(3);
    assertThat(item.get("QuantityShipped").asInt()).isZero();
    assertThat(item.get("OrderItemId").asText()).matches("\\d{14}");
  }

  @Test
  void aBuyOverTheQuantityIsRefused() {
    assertThat(buy(MUG, 51)).isNull();
    assertThat(buy(SELLER + "/UNKNOWN", 1)).isNull();
    assertThat(Http.json(http.get("/emulator/amazon/quantities")).get(MUG).asLong()).isEqualTo(50);
  }

  @Test
  void cancelAndShipMoveTheStatusAndLastUpdateDate() {
    String cancelled = buy(MUG, 2);
    String shipped = buy(MUG, 1);
    clock.advance(Duration.ofMinutes(3));
    http.post("/emulator/amazon/orders/" + cancelled + "/cancel", Map.of(), "");
    http.post("/emulator/amazon/orders/" + shipped + "/ship", Map.of(), "");

    assertThat(Http.json(http.get("/emulator/amazon/quantities")).get(MUG).asLong()).isEqualTo(49);
    JsonNode orders =
        Http.json(
                get(ORDERS + "?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-11-27T10:01:00Z"))
            .at("/payload/Orders");
    assertThat(orders).hasSize(2);
    assertThat(orders.get(0).get("OrderStatus").asText()).isEqualTo("Canceled");
    assertThat(orders.get(1).get("OrderStatus").asText()).isEqualTo("Shipped");
    assertThat(
            Http.json(get(ORDERS + "/" + shipped + "/orderItems"))
                .at("/payload/OrderItems/0/QuantityShipped")
                .asInt())
        .isEqualTo(1);
    JsonNode created =
        Http.json(get(ORDERS + "?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-11-27T10:01:00Z"))
            .at("/payload/Orders");
    assertThat(created).isEmpty();
  }

  @Test
  void nextTokenPagesThroughEveryOrderOnce() {
    for (int i = 0; i < 7; i++) {
      buy(MUG, 1);
    }
    List<String> seen = new ArrayList<>();
    String next = null;
    do {
      String query =
          next == null
              ? "?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-11-27T09:00:00Z&MaxResultsPerPage=3"
              : "?MarketplaceIds=ATVPDKIKX0DER&NextToken=" + next;
      JsonNode payload = Http.json(get(ORDERS + query)).get("payload");
      payload.get("Orders").forEach(o -> seen.add(o.get("AmazonOrderId").asText()));
      next = payload.path("NextToken").asText(null);
    } while (next != null);
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  void badQueriesAnswerInvalidInputNamingTheParameter() {
    assertThat(get(ORDERS + "?CreatedAfter=2026-11-27T09:00:00Z").body())
        .contains("MarketplaceIds");
    assertThat(get(ORDERS + "?MarketplaceIds=ATVPDKIKX0DER").statusCode()).isEqualTo(400);
    HttpResponse<String> tooMany =
        get(
            ORDERS
                + "?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-11-27T09:00:00Z&MaxResultsPerPage=101");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("MaxResultsPerPage");
    assertThat(get(ORDERS + "/902-0000000-0000000/orderItems").statusCode()).isEqualTo(404);
    String updated = ORDERS + "?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-11-27T09:00:00Z";
    HttpResponse<String> tooRecent = get(updated + "&LastUpdatedBefore=2026-11-27T09:59:00Z");
    assertThat(tooRecent.statusCode()).isEqualTo(400);
    assertThat(tooRecent.body()).contains("LastUpdatedBefore");
    assertThat(get(updated + "&LastUpdatedBefore=2026-11-27T09:58:00Z").statusCode())
        .isEqualTo(200);
  }

  @Test
  void getOrdersAnswers429BeyondItsBurstOf20AndRecoversAtItsRate() {
    String query = ORDERS + "?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-11-27T09:00:00Z";
    for (int i = 0; i < 20; i++) {
      assertThat(get(query).statusCode()).as("call %d", i + 1).isEqualTo(200);
    }
    HttpResponse<String> throttled = get(query);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.body()).contains("QuotaExceeded");
    clock.advance(Duration.ofSeconds(59));
    assertThat(get(query).statusCode()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(1));
    assertThat(get(query).statusCode()).isEqualTo(200);
  }

  @Test
  void getOrderItemsAnswers429BeyondItsBurstOf30() {
    String orderId = buy(MUG, 1);
    for (int i = 0; i < 30; i++) {
      assertThat(get(ORDERS + "/" + orderId + "/orderItems").statusCode()).isEqualTo(200);
    }
    assertThat(get(ORDERS + "/" + orderId + "/orderItems").statusCode()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(2));
    assertThat(get(ORDERS + "/" + orderId + "/orderItems").statusCode()).isEqualTo(200);
  }

  @Test
  void answersAreValidAgainstTheOrdersV0Model() {
    AmazonSchemas schemas = AmazonSchemas.find().orElse(null);
    assumeTrue(
        schemas != null, "skipped: the Amazon models (../shared/specs/amazon) were not found");
    String orderId = buy(MUG, 2);
    String shipped = buy(MUG, 1);
    http.post("/emulator/amazon/orders/" + shipped + "/ship", Map.of(), "");
    AmazonSchemas.assertValid(
        schemas.definition("amazon/ordersV0.json", "GetOrdersResponse"),
        get(ORDERS
                + "?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-11-27T09:00:00Z&MaxResultsPerPage=1")
            .body(),
        "getOrders");
    AmazonSchemas.assertValid(
        schemas.definition("amazon/ordersV0.json", "GetOrderItemsResponse"),
        get(ORDERS + "/" + orderId + "/orderItems").body(),
        "getOrderItems");
    AmazonSchemas.assertValid(
        schemas.definition("amazon/ordersV0.json", "GetOrdersResponse"),
        get(ORDERS + "?CreatedAfter=2026-11-27T09:00:00Z").body(),
        "an InvalidInput answer");
    // The model is strict enough to catch a wrong type: a quantity sent as text is refused.
    assertThat(
            AmazonSchemas.valid(
                schemas.definition("amazon/ordersV0.json", "OrderItem"),
                "{\"ASIN\":\"B000000001\",\"OrderItemId\":\"1\",\"QuantityOrdered\":\"2\"}"))
        .isFalse();
  }
}
