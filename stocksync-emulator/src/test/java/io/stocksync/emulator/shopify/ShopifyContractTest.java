package io.stocksync.emulator.shopify;

import static io.stocksync.emulator.shopify.ShopifyRequests.LOCATION;
import static io.stocksync.emulator.shopify.ShopifyRequests.input;
import static io.stocksync.emulator.shopify.ShopifyRequests.item;
import static io.stocksync.emulator.shopify.ShopifyRequests.key;
import static io.stocksync.emulator.shopify.ShopifyRequests.quantity;
import static io.stocksync.emulator.shopify.ShopifyRequests.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.OfficialSpecs;
import io.stocksync.emulator.TestClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Shopify emulator against the official Admin API 2026-10 schema in {@code
 * ../shared/specs/shopify}: what it accepts is validated by that schema, and every answer it gives
 * is one that schema allows. Skipped when the schema is not beside the project.
 */
class ShopifyContractTest {

  private static final List<String> EMULATOR_ERROR_CODES =
      List.of("THROTTLED", "MAX_INPUT_SIZE_EXCEEDED", "BAD_REQUEST", "NOT_EMULATED");

  private static Path officialSchema;
  private static GraphQLSchema echo;

  @BeforeAll
  static void loadTheOfficialSchema() {
    Optional<Path> found = OfficialSpecs.find(OfficialSpecs.SHOPIFY_ADMIN_2026_10);
    if (found.isEmpty()) {
      return;
    }
    officialSchema = found.get();
    // Every field answers what the emulator's answer holds under its result key, so executing a
    // document over an answer coerces each value through the official schema's types.
    DataFetcher<Object> fromAnswer =
        env ->
            env.getSource() instanceof Map<?, ?> map
                ? map.get(env.getField().getResultKey())
                : null;
    echo = ShopifySchema.load(officialSchema).executable(wiring -> {}, fromAnswer);
  }

  @BeforeEach
  void skipWithoutTheOfficialSchema() {
    assumeTrue(
        officialSchema != null,
        "skipped: the official Shopify schema ../shared/specs/"
            + OfficialSpecs.SHOPIFY_ADMIN_2026_10
            + " was not found walking up from "
            + Path.of("").toAbsolutePath()
            + " (set -Dstocksync.specs.dir to the specs directory)");
  }

  @ParameterizedTest(name = "official schema in use: {0}")
  @ValueSource(booleans = {true, false})
  void everyAnswerIsOneTheOfficialSchemaAllows(boolean emulatorUsesOfficialSchema) {
    TestClock clock = new TestClock();
    ShopifyEmulator shopify =
        new ShopifyEmulator(
            ShopifyEmulator.Options.defaults()
                .withSchema(emulatorUsesOfficialSchema ? officialSchema : null),
            clock);
    assertThat(shopify.usesOfficialSchema()).isEqualTo(emulatorUsesOfficialSchema);
    try (EmulatorServer server = EmulatorServer.builder().clock(clock).add(shopify).start()) {
      Http http = new Http(server);
      shopify.seedQuantities(Map.of(key(1), 10L));
      List<Map<String, Object>> exchanges = new ArrayList<>();
      exchanges.add(variables(input(quantity(1, 8, 10), quantity(2, 3, null)), "applied"));
      exchanges.add(variables(input(quantity(1, 8, 10), quantity(2, 3, null)), "applied"));
      exchanges.add(variables(input(quantity(1, 1, 99)), "stale"));
      exchanges.add(variables(input(quantity(1, 1, 8)), "applied"));
      Map<String, Object> badName = input(quantity(1, 1, null));
      badName.put("name", "on_hand");
      badName.put("reason", "nope");
      exchanges.add(variables(badName, "bad-name"));
      List<Map<String, Object>> tooMany = new ArrayList<>();
      for (int i = 1; i <= 251; i++) {
        tooMany.add(quantity(i, 1, null));
      }
      exchanges.add(variables(input(tooMany), "too-many"));

      for (Map<String, Object> variables : exchanges) {
        assertConforms(http, ShopifyRequests.SET_QUANTITIES, variables);
      }
      shopify.faults().createUnknown(false);
      assertConforms(
          http, ShopifyRequests.SET_QUANTITIES, variables(input(quantity(5, 1, 0)), "u"));
      assertConforms(
          http, ShopifyRequests.READ_LEVEL, Map.of("item", item(1), "location", LOCATION));
      assertConforms(
          http, ShopifyRequests.READ_LEVEL, Map.of("item", item(404), "location", LOCATION));
    }
  }

