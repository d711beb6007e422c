package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document served at {@code /openapi.json} describes the server exactly: every route
 * the server has is in it, and every operation in it answers its documented example with a status
 * it documents and a body that fits the documented schema, and answers a bad request and a missing
 * key with documented problems.
 */
class OpenApiContractTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private JsonNode doc;
  private SchemaCheck schemas;

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    shop = api.account("Shop");
    api.standardSetUp(shop);
    doc = check(api.get("/openapi.json", null)).json();
    schemas = new SchemaCheck(doc);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private record Operation(String method, String path, JsonNode spec) {}

  private List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> m : p.getValue().properties()) {
        ops.add(
            new Operation(m.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey(), m.getValue()));
      }
    }
    return ops;
  }

  @Test
  void documentsEveryRouteTheServerHasAndNoOther() {
    Set<String> documented = new HashSet<>();
    operations().forEach(o -> documented.add(o.method() + " " + o.path()));
    Set<String> served = new HashSet<>();
    api.server.routes().forEach(r -> served.add(r.method() + " " + r.path()));

    assertThat(documented).isEqualTo(served);
  }

  private String concrete(String path) {
    return path.replace("{sku}", "MUG")
        .replace("{code}", "WH1")
        .replace("{id}", "hook")
        .replace("{channelId}", "hook");
  }

  /** Checks an answer against the operation's documented responses. */
  private void assertDocumented(Operation op, TestApi.Answer answer, String what) {
    JsonNode response = op.spec().path("responses").path(Integer.toString(answer.status()));
    assertThat(response.isMissingNode())
        .as(
            "%s %s (%s) answered %d, which it does not document: %s",
            op.method(), op.path(), what, answer.status(), answer.body())
        .isFalse();
    JsonNode content = response.path("content");
    if (content.isMissingNode()) {
      return;
    }
    assertThat(content.has(answer.contentType()))
        .as(
            "%s %s (%s) answered %s, documented %s",
            op.method(), op.path(), what, answer.contentType(), content)
        .isTrue();
    if (answer.contentType().contains("json")) {
      List<String> errors =
          schemas.check(answer.json(), content.path(answer.contentType()).path("schema"));
      assertThat(errors)
          .as("%s %s (%s): %s", op.method(), op.path(), what, answer.body())
          .isEmpty();
    }
  }

  @Test
  void everyOperationAnswersItsExampleAsDocumented() {
    List<Operation> deletions = new ArrayList<>();
    for (Operation op : operations()) {
      if (op.spec().has("security") && op.spec().has("requestBody")) {
        continue; // signed by a marketplace, not by a key: OrderFeedApiTest sends signed examples
      }
      JsonNode body = op.spec().path("requestBody").path("content");
      if (op.method().equals("DELETE")) {
        deletions.add(op); // last, so that what the other operations read is still there
        continue;
      }
      if (body.isMissingNode()) {
        assertDocumented(op, api.get(concrete(op.path()), shop.key()), "as documented");
        continue;
      }
      for (Map.Entry<String, JsonNode> type : body.properties()) {
        JsonNode example = type.getValue().path("example");
        assertThat(example.isMissingNode())
            .as("%s %s has an example", op.method(), op.path())
            .isFalse();
        byte[] bytes =
            (example.isTextual() ? example.asText() : example.toString())
                .getBytes(StandardCharsets.UTF_8);
        TestApi.Answer answer =
            api.send(op.method(), concrete(op.path()), shop.key(), type.getKey(), bytes);
        assertThat(answer.status())
            .as("%s %s: %s", op.method(), op.path(), answer.body())
            .isEqualTo(200);
        assertDocumented(op, answer, "example " + type.getKey());
      }
    }
    // The deepest first (a listing before its channel), each answered as documented: deleted, or
    // refused while the account's set-up holds it.
    deletions.sort(Comparator.comparingInt((Operation op) -> op.path().length()).reversed());
    for (Operation op : deletions) {
      assertDocumented(op, api.delete(concrete(op.path()), shop.key()), "as documented");
    }
  }

  @Test
  void everyOperationAnswersBadInputAndMissingKeysWithDocumentedProblems() {
    for (Operation op : operations()) {
      boolean secured = !op.spec().has("security");
      if (secured) {
        TestApi.Answer anonymous =
            api.send(op.method(), concrete(op.path()), null, "application/json", "{}".getBytes());
        assertThat(anonymous.status()).isEqualTo(401);
        assertDocumented(op, anonymous, "no key");
      }
      if (!secured && op.spec().has("requestBody")) {
        // A webhook: an unsigned body is refused before it is read, and changes nothing.
        TestApi.Answer unsigned =
            api.send(
                op.method(), concrete(op.path()), shop.key(), "application/json", "{}".getBytes());
        assertThat(unsigned.status()).isEqualTo(401);
        assertDocumented(op, unsigned, "unsigned");
      } else if (op.spec().has("requestBody")) {
        TestApi.Answer bad =
            api.send(
                op.method(),
                concrete(op.path()),
                shop.key(),
                "application/json",
                "{\"unknownField\":true}".getBytes());
        assertThat(bad.status()).isEqualTo(400);
        assertDocumented(op, bad, "bad body");
      } else if (op.path().startsWith("/v1/") && op.method().equals("GET")) {
        TestApi.Answer bad =
            api.get(concrete(op.path()).replace("MUG", "GHOST") + "?bogus=1", shop.key());
        assertThat(bad.status()).isIn(400, 404);
        assertDocumented(op, bad, "bad query");
      }
    }
  }

  @Test
  void theSchemaCheckerRefusesWhatDoesNotFit() {
    JsonNode sku = doc.at("/components/schemas/Sku");
    JsonNode good = check(api.get("/v1/skus/MUG", shop.key())).json();
    assertThat(schemas.check(good, sku)).isEmpty();

    com.fasterxml.jackson.databind.node.ObjectNode wrongType = good.deepCopy();
    wrongType.put("onHand", "many");
    com.fasterxml.jackson.databind.node.ObjectNode missing = good.deepCopy();
    missing.remove("available");
    com.fasterxml.jackson.databind.node.ObjectNode extra = good.deepCopy();
    extra.put("colour", "blue");
    com.fasterxml.jackson.databind.node.ObjectNode badState = good.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) badState.path("listings").get(0))
        .put("state", "LOST");

    assertThat(schemas.check(wrongType, sku)).singleElement().asString().contains("$.onHand");
    assertThat(schemas.check(missing, sku))
        .singleElement()
        .asString()
        .contains("missing available");
    assertThat(schemas.check(extra, sku)).singleElement().asString().contains("$.colour");
    assertThat(schemas.check(badState, sku)).singleElement().asString().contains("state");
  }
}
