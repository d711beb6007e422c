package io.stocksync.channels.amazon;

import static io.stocksync.channels.amazon.AmazonSchemas.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.stocksync.channels.amazon.RecordingHttpClient.Exchange;
import io.stocksync.channels.order.AmazonOrders;
import io.stocksync.channels.order.OrderCapabilities;
import io.stocksync.channels.order.OrderFeed;
import io.stocksync.emulator.OfficialSpecs;
import io.stocksync.emulator.RecordedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Orders API requests and answers that {@link AmazonOrders} relies on, checked against Amazon's
 * official {@code ordersV0.json} (and {@code orders_2026-01-01.json} for the choice of version).
 * Skipped when the contracts are not beside the project.
 */
class AmazonOrdersContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V0 = "amazon/ordersV0.json";
  private static final String V2026 = "amazon/orders_2026-01-01.json";

  private AmazonSchemas schemas;
  private AmazonFixture fixture;

  @BeforeEach
  void start() {
    schemas = AmazonSchemas.find().orElse(null);
    assumeTrue(
        schemas != null
            && OfficialSpecs.find(V0).isPresent()
            && OfficialSpecs.find(V2026).isPresent(),
        "skipped: Amazon's official contracts (../shared/specs/amazon: ordersV0.json,"
            + " orders_2026-01-01.json) were not found; set -Dstocksync.specs.dir");
    fixture = new AmazonFixture();
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private JsonNode contract(String file) throws Exception {
    return JSON.readTree(schemas.read(file));
  }

  @Test
  void everyGetOrdersAndGetOrderItemsAnswerOfAPollIsInTheV0ModelsShape() throws Exception {
    var storefront = fixture.amazon.storefront().orElseThrow();
    storefront
        .stock()
        .putBack(java.util.Map.of(AmazonFixture.key(1), 20L, AmazonFixture.key(2), 20L));
    String cancelled =
        storefront.buy(List.of(java.util.Map.entry(AmazonFixture.key(1), 2L))).order().id();
    storefront.buy(List.of(java.util.Map.entry(AmazonFixture.key(2), 1L)));
    storefront.cancel(cancelled);
    OrderFeed feed =
        OrderCapabilities.polling(
                fixture.channel(""), AmazonFixture.credentials(), fixture.context())
            .orElseThrow();

    OrderFeed.Page page = feed.read(null, fixture.clock.instant());

    assertThat(page.lines()).hasSize(2);
    Schema orders = schemas.definition(V0, "GetOrdersResponse");
    Schema items = schemas.definition(V0, "GetOrderItemsResponse");
    List<Exchange> calls =
        fixture.http.exchanges.stream().filter(e -> e.path().contains("/orders/v0/")).toList();
    assertThat(calls).hasSize(3);
    for (Exchange e : calls) {
      assertThat(e.status()).isEqualTo(200);
      Schema schema = e.path().endsWith("/orderItems") ? items : orders;
      assertThat(problems(schema, e.body())).as(e.path() + ": " + e.body()).isEmpty();
    }
  }

  @Test
  void everyGetOrdersParameterSentIsTheContractsAndTheRequiredOnesAreSent() throws Exception {
    OrderFeed feed =
        OrderCapabilities.polling(
                fixture.channel(""), AmazonFixture.credentials(), fixture.context())
            .orElseThrow();
    feed.read(null, fixture.clock.instant());

    JsonNode get = contract(V0).at("/paths/~1orders~1v0~1orders/get");
    Set<String> known = new HashSet<>();
    Set<String> required = new HashSet<>();
    for (JsonNode p : get.path("parameters")) {
      known.add(p.path("name").asText());
      if (p.path("required").asBoolean()) {
        required.add(p.path("name").asText());
      }
    }
    RecordedRequest sent =
        fixture.amazon.requests().list().stream()
            .filter(r -> r.path().endsWith("/orders/v0/orders"))
            .findFirst()
            .orElseThrow();
    Set<String> names = new HashSet<>();
    for (String pair : sent.query().split("&")) {
      String[] kv = pair.split("=", 2);
      names.add(kv[0]);
      if (kv[0].equals("MaxResultsPerPage")) {
        int size = Integer.parseInt(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        assertThat(size).isBetween(1, 100); // "Value must be 1 - 100."
      }
    }
    assertThat(known).containsAll(names);
    assertThat(names).containsAll(required).contains("LastUpdatedAfter");
    String maxDoc =
        get.path("parameters").findParents("name").stream()
            .filter(p -> p.path("name").asText().equals("MaxResultsPerPage"))
            .findFirst()
            .orElseThrow()
            .path("description")
            .asText();
    assertThat(maxDoc).contains("Value must be 1 - 100");
    assertThat(URI.create("http://x/?" + sent.query()).getQuery()).doesNotContain("CreatedAfter");
  }

  @Test
  void theUsagePlansKeptAreTheContractsAndV0PollsThreeTimesFasterThanSearchOrders()
      throws Exception {
    String getOrders = contract(V0).at("/paths/~1orders~1v0~1orders/get/description").asText();
    String getOrderItems =
        contract(V0)
            .at("/paths/~1orders~1v0~1orders~1{orderId}~1orderItems/get/description")
            .asText();
    String searchOrders =
        contract(V2026).at("/paths/~1orders~12026-01-01~1orders/get/description").asText();

    assertThat(getOrders)
        .contains(
            "| " + AmazonOrders.GET_ORDERS_RATE + " | " + AmazonOrders.GET_ORDERS_BURST + " |");
    assertThat(getOrderItems)
        .contains(
            "| "
                + AmazonOrders.GET_ORDER_ITEMS_RATE
                + " | "
                + AmazonOrders.GET_ORDER_ITEMS_BURST
                + " |");
    assertThat(searchOrders).contains("| 0.0056 | 20 |");
  }

  @Test
  void theStatusesAndFieldsTheMappingReadsAreInTheModels() throws Exception {
    JsonNode definitions = contract(V0).path("definitions");
    JsonNode order = definitions.at("/Order/properties");
    JsonNode item = definitions.at("/OrderItem/properties");

    assertThat(JSON.convertValue(order.at("/OrderStatus/enum"), List.class))
        .contains("Canceled", "Shipped", "Unshipped", "PartiallyShipped", "Pending");
    assertThat(JSON.convertValue(order.at("/FulfillmentChannel/enum"), List.class))
        .contains("AFN", "MFN");
    assertThat(order.has("AmazonOrderId") && order.has("LastUpdateDate")).isTrue();
    for (String field : List.of("OrderItemId", "SellerSKU", "QuantityOrdered", "QuantityShipped")) {
      assertThat(item.has(field)).as(field).isTrue();
    }
    assertThat(definitions.at("/OrdersList/properties").has("NextToken")).isTrue();
    assertThat(definitions.at("/OrdersList/properties").has("LastUpdatedBefore")).isTrue();
    assertThat(definitions.at("/OrderItemsList/properties").has("NextToken")).isTrue();
  }
}