  @Test
  void validatesTheDocumentsItAcceptsAgainstTheOfficialSchema() {
    TestClock clock = new TestClock();
    ShopifyEmulator shopify =
        new ShopifyEmulator(ShopifyEmulator.Options.defaults().withSchema(officialSchema), clock);
    try (EmulatorServer server = EmulatorServer.builder().clock(clock).add(shopify).start()) {
      Http http = new Http(server);
      // Shapes removed or never present in 2026-10: the pre-2026-04 compare fields, a made-up
      // payload field, and a missing required reason.
      List<String> invalid =
          List.of(
              """
              mutation { inventorySetQuantities(input: {name: "available", reason: "correction",
                ignoreCompareQuantity: true, quantities: [{inventoryItemId: "gid://shopify/InventoryItem/1",
                locationId: "gid://shopify/Location/1", quantity: 1, changeFromQuantity: null}]})
                @idempotent(key: "a") { userErrors { code } } }
              """,
              """
              mutation { inventorySetQuantities(input: {name: "available", reason: "correction",
                quantities: [{inventoryItemId: "gid://shopify/InventoryItem/1",
                locationId: "gid://shopify/Location/1", quantity: 1, compareQuantity: 0}]})
                @idempotent(key: "b") { userErrors { code } } }
              """,
              """
              mutation { inventorySetQuantities(input: {name: "available", reason: "correction",
                quantities: []}) @idempotent(key: "c") { userErrors { code } inventoryTotal } }
              """,
              """
              mutation { inventorySetQuantities(input: {name: "available",
                quantities: []}) @idempotent(key: "d") { userErrors { code } } }
              """);

      for (String document : invalid) {
        JsonNode answer = Http.json(ShopifyRequests.send(http, document, Map.of()));
        assertThat(answer.has("data")).as(document).isFalse();
        assertThat(answer.path("errors").get(0).path("message").asText())
            .as(document)
            .startsWith("Validation error");
      }
      assertThat(shopify.quantities()).isEmpty();
    }
    TypeDefinitionRegistry official = ShopifySchema.load(officialSchema).registry();
    GraphQLSchema validating = ShopifySchema.load(officialSchema).executable(wiring -> {});
    for (String document : List.of(ShopifyRequests.SET_QUANTITIES, ShopifyRequests.READ_LEVEL)) {
      assertThat(
              ParseAndValidate.parseAndValidate(
                      validating, ExecutionInput.newExecutionInput(document).build())
                  .getErrors())
          .as(document)
          .isEmpty();
    }
    assertThat(official.getTypeOrNull("InventorySetQuantitiesUserErrorCode")).isNotNull();
  }

  @Test
  void answersAnErrorForAFieldItDoesNotServe() {
    TestClock clock = new TestClock();
    ShopifyEmulator shopify =
        new ShopifyEmulator(ShopifyEmulator.Options.defaults().withSchema(officialSchema), clock);
    try (EmulatorServer server = EmulatorServer.builder().clock(clock).add(shopify).start()) {
      JsonNode answer =
          Http.json(ShopifyRequests.send(new Http(server), "{ shop { name } }", Map.of()));

      assertThat(answer.path("errors").get(0).path("extensions").path("code").asText())
          .isEqualTo("NOT_EMULATED");
    }
  }

