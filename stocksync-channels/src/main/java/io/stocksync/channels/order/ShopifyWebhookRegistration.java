package io.stocksync.channels.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shopify's webhook subscriptions through the Admin GraphQL API (2026-10): {@code
 * webhookSubscriptions(uri:)} lists what is registered for the address, {@code
 * webhookSubscriptionCreate} adds each missing topic (JSON format), {@code
 * webhookSubscriptionDelete} removes them. Shopify signs every delivery with the app's client
 * secret, which the channel holds as {@code credentials.webhookSecret}; nothing is sent for it
 * here.
 */
public final class ShopifyWebhookRegistration implements WebhookRegistration {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The topics SPEC §9 reads, in GraphQL's spelling. */
  public static final List<String> TOPICS =
      List.of("ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_CANCELLED", "FULFILLMENTS_CREATE");

  static final String LIST =
      "query StockSyncWebhooks($uri: String) { webhookSubscriptions(first: 100, uri: $uri)"
          + " { nodes { id topic uri } } }";
  static final String CREATE =
      "mutation StockSyncWebhook($topic: WebhookSubscriptionTopic!,"
          + " $webhookSubscription: WebhookSubscriptionInput!) {"
          + " webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription)"
          + " { webhookSubscription { id topic } userErrors { field message } } }";
  static final String DELETE =
      "mutation StockSyncWebhookDelete($id: ID!) { webhookSubscriptionDelete(id: $id)"
          + " { deletedWebhookSubscriptionId userErrors { field message } } }";

  private final URI graphQl;
  private final String accessToken;
  private final HttpClient http;
  private final Duration timeout;

  public ShopifyWebhookRegistration(
      URI graphQl, String accessToken, HttpClient http, Duration timeout) {
    this.graphQl = graphQl;
    this.accessToken = accessToken;
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public int register(URI address) {
    Set<String> present = new HashSet<>();
    for (JsonNode s : listed(address)) {
      present.add(s.path("topic").asText());
    }
    int created = 0;
    for (String topic : TOPICS) {
      if (present.contains(topic)) {
        continue;
      }
      ObjectNode variables = JSON.createObjectNode();
      variables.put("topic", topic);
      ObjectNode input = variables.putObject("webhookSubscription");
      input.put("uri", address.toString());
      input.put("format", "JSON");
      JsonNode payload = call(CREATE, variables).path("data").path("webhookSubscriptionCreate");
      refuseUserErrors(payload, "webhookSubscriptionCreate " + topic);
      created++;
    }
    return created;
  }

  @Override
  public int unregister(URI address) {
    int removed = 0;
    for (JsonNode s : listed(address)) {
      ObjectNode variables = JSON.createObjectNode();
      variables.put("id", s.path("id").asText());
      JsonNode payload = call(DELETE, variables).path("data").path("webhookSubscriptionDelete");
      refuseUserErrors(payload, "webhookSubscriptionDelete");
      removed++;
    }
    return removed;
  }

  /** The subscriptions Shopify holds for the address (at most 100: four are ever made here). */
  private JsonNode listed(URI address) {
    ObjectNode variables = JSON.createObjectNode();
    variables.put("uri", address.toString());
    return call(LIST, variables).path("data").path("webhookSubscriptions").path("nodes");
  }

  private static void refuseUserErrors(JsonNode payload, String what) {
    JsonNode errors = payload.path("userErrors");
    if (errors.isArray() && !errors.isEmpty()) {
      throw new IllegalStateException("Shopify refused " + what + ": " + errors);
    }
  }

  private JsonNode call(String document, ObjectNode variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", document);
    body.set("variables", variables);
    JsonNode answer;
    try {
      answer =
          PollCalls.json(
              http,
              HttpRequest.newBuilder(graphQl)
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .header("X-Shopify-Access-Token", accessToken)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                  .build());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (answer.hasNonNull("errors")) {
      throw new IllegalStateException("Shopify refused the webhook call: " + answer.get("errors"));
    }
    return answer;
  }
}
