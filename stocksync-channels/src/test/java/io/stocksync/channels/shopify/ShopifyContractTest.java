package io.stocksync.channels.shopify;

import static io.stocksync.channels.shopify.ShopifyFixture.key;
import static io.stocksync.channels.shopify.ShopifyFixture.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.schema.GraphQLSchema;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.Throttling;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every GraphQL document and variable set the Shopify connector sends validates against the
 * official Admin API 2026-10 schema, and every answer the emulator gives it fits that schema.
 * Skipped, saying so, when {@code ../shared/specs} is not beside the project.
 */
class ShopifyContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static GraphQLSchema official;

  ShopifyFixture f;

  @BeforeAll
  static void loadTheOfficialSchema() {
    official = OfficialShopifySchema.load().orElse(null);
  }

  @BeforeEach
  void skipWithoutTheOfficialSchema() {
    assumeTrue(
        official != null,
        "skipped: the official Shopify schema was not found at " + OfficialShopifySchema.where());
    f = new ShopifyFixture();
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void everyRequestTheConnectorSendsValidatesAndEveryAnswerFitsTheSchema() throws Exception {
    ShopifyConnector connector = f.connector(Duration.ofSeconds(5));
    f.shopify.seedQuantities(Map.of(key(1), 10L, key(2), 4L));
    List<PendingPush> full = new ArrayList<>();
    for (int i = 1; i <= ShopifyConnector.MAX_QUANTITIES_PER_CALL; i++) {
      full.add(push(100 + i, i, null, 1));
    }
    // Applied; a decrease and a push to 0 (compare skipped); a stale increase (then a read of
    // the levels); a refused item; a full call of 250; a throttled answer.
    connector.send(connector.prepare(List.of(push(1, 12, 10L, 1), push(3, 0, 2L, 1)), 0)).join();
    connector.send(connector.prepare(List.of(push(2, 1, 4L, 2)), 0)).join();
    connector.send(connector.prepare(List.of(push(1, 30, 10L, 3), push(2, 9, 3L, 3)), 0)).join();
    f.shopify.faults().failListings(List.of(ShopifyFixture.item(2)));
    connector.send(connector.prepare(List.of(push(2, 5, null, 4)), 0)).join();
    connector.send(connector.prepare(full, 0)).join();
    f.shopify.faults().throttling(Throttling.ALWAYS);
    connector.send(connector.prepare(List.of(push(1, 31, 30L, 5)), 0)).join();
    f.shopify.faults().throttling(Throttling.BUCKET);

    List<RecordedRequest> sent = f.shopify.requests().list();
    assertThat(sent.stream().map(r -> documentOf(r.body())).distinct().count())
        .as("both documents were sent")
        .isEqualTo(2); // the mutation, and the level read (for two items)
    for (RecordedRequest request : sent) {
      assertValidRequest(request.body());
      assertAnswerFits(request.body(), resend(request.body()));
    }
    // The level read for other numbers of items.
    for (int n : new int[] {1, 3, ShopifyConnector.MAX_QUANTITIES_PER_CALL}) {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("locationId", ShopifyFixture.LOCATION);
      for (int i = 0; i < n; i++) {
        variables.put(ShopifyDocuments.alias(i), ShopifyFixture.item(i + 1));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("query", ShopifyDocuments.readLevels(n));
      body.put("operationName", ShopifyDocuments.READ_LEVELS_OPERATION);
      body.put("variables", variables);
      String text = JSON.writeValueAsString(body);
      assertValidRequest(text);
      assertAnswerFits(text, resend(text));
    }
  }

  private static String documentOf(String body) {
    try {
      return JSON.readTree(body).path("query").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The document parses and validates, and its variables coerce to the declared types. */
  private static void assertValidRequest(String body) throws Exception {
    JsonNode request = JSON.readTree(body);
    ExecutionInput input = input(request, Map.of());
    assertThat(ParseAndValidate.parseAndValidate(official, input).getErrors())
        .as(request.path("query").asText())
        .isEmpty();
    ExecutionResult coerced = GraphQL.newGraphQL(official).build().execute(input);
    assertThat(coerced.getErrors()).as("variables of " + body).isEmpty();
  }

  /** The emulator's answer, replayed through the official schema, comes back unchanged. */
  private static void assertAnswerFits(String body, JsonNode answer) throws Exception {
    assertThat(answer.path("extensions").path("cost").path("throttleStatus").isObject()).isTrue();
    for (JsonNode error : answer.path("errors")) {
      assertThat(error.path("extensions").path("code").asText()).isEqualTo("THROTTLED");
    }
    if (!answer.hasNonNull("data")) {
      return;
    }
    Map<String, Object> data =
        JSON.convertValue(
            answer.get("data"), new TypeReference<LinkedHashMap<String, Object>>() {});
    ExecutionResult replayed =
        GraphQL.newGraphQL(official).build().execute(input(JSON.readTree(body), data));
    assertThat(replayed.getErrors()).as(answer.toString()).isEmpty();
    Map<String, Object> replayedData = replayed.getData();
    assertThat(replayedData).as(answer.toString()).isEqualTo(data);
  }

  private static ExecutionInput input(JsonNode request, Map<String, Object> root) {
    return ExecutionInput.newExecutionInput(request.path("query").asText())
        .operationName(request.path("operationName").asText(null))
        .variables(
            new HashMap<>(
                JSON.convertValue(
                    request.path("variables"), new TypeReference<Map<String, Object>>() {})))
        .root(root)
        .build();
  }

  /** Sends a recorded body again, as the connector sent it, to see the emulator's answer. */
  private JsonNode resend(String body) throws Exception {
    HttpResponse<String> response =
        f.http.send(
            HttpRequest.newBuilder(
                    URI.create(f.server.baseUrl("shopify") + ShopifyConnector.GRAPHQL_PATH))
                .header("Content-Type", "application/json")
                .header(
                    ShopifyConnector.ACCESS_TOKEN_HEADER,
                    io.stocksync.emulator.shopify.ShopifyEmulator.DEFAULT_ACCESS_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
