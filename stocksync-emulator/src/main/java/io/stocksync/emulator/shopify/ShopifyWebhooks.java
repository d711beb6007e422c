package io.stocksync.emulator.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.emulator.storefront.Hmac;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.WebhookDispatcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shopify's webhook subscriptions ({@code webhookSubscriptionCreate}, {@code webhookSubscriptions},
 * {@code webhookSubscriptionDelete}) and their deliveries: {@code orders/create} when a customer
 * buys; {@code orders/cancelled} and {@code orders/updated} on a cancel; {@code
 * fulfillments/create}, {@code orders/fulfilled} and {@code orders/updated} on a shipment; {@code
 * orders/updated} on a return. Bodies are the REST Admin API's order (or fulfillment) JSON, a
 * subset of its fields; each delivery carries {@code X-Shopify-Topic}, {@code
 * X-Shopify-Hmac-Sha256} (base64 HMAC-SHA256 of the raw body with the app's client secret), {@code
 * X-Shopify-Shop-Domain}, {@code X-Shopify-Webhook-Id}, {@code X-Shopify-Event-Id}, {@code
 * X-Shopify-Triggered-At} and {@code X-Shopify-API-Version}.
 *
 * <p>Thread-safe: the subscriptions are guarded by this object's lock.
 */
final class ShopifyWebhooks {

  /** The shop's domain in {@code X-Shopify-Shop-Domain}. */
  static final String SHOP_DOMAIN = "stocksync-emulator.myshopify.com";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter REST_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private final Clock clock;
  private final String secret;
  private final WebhookDispatcher dispatcher;
  private final Map<Long, Map<String, Object>> subscriptions = new LinkedHashMap<>();
  private long lastId;

  ShopifyWebhooks(Clock clock, String secret, WebhookDispatcher dispatcher) {
    this.clock = clock;
    this.secret = secret;
    this.dispatcher = dispatcher;
  }

  /** The GraphQL topic of a REST topic: {@code orders/create} → {@code ORDERS_CREATE}. */
  static String graphqlTopic(String topic) {
    return topic.replace('/', '_').toUpperCase(java.util.Locale.ROOT);
  }