  @Test
  void theBuiltInSchemaHasTheOfficialSignatures() {
    TypeDefinitionRegistry builtIn = ShopifySchema.fallback().registry();
    TypeDefinitionRegistry official = ShopifySchema.load(officialSchema).registry();

    builtIn
        .getTypes(ObjectTypeDefinition.class)
        .forEach(
            type -> {
              ObjectTypeDefinition real =
                  twin(official, type.getName(), ObjectTypeDefinition.class);
              for (FieldDefinition field : type.getFieldDefinitions()) {
                FieldDefinition twin =
                    real.getFieldDefinitions().stream()
                        .filter(f -> f.getName().equals(field.getName()))
                        .findFirst()
                        .orElseThrow(
                            () -> new AssertionError(type.getName() + "." + field.getName()));
                assertThat(AstPrinter.printAst(field.getType()))
                    .as(type.getName() + "." + field.getName())
                    .isEqualTo(AstPrinter.printAst(twin.getType()));
                assertThat(signatures(field.getInputValueDefinitions()))
                    .as(type.getName() + "." + field.getName() + " arguments")
                    .isSubsetOf(signatures(twin.getInputValueDefinitions()));
              }
            });
    builtIn
        .getTypes(InputObjectTypeDefinition.class)
        .forEach(
            type ->
                assertThat(signatures(type.getInputValueDefinitions()))
                    .as(type.getName())
                    .isEqualTo(
                        signatures(
                            twin(official, type.getName(), InputObjectTypeDefinition.class)
                                .getInputValueDefinitions())));
    builtIn
        .getTypes(EnumTypeDefinition.class)
        .forEach(
            type ->
                assertThat(names(type.getEnumValueDefinitions()))
                    .as(type.getName())
                    .isEqualTo(
                        names(
                            twin(official, type.getName(), EnumTypeDefinition.class)
                                .getEnumValueDefinitions())));
  }

  /** Sends a document and checks the answer against the official schema. */
  private static void assertConforms(Http http, String document, Map<String, Object> variables) {
    JsonNode answer = Http.json(ShopifyRequests.send(http, document, variables));
    assertThat(answer.path("extensions").path("cost").path("throttleStatus").isObject()).isTrue();
    // The only errors an answer may carry are the emulator's documented ones: an error graphql-java
    // raised itself (a value it could not serialize, a null in a non-null field) has no code.
    answer
        .path("errors")
        .forEach(
            error -> {
              assertThat(error.path("message").isTextual()).isTrue();
              assertThat(error.path("extensions").path("code").asText())
                  .as(error.toString())
                  .isIn(EMULATOR_ERROR_CODES);
            });
    if (!answer.hasNonNull("data")) {
      assertThat(answer.path("errors")).as(answer.toString()).isNotEmpty();
      return;
    }
    Map<String, Object> data =
        Http.JSON.convertValue(
            answer.get("data"), new TypeReference<LinkedHashMap<String, Object>>() {});
    ExecutionResult replayed =
        GraphQL.newGraphQL(echo)
            .build()
            .execute(
                ExecutionInput.newExecutionInput(document)
                    .variables(new HashMap<>(variables))
                    .root(data)
                    .build());
    assertThat(replayed.getErrors()).as(answer.toString()).isEmpty();
    Map<String, Object> replayedData = replayed.getData();
    assertThat(replayedData).as(answer.toString()).isEqualTo(data);
  }

  private static <T extends graphql.language.TypeDefinition<?>> T twin(
      TypeDefinitionRegistry official, String name, Class<T> kind) {
    T twin = official.getTypeOrNull(name, kind);
    assertThat(twin).as("official type " + name).isNotNull();
    return twin;
  }

  private static List<String> signatures(List<InputValueDefinition> values) {
    return values.stream()
        .map(v -> v.getName() + ": " + AstPrinter.printAst(v.getType()))
        .sorted()
        .toList();
  }

  private static List<String> names(List<EnumValueDefinition> values) {
    return values.stream().map(EnumValueDefinition::getName).sorted().toList();
  }
}
