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
 * WooCommerce's webhooks through its REST API v3: {@code GET /wp-json/wc/v3/webhooks} lists them
 * (those whose {@code delivery_url} is the address count as ours), {@code POST …/webhooks} adds
 * each missing topic with the channel's {@code credentials.webhookSecret} as its secret
 * (WooCommerce then signs {@code X-WC-Webhook-Signature} with it), {@code DELETE
 * …/webhooks/{id}?force=true} removes one.
 *
 * <p>Not confirmed: a store with more than 100 webhooks would need paging of the list; only its
 * first page is read here.
 */
public final class WooCommerceWebhookRegistration implements WebhookRegistration {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The topics SPEC §9 reads. */
  public static final List<String> TOPICS = List.of("order.created", "order.updated");

  private static final String PATH = "/wp-json/wc/v3/webhooks";

  private final URI base;
  private final String authorization;
  private final String secret;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param base the channel's {@code baseUrl}
   * @param secret the secret WooCommerce signs deliveries with ({@code credentials.webhookSecret})
   */
  public WooCommerceWebhookRegistration(
      URI base, String authorization, String secret, HttpClient http, Duration timeout) {
    this.base = base;
    this.authorization = authorization;
    this.secret = secret;
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public int register(URI address) {
    Set<String> present = new HashSet<>();
    for (JsonNode w : listed(address)) {
      present.add(w.path("topic").asText());
    }
    int created = 0;
    for (String topic : TOPICS) {
      if (present.contains(topic)) {
        continue;
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("name", "StockSync " + topic);
      body.put("topic", topic);
      body.put("delivery_url", address.toString());
      body.put("secret", secret);
      body.put("status", "active");
      try {
        PollCalls.json(
            http,
            request(PATH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      created++;
    }
    return created;
  }

  @Override
  public int unregister(URI address) {
    int removed = 0;
    for (JsonNode w : listed(address)) {
      PollCalls.json(
          http, request(PATH + "/" + w.path("id").asLong() + "?force=true").DELETE().build());
      removed++;
    }
    return removed;
  }

  private List<JsonNode> listed(URI address) {
    JsonNode all = PollCalls.json(http, request(PATH + "?per_page=100").GET().build());
    List<JsonNode> ours = new java.util.ArrayList<>();
    for (JsonNode w : all) {
      if (address.toString().equals(w.path("delivery_url").asText())) {
        ours.add(w);
      }
    }
    return ours;
  }

  private HttpRequest.Builder request(String path) {
    String root = base.toString().replaceAll("/+$", "");
    return HttpRequest.newBuilder(URI.create(root + path))
        .timeout(timeout)
        .header("Authorization", authorization);
  }
}
