package io.stocksync.emulator.flipkart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Flipkart storefront and the (assumed) shipments API v3. */
class FlipkartShipmentsTest {

  private static final String FILTER = "/flipkart/sellers/v3/shipments/filter";
  private static final String MUG = "MUG-1@LOC1";

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private Http http;
  private String token;

  @BeforeEach
  void start() {
    server = EmulatorServer.builder().clock(clock).start();
    http = new Http(server);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (FlipkartEmulator.DEFAULT_APP_ID + ":" + FlipkartEmulator.DEFAULT_APP_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
    token =
        Http.json(
                http.send(
                    "GET",
                    "/flipkart"
                        + FlipkartEmulator.TOKEN_PATH
                        + "?grant_type=client_credentials&scope=Seller_Api",
                    Map.of("Authorization", "Basic " + basic),
                    null))
            .get("access_token")
            .asText();
    http.put("/emulator/flipkart/quantities", "{\"" + MUG + "\":40,\"MUG-1@LOC2\":1}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String buy(String listing, int quantity) {
    JsonNode answer =
        Http.json(
            http.post(
                "/emulator/flipkart/orders",
                Map.of(),
                "{\"lines\":[{\"listing\":\"" + listing + "\",\"quantity\":" + quantity + "}]}"));
    return answer.path("accepted").booleanValue() ? answer.get("orderId").asText() : null;
  }

  private HttpResponse<String> filter(String body) {
    return http.send("POST", FILTER, Map.of("Authorization", "Bearer " + token), body);
  }

  @Test
  void aBuyLowersTheInventoryAndIsAPreDispatchShipment() {
    String orderId = buy(MUG, 2);

    assertThat(orderId).startsWith("OD");
    assertThat(Http.json(http.get("/emulator/flipkart/quantities")).get(MUG).asLong())
        .isEqualTo(38);
    JsonNode answer = Http.json(filter("{\"filter\":{\"type\":\"preDispatch\"}}"));
    assertThat(answer.get("hasMore").booleanValue()).isFalse();
    JsonNode shipment = answer.at("/shipments/0");
    assertThat(shipment.get("locationId").asText()).isEqualTo("LOC1");
    JsonNode item = shipment.at("/orderItems/0");
    assertThat(item.get("orderId").asText()).isEqualTo(orderId);
    assertThat(item.get("sku").asText()).isEqualTo("MUG-1");
    assertThat(item.get("listingId").asText()).isNotBlank();
    assertThat(item.get("quantity").asInt()).isEqualTo(2);
    assertThat(item.get("status").asText()).isEqualTo("APPROVED");
  }

  @Test
  void aBuyOverTheInventoryIsRefused() {
    assertThat(buy("MUG-1@LOC2", 2)).isNull();
    assertThat(Http.json(http.get("/emulator/flipkart/quantities")).get("MUG-1@LOC2").asLong())
        .isEqualTo(1);
  }

  @Test
  void aCancelledOrderMovesToTheCancelledFilterWithItsDateAndPutsUnitsBack() {
    String orderId = buy(MUG, 3);
    clock.advance(Duration.ofMinutes(2));
    http.post("/emulator/flipkart/orders/" + orderId + "/cancel", Map.of(), "");

    assertThat(Http.json(http.get("/emulator/flipkart/quantities")).get(MUG).asLong())
        .isEqualTo(40);
    assertThat(Http.json(filter("{\"filter\":{\"type\":\"preDispatch\"}}")).get("shipments"))
        .isEmpty();
    JsonNode item =
        Http.json(filter("{\"filter\":{\"type\":\"cancelled\"}}")).at("/shipments/0/orderItems/0");
    assertThat(item.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(item.get("cancellationDate").asText()).isEqualTo("2026-11-27T10:02:00Z");
  }

  @Test
  void nextPageUrlPagesThroughEveryShipmentOnce() {
    for (int i = 0; i < 25; i++) {
      buy(MUG, 1);
    }
    List<String> seen = new ArrayList<>();
    JsonNode page =
        Http.json(
            filter("{\"filter\":{\"type\":\"preDispatch\"},\"pagination\":{\"pageSize\":10}}"));
    page.get("shipments").forEach(s -> seen.add(s.at("/orderItems/0/orderId").asText()));
    while (page.get("hasMore").booleanValue()) {
      String next = page.get("nextPageUrl").asText();
      page =
          Http.json(
              http.send(
                  "GET",
                  "/flipkart/sellers" + next,
                  Map.of("Authorization", "Bearer " + token),
                  null));
      page.get("shipments").forEach(s -> seen.add(s.at("/orderItems/0/orderId").asText()));
    }
    assertThat(seen).hasSize(25).doesNotHaveDuplicates();
  }

  @Test
  void modifiedDateSelectsTheShipmentsChangedSince() {
    buy(MUG, 1);
    String shipped = buy(MUG, 1);
    clock.advance(Duration.ofMinutes(5));
    http.post("/emulator/flipkart/orders/" + shipped + "/ship", Map.of(), "");

    JsonNode answer =
        Http.json(
            filter(
                "{\"filter\":{\"type\":\"postDispatch\",\"modifiedDate\":"
                    + "{\"from\":\"2026-11-27T10:04:00Z\"}}}"));
    assertThat(answer.get("shipments")).hasSize(1);
    assertThat(answer.at("/shipments/0/orderItems/0/status").asText()).isEqualTo("SHIPPED");
  }

  @Test
  void badFiltersAnswer400NamingTheField() {
    assertThat(filter("{\"filter\":{\"type\":\"sometime\"}}").body()).contains("filter.type");
    HttpResponse<String> big =
        filter("{\"filter\":{\"type\":\"preDispatch\"},\"pagination\":{\"pageSize\":21}}");
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(big.body()).contains("pagination.pageSize");
    assertThat(
            http.send("POST", FILTER, Map.of(), "{\"filter\":{\"type\":\"preDispatch\"}}")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void theShipmentsApiSharesTheAssumedRateLimit() {
    int ok = 0;
    int throttled = 0;
    for (int i = 0; i < 11; i++) {
      int status = filter("{\"filter\":{\"type\":\"preDispatch\"}}").statusCode();
      ok += status == 200 ? 1 : 0;
      throttled += status == 429 ? 1 : 0;
    }
    assertThat(ok).isEqualTo(10);
    assertThat(throttled).isEqualTo(1);
  }
}
