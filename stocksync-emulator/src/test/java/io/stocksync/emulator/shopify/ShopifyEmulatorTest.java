package io.stocksync.emulator.shopify;

import static io.stocksync.emulator.shopify.ShopifyRequests.LOCATION;
import static io.stocksync.emulator.shopify.ShopifyRequests.OTHER_LOCATION;
import static io.stocksync.emulator.shopify.ShopifyRequests.input;
import static io.stocksync.emulator.shopify.ShopifyRequests.item;
import static io.stocksync.emulator.shopify.ShopifyRequests.key;
import static io.stocksync.emulator.shopify.ShopifyRequests.payload;
import static io.stocksync.emulator.shopify.ShopifyRequests.quantity;
import static io.stocksync.emulator.shopify.ShopifyRequests.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShopifyEmulatorTest {

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private ShopifyEmulator shopify;
  private Http http;

  @BeforeEach
  void start() {
    shopify = new ShopifyEmulator(ShopifyEmulator.Options.defaults(), clock);
    server = EmulatorServer.builder().clock(clock).add(shopify).start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void setsTheAvailableQuantityAndReportsTheChange() {
    shopify.seedQuantities(Map.of(key(1), 7L));

    JsonNode answer = set(http, input(quantity(1, 5, 7)), "k-1");

    JsonNode group = payload(answer).path("inventoryAdjustmentGroup");
    assertThat(payload(answer).path("userErrors")).isEmpty();
    assertThat(group.path("id").asText()).startsWith("gid://shopify/InventoryAdjustmentGroup/");
    assertThat(group.path("createdAt").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(group.path("reason").asText()).isEqualTo("correction");
    JsonNode available = group.path("changes").get(0);
    assertThat(available.path("name").asText()).isEqualTo("available");
    assertThat(available.path("delta").asInt()).isEqualTo(-2);
    assertThat(available.path("quantityAfterChange").asInt()).isEqualTo(5);
    assertThat(available.path("item").path("id").asText()).isEqualTo(item(1));
    assertThat(available.path("location").path("id").asText()).isEqualTo(LOCATION);
    assertThat(shopify.quantities()).containsEntry(key(1), 5L);
  }

  @Test
  void variablesOfTheWrongTypeAreAnsweredWithErrorsAndHttp200AsShopifyAnswersThem() {
    shopify.seedQuantities(Map.of(key(1), 7L));
    Map<String, Object> bad = quantity(1, 5, null);
    bad.put("quantity", "five");

    HttpResponse<String> wrongType =
        ShopifyRequests.send(
            http, ShopifyRequests.SET_QUANTITIES, ShopifyRequests.variables(input(bad), "k-v1"));
    Map<String, Object> noKey = ShopifyRequests.variables(input(quantity(1, 5, null)), "k");
    noKey.remove("key");
    HttpResponse<String> missing =
        ShopifyRequests.send(http, ShopifyRequests.SET_QUANTITIES, noKey);

    for (HttpResponse<String> answer : List.of(wrongType, missing)) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode errors = Http.json(answer).path("errors");
      assertThat(errors).as(answer.body()).isNotEmpty();
      assertThat(errors.get(0).path("message").asText()).contains("Variable");
      assertThat(
              Http.json(answer).path("data").isMissingNode()
                  || Http.json(answer).path("data").isNull())
          .isTrue();
    }
    assertThat(shopify.quantities()).containsEntry(key(1), 7L);
  }

  @Test
  void aReferenceDocumentUriThatIsNoUriIsRefusedAsInvalid() {
    shopify.seedQuantities(Map.of(key(1), 7L));
    for (String uri : List.of("not a uri", "gid://stocksync/Push", "gid://", "mailto:")) {
      Map<String, Object> input = input(quantity(1, 5, null));
      input.put("referenceDocumentUri", uri);

      JsonNode answer = set(http, input, "k-ref-" + uri.hashCode());

      JsonNode error = payload(answer).path("userErrors").get(0);
      assertThat(error).as("%s: %s", uri, answer).isNotNull();
      assertThat(error.path("code").asText()).isEqualTo("INVALID_REFERENCE_DOCUMENT");
      assertThat(error.path("field").toString()).isEqualTo("[\"input\",\"referenceDocumentUri\"]");
    }
    assertThat(shopify.quantities()).containsEntry(key(1), 7L);
    Map<String, Object> good = input(quantity(1, 5, null));
    good.put("referenceDocumentUri", "https://example.invalid/documents/12345");
    assertThat(payload(set(http, good, "k-ref-ok")).path("userErrors")).isEmpty();
  }

  @Test
  void answersOnlyTheFieldsTheDocumentSelected() {
    String lean =
        """
        mutation($input: InventorySetQuantitiesInput!) {
          set: inventorySetQuantities(input: $input) @idempotent(key: "lean-1") {
            userErrors { code }
          }
        }
        """;

    JsonNode answer =
        Http.json(ShopifyRequests.send(http, lean, Map.of("input", input(quantity(1, 3, null)))));

    assertThat(answer.path("data").path("set").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("userErrors");
    assertThat(answer.path("extensions").path("cost").path("requestedQueryCost").asInt())
        .isEqualTo(QueryCost.MUTATION);
  }

  @Test
  void refusesARequestWithoutTheRightAccessToken() {
    String body =
        ShopifyRequests.body(
            ShopifyRequests.SET_QUANTITIES,
            ShopifyRequests.variables(input(quantity(1, 3, null)), "k"));

    HttpResponse<String> missing = http.post(ShopifyRequests.PATH, Map.of(), body);
    HttpResponse<String> wrong =
        http.post(
            ShopifyRequests.PATH, Map.of(ShopifyEmulator.ACCESS_TOKEN_HEADER, "shpat_wrong"), body);

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(Http.json(wrong).path("errors").isTextual()).isTrue();
    assertThat(shopify.quantities()).isEmpty();
  }

  @Test
  void failsTheWholeMutationWhenOneChangeFromQuantityIsStale() {
    shopify.seedQuantities(Map.of(key(1), 10L, key(2), 20L));

    JsonNode answer = set(http, input(quantity(1, 9, 10), quantity(2, 19, 18)), "stale-1");

    assertThat(payload(answer).path("inventoryAdjustmentGroup").isNull()).isTrue();
    JsonNode error = payload(answer).path("userErrors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
    assertThat(texts(error.path("field")))
        .containsExactly("input", "quantities", "1", "changeFromQuantity");
    assertThat(shopify.quantities()).containsEntry(key(1), 10L).containsEntry(key(2), 20L);
  }

  @Test
  void skipsTheCompareWhenChangeFromQuantityIsAnExplicitNull() {
    shopify.seedQuantities(Map.of(key(1), 10L));

    JsonNode answer = set(http, input(quantity(1, 4, null)), "null-1");

    assertThat(payload(answer).path("userErrors")).isEmpty();
    assertThat(shopify.quantities()).containsEntry(key(1), 4L);
  }

  @Test
  void refusesAQuantityThatLeavesOutChangeFromQuantity() {
    Map<String, Object> withoutCompare = quantity(1, 4, null);
    withoutCompare.remove("changeFromQuantity");

    JsonNode answer = set(http, input(withoutCompare), "omit-1");

    JsonNode error = payload(answer).path("userErrors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("COMPARE_QUANTITY_REQUIRED");
    assertThat(texts(error.path("field")))
        .containsExactly("input", "quantities", "0", "changeFromQuantity");
    assertThat(shopify.quantities()).isEmpty();
  }

  @Test
  void replaysTheFirstAnswerForARepeatedIdempotencyKeyWithoutApplyingAgain() {
    JsonNode first = set(http, input(quantity(1, 5, null)), "same-key");
    shopify.seedQuantities(Map.of(key(1), 42L));

    JsonNode repeat = set(http, input(quantity(1, 5, null)), "same-key");

    assertThat(payload(repeat)).isEqualTo(payload(first));
    assertThat(shopify.quantities()).containsEntry(key(1), 42L);
  }

  @Test
  void letsExactlyOneOfManyConcurrentCompareAndSetsWin() throws Exception {
    shopify.seedQuantities(Map.of(key(1), 0L));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonNode>> answers = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        int target = i;
        answers.add(pool.submit(() -> set(http, input(quantity(1, target, 0)), "race-" + target)));
      }
      int won = 0;
      int stale = 0;
      for (Future<JsonNode> answer : answers) {
        JsonNode errors = payload(answer.get(30, TimeUnit.SECONDS)).path("userErrors");
        if (errors.isEmpty()) {
          won++;
        } else if (errors.get(0).path("code").asText().equals("CHANGE_FROM_QUANTITY_STALE")) {
          stale++;
        }
      }
      assertThat(won).isEqualTo(1);
      assertThat(stale).isEqualTo(19);
      assertThat(shopify.quantities().get(key(1))).isBetween(1L, 20L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAnIdempotencyKeyReusedWithDifferentInput() {
    set(http, input(quantity(1, 5, null)), "reused");

    JsonNode answer = set(http, input(quantity(1, 6, null)), "reused");

    assertThat(payload(answer).path("userErrors").get(0).path("code").asText())
        .isEqualTo("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
    assertThat(shopify.quantities()).containsEntry(key(1), 5L);
  }

  @Test
  void requiresAnIdempotencyKey() {
    String withoutKey =
        """
        mutation($input: InventorySetQuantitiesInput!) {
          inventorySetQuantities(input: $input) { userErrors { code } }
        }
        """;

    JsonNode answer =
        Http.json(
            ShopifyRequests.send(http, withoutKey, Map.of("input", input(quantity(1, 5, null)))));

    assertThat(answer.path("errors").get(0).path("message").asText()).contains("@idempotent");
    assertThat(shopify.quantities()).isEmpty();
  }

  @Test
  void createsAnUnknownItemAtZeroOnFirstUse() {
    JsonNode answer = set(http, input(quantity(77, 3, 0)), "new-item");

    assertThat(payload(answer).path("userErrors")).isEmpty();
    assertThat(
            payload(answer)
                .path("inventoryAdjustmentGroup")
                .path("changes")
                .get(0)
                .path("delta")
                .asInt())
        .isEqualTo(3);
    assertThat(shopify.quantities()).containsEntry(key(77), 3L);
  }

  @Test
  void refusesUnknownItemsAndLocationsWhenCreatingThemIsSwitchedOff() {
    shopify.seedQuantities(Map.of(key(1), 1L));
    shopify.faults().createUnknown(false);

    JsonNode answer =
        set(
            http,
            input(
                quantity(1, 2, 1),
                quantity(99, 2, null),
                quantity(item(1), OTHER_LOCATION, 2, null)),
            "unknown-1");

    List<JsonNode> errors = list(payload(answer).path("userErrors"));
    assertThat(errors)
        .extracting(e -> e.path("code").asText(), e -> texts(e.path("field")))
        .containsExactly(
            tuple("INVALID_INVENTORY_ITEM", List.of("input", "quantities", "1", "inventoryItemId")),
            tuple("INVALID_LOCATION", List.of("input", "quantities", "2", "locationId")));
    assertThat(shopify.quantities()).containsOnly(Map.entry(key(1), 1L));
  }

  @Test
  void refusesMoreThan250QuantitiesInOneMutation() {
    List<Map<String, Object>> quantities = new ArrayList<>();
    for (int i = 1; i <= 251; i++) {
      quantities.add(quantity(i, 1, null));
    }

    JsonNode answer = set(http, input(quantities), "too-many");

    assertThat(answer.path("errors").get(0).path("extensions").path("code").asText())
        .isEqualTo("MAX_INPUT_SIZE_EXCEEDED");
    assertThat(shopify.quantities()).isEmpty();
  }

  @Test
  void refusesAnotherQuantityNameAndAnUnknownReason() {
    Map<String, Object> input = input(quantity(1, 2, null));
    input.put("name", "on_hand");
    input.put("reason", "because");

    JsonNode answer = set(http, input, "bad-input");

    assertThat(list(payload(answer).path("userErrors")))
        .extracting(e -> e.path("code").asText())
        .containsExactly("INVALID_NAME", "INVALID_REASON");
  }

  @Test
  void refusesANegativeQuantityAndADuplicatePair() {
    JsonNode answer =
        set(http, input(quantity(1, -1, null), quantity(2, 1, null), quantity(2, 2, null)), "dup");

    assertThat(list(payload(answer).path("userErrors")))
        .extracting(e -> e.path("code").asText())
        .containsExactly(
            "INVALID_QUANTITY_NEGATIVE", "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR");
    assertThat(shopify.quantities()).isEmpty();
  }

  @Test
  void readsTheHeldQuantityThroughTheInventoryLevel() {
    shopify.seedQuantities(Map.of(key(1), 12L));

    JsonNode answer =
        Http.json(
            ShopifyRequests.send(
                http, ShopifyRequests.READ_LEVEL, Map.of("item", item(1), "location", LOCATION)));

    JsonNode level = answer.path("data").path("inventoryItem").path("inventoryLevel");
    Map<String, Integer> quantities = new LinkedHashMap<>();
    level
        .path("quantities")
        .forEach(q -> quantities.put(q.path("name").asText(), q.path("quantity").asInt()));
    assertThat(quantities)
        .containsExactly(
            Map.entry("available", 12), Map.entry("on_hand", 12), Map.entry("committed", 0));
    assertThat(answer.path("extensions").path("cost").path("requestedQueryCost").asInt())
        .isEqualTo(3);
  }

  @Test
  void failsAListingSetToFailWithTheItemError() {
    shopify.faults().failListings(List.of(item(2)));

    JsonNode answer = set(http, input(quantity(1, 1, null), quantity(2, 1, null)), "fail-1");

    JsonNode error = payload(answer).path("userErrors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("NON_MUTABLE_INVENTORY_ITEM");
    assertThat(texts(error.path("field")))
        .containsExactly("input", "quantities", "1", "inventoryItemId");
    assertThat(shopify.quantities()).isEmpty();
  }

  @Test
  void redactsTheAccessTokenInTheRequestLog() {
    set(http, input(quantity(1, 1, null)), "log-1");

    JsonNode logged = Http.json(http.get("/emulator/shopify/requests")).get(0);

    assertThat(logged.path("path").asText()).isEqualTo(ShopifyRequests.PATH);
    assertThat(logged.path("status").asInt()).isEqualTo(200);
    assertThat(logged.path("time").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(logged.path("body").asText()).contains("inventorySetQuantities");
    assertThat(logged.path("headers").toString())
        .doesNotContain(ShopifyEmulator.DEFAULT_ACCESS_TOKEN)
        .contains("<redacted>");
  }

  @Test
  void answersNotFoundForAnotherApiVersion() {
    HttpResponse<String> response =
        http.post(
            "/shopify/admin/api/2024-01/graphql.json",
            Map.of(ShopifyEmulator.ACCESS_TOKEN_HEADER, ShopifyEmulator.DEFAULT_ACCESS_TOKEN),
            "{}");

    assertThat(response.statusCode()).isEqualTo(404);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes;
  }
}