  /** {@code webhookSubscriptionCreate}: the payload map. */
  synchronized Map<String, Object> create(String topic, Map<String, Object> input) {
    Object uri = input.get("uri") != null ? input.get("uri") : input.get("callbackUrl");
    String format = input.get("format") == null ? "JSON" : (String) input.get("format");
    List<Map<String, Object>> errors = new ArrayList<>();
    URI address = null;
    if (!(uri instanceof String text) || text.isBlank()) {
      errors.add(
          userError(List.of("webhookSubscription", "callbackUrl"), "Address can't be blank"));
    } else {
      try {
        address = URI.create(text);
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
          errors.add(
              userError(
                  List.of("webhookSubscription", "callbackUrl"),
                  "Address protocol " + address.getScheme() + ":// is not supported"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(userError(List.of("webhookSubscription", "callbackUrl"), "Address is invalid"));
      }
    }
    if (!"JSON".equals(format)) {
      errors.add(
          userError(List.of("webhookSubscription", "format"), "The emulator delivers JSON only"));
    }
    if (errors.isEmpty()) {
      for (Map<String, Object> existing : subscriptions.values()) {
        if (existing.get("topic").equals(topic) && existing.get("uri").equals(uri)) {
          errors.add(
              userError(
                  List.of("webhookSubscription", "callbackUrl"),
                  "Address for this topic has already been taken"));
        }
      }
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    if (!errors.isEmpty()) {
      payload.put("webhookSubscription", null);
      payload.put("userErrors", errors);
      return payload;
    }
    long id = ++lastId;
    String now = ShopifyOrders.time(clock.instant());
    Map<String, Object> subscription = new LinkedHashMap<>();
    subscription.put("__typename", "WebhookSubscription");
    subscription.put("id", "gid://shopify/WebhookSubscription/" + id);
    subscription.put("legacyResourceId", Long.toString(id));
    subscription.put("topic", topic);
    subscription.put("uri", uri);
    subscription.put("callbackUrl", uri);
    subscription.put("format", format);
    subscription.put("name", input.get("name"));
    subscription.put("filter", input.get("filter"));
    subscription.put("includeFields", List.of());
    subscription.put("metafieldNamespaces", List.of());
    subscription.put("metafields", List.of());
    subscription.put("createdAt", now);
    subscription.put("updatedAt", now);
    subscription.put(
        "apiVersion",
        Map.of(
            "handle",
            ShopifyEmulator.API_VERSION,
            "displayName",
            ShopifyEmulator.API_VERSION,
            "supported",
            true));
    subscription.put("endpoint", Map.of("__typename", "WebhookHttpEndpoint", "callbackUrl", uri));
    subscription.put("_address", address);
    subscriptions.put(id, subscription);
    payload.put("webhookSubscription", subscription);
    payload.put("userErrors", List.of());
    return payload;
  }

  /** {@code webhookSubscriptionDelete}: the payload map. */
  synchronized Map<String, Object> delete(String id) {
    Map<String, Object> payload = new LinkedHashMap<>();
    String prefix = "gid://shopify/WebhookSubscription/";
    Map<String, Object> removed = null;
    if (id.startsWith(prefix) && id.substring(prefix.length()).matches("[0-9]{1,18}")) {
      removed = subscriptions.remove(Long.parseLong(id.substring(prefix.length())));
    }
    payload.put("deletedWebhookSubscriptionId", removed == null ? null : id);
    payload.put(
        "userErrors",
        removed == null
            ? List.of(userError(List.of("id"), "Webhook subscription does not exist"))
            : List.of());
    return payload;
  }

  /** The subscriptions, oldest first, of {@code topics} (null: every topic). */
  synchronized List<Map<String, Object>> subscriptions(List<String> topics) {
    return subscriptions.values().stream()
        .filter(s -> topics == null || topics.contains(s.get("topic")))
        .toList();
  }

  /** Sends the webhooks an order's change triggers. */
  void changed(Order order) {
    switch (order.state()) {
      case PLACED -> deliver("orders/create", orderJson(order));
      case CANCELLED -> {
        deliver("orders/cancelled", orderJson(order));
        deliver("orders/updated", orderJson(order));
      }
      case SHIPPED -> {
        deliver("fulfillments/create", fulfillmentJson(order));
        deliver("orders/fulfilled", orderJson(order));
        deliver("orders/updated", orderJson(order));
      }
      case RETURNED -> deliver("orders/updated", orderJson(order));
    }
  }

  private void deliver(String topic, Map<String, Object> payload) {
    String graphqlTopic = graphqlTopic(topic);
    List<URI> targets = new ArrayList<>();
    synchronized (this) {
      subscriptions.values().stream()
          .filter(s -> graphqlTopic.equals(s.get("topic")))
          .forEach(s -> targets.add((URI) s.get("_address")));
    }
    if (targets.isEmpty()) {
      return;
    }
    String body;
    try {
      body = JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String eventId = UUID.randomUUID().toString();
    String signature = Hmac.base64Sha256(secret, body.getBytes(StandardCharsets.UTF_8));
    for (URI target : targets) {
      String webhookId = UUID.randomUUID().toString();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-Shopify-Topic", topic);
      headers.put("X-Shopify-Hmac-Sha256", signature);
      headers.put("X-Shopify-Shop-Domain", SHOP_DOMAIN);
      headers.put("X-Shopify-Webhook-Id", webhookId);
      headers.put("X-Shopify-Event-Id", eventId);
      headers.put("X-Shopify-Triggered-At", clock.instant().toString());
      headers.put("X-Shopify-API-Version", ShopifyEmulator.API_VERSION);
      dispatcher.send(topic, target, webhookId, headers, body);
    }
  }

  /** The REST Admin API order, the fields the emulator fills. */
  static Map<String, Object> orderJson(Order order) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", Long.parseLong(order.id()));
    json.put("admin_graphql_api_id", "gid://shopify/Order/" + order.id());
    json.put("name", "#" + (1000 + order.number()));
    json.put("order_number", 1000 + order.number());
    json.put("created_at", restTime(order.createdAt()));
    json.put("updated_at", restTime(order.updatedAt()));
    json.put("cancelled_at", restTime(order.cancelledAt()));
    json.put("cancel_reason", order.cancelledAt() == null ? null : "customer");
    json.put("fulfillment_status", ShopifyOrders.fulfilled(order) ? "fulfilled" : null);
    json.put("location_id", legacy(ShopifyOrders.locationId(order.lines().get(0))));
    json.put("line_items", order.lines().stream().map(line -> lineJson(order, line)).toList());
    return json;
  }

  private static Map<String, Object> fulfillmentJson(Order order) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", Long.parseLong(order.id()));
    json.put("admin_graphql_api_id", "gid://shopify/Fulfillment/" + order.id());
    json.put("order_id", Long.parseLong(order.id()));
    json.put("status", "success");
    json.put("created_at", restTime(order.shippedAt()));
    json.put("updated_at", restTime(order.shippedAt()));
    json.put("location_id", legacy(ShopifyOrders.locationId(order.lines().get(0))));
    json.put("line_items", order.lines().stream().map(line -> lineJson(order, line)).toList());
    return json;
  }

  private static Map<String, Object> lineJson(Order order, OrderLine line) {
    long variant = legacy(ShopifyOrders.item(line));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", Long.parseLong(line.lineId()));
    json.put("admin_graphql_api_id", "gid://shopify/LineItem/" + line.lineId());
    json.put("variant_id", variant);
    json.put("sku", null);
    json.put("quantity", line.quantity());
    json.put(
        "current_quantity",
        order.state() == io.stocksync.emulator.storefront.OrderState.CANCELLED
            ? 0
            : line.quantity());
    json.put(
        "fulfillable_quantity",
        order.state() == io.stocksync.emulator.storefront.OrderState.PLACED ? line.quantity() : 0);
    json.put("fulfillment_status", ShopifyOrders.fulfilled(order) ? "fulfilled" : null);
    return json;
  }

  private static long legacy(String gid) {
    return Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1));
  }

  private static String restTime(Instant instant) {
    return instant == null
        ? null
        : REST_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  private static Map<String, Object> userError(List<String> field, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("message", message);
    return error;
  }

  synchronized void clear() {
    subscriptions.clear();
    lastId = 0;
  }
}
