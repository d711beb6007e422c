package io.stocksync.emulator.woocommerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.storefront.Hmac;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.emulator.storefront.WebhookDispatcher;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * WooCommerce's webhooks: subscriptions made through {@code POST /wp-json/wc/v3/webhooks} ({@code
 * name}, {@code topic}, {@code delivery_url}, {@code secret}, {@code status}), listed with {@code
 * GET …/webhooks} and removed with {@code DELETE …/webhooks/{id}}; and their deliveries: {@code
 * order.created} when a customer buys, {@code order.updated} on every later change, the order
 * object as the body, signed {@code X-WC-Webhook-Signature: base64(HMAC-SHA256(secret, body))} with
 * the {@code X-WC-Webhook-Source}, {@code -Topic}, {@code -Resource}, {@code -Event}, {@code -ID}
 * and {@code -Delivery-ID} headers.
 *
 * <p>Thread-safe: the subscriptions are guarded by this object's lock.
 */
final class WooCommerceWebhooks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter SITE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final List<String> RESOURCES = List.of("order", "product", "customer", "coupon");
  private static final List<String> EVENTS = List.of("created", "updated", "deleted", "restored");

  private record Subscription(Map<String, Object> view, URI address, String secret, String source) {
    long id() {
      return (Long) view.get("id");
    }

    boolean active() {
      return "active".equals(view.get("status"));
    }
  }

  private final Clock clock;
  private final WebhookDispatcher dispatcher;
  private final Map<Long, Subscription> subscriptions = new LinkedHashMap<>();
  private long lastId;

  WooCommerceWebhooks(Clock clock, WebhookDispatcher dispatcher) {
    this.clock = clock;
    this.dispatcher = dispatcher;
  }

  /** {@code POST /wp-json/wc/v3/webhooks}, already authenticated. */
  EmulatorResponse create(EmulatorRequest request) {
    JsonNode body;
    try {
      body = request.json();
    } catch (IllegalArgumentException e) {
      return WooCommerceEmulator.error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }
    if (!body.isObject()
        || !body.path("topic").isTextual()
        || !body.path("delivery_url").isTextual()) {
      return WooCommerceEmulator.error(
          400, "rest_missing_callback_param", "Missing parameter(s): topic, delivery_url");
    }
    String topic = body.get("topic").textValue();
    String[] parts = topic.split("\\.");
    if (parts.length != 2 || !RESOURCES.contains(parts[0]) || !EVENTS.contains(parts[1])) {
      return WooCommerceEmulator.error(
          400,
          "woocommerce_rest_webhook_invalid_topic",
          "Webhook topic is required and must be valid.");
    }
    URI address;
    try {
      address = URI.create(body.get("delivery_url").textValue());
      if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
        throw new IllegalArgumentException("not http");
      }
    } catch (IllegalArgumentException e) {
      return WooCommerceEmulator.error(
          400, "rest_invalid_param", "Invalid parameter(s): delivery_url");
    }
    String status = body.path("status").asText("active");
    if (!List.of("active", "paused", "disabled").contains(status)) {
      return WooCommerceEmulator.error(400, "rest_invalid_param", "Invalid parameter(s): status");
    }
    String secret =
        body.path("secret").isTextual() && !body.get("secret").textValue().isEmpty()
            ? body.get("secret").textValue()
            : HexFormat.of().formatHex(random());
    String source =
        "http://"
            + request.header("Host").orElse("127.0.0.1")
            + "/"
            + WooCommerceEmulator.NAME
            + "/";
    String now =
        SITE_TIME.format(clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    Map<String, Object> view = new LinkedHashMap<>();
    synchronized (this) {
      view.put("id", ++lastId);
      view.put("name", body.path("name").asText("Webhook created by the API"));
      view.put("status", status);
      view.put("topic", topic);
      view.put("resource", parts[0]);
      view.put("event", parts[1]);
      view.put("hooks", List.of("woocommerce_" + parts[0] + "_" + parts[1]));
      view.put("delivery_url", address.toString());
      view.put("secret", secret);
      view.put("date_created", now);
      view.put("date_created_gmt", now);
      view.put("date_modified", now);
      view.put("date_modified_gmt", now);
      subscriptions.put(lastId, new Subscription(view, address, secret, source));
    }
    return EmulatorResponse.json(201, view);
  }

  /** {@code GET /wp-json/wc/v3/webhooks}. */
  synchronized EmulatorResponse list() {
    return EmulatorResponse.json(
        200, subscriptions.values().stream().map(Subscription::view).toList());
  }

  /** {@code DELETE /wp-json/wc/v3/webhooks/{id}} (WooCommerce needs {@code force=true}). */
  EmulatorResponse delete(EmulatorRequest request, String id) {
    if (!request.queryParam("force").map("true"::equals).orElse(false)) {
      return WooCommerceEmulator.error(
          501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
    }
    Subscription removed;
    synchronized (this) {
      removed = id.matches("[0-9]{1,18}") ? subscriptions.remove(Long.parseLong(id)) : null;
    }
    if (removed == null) {
      return WooCommerceEmulator.error(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
    }
    return EmulatorResponse.json(200, removed.view());
  }

  /** Sends {@code order.created} or {@code order.updated} to every active subscription of it. */
  void changed(Order order) {
    String topic = order.state() == OrderState.PLACED ? "order.created" : "order.updated";
    List<Subscription> targets = new ArrayList<>();
    synchronized (this) {
      subscriptions.values().stream()
          .filter(s -> s.active() && topic.equals(s.view().get("topic")))
          .forEach(targets::add);
    }
    String body;
    try {
      body = JSON.writeValueAsString(WooCommerceOrders.view(order));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    for (Subscription subscription : targets) {
      String delivery = UUID.randomUUID().toString();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-WC-Webhook-Source", subscription.source());
      headers.put("X-WC-Webhook-Topic", topic);
      headers.put("X-WC-Webhook-Resource", "order");
      headers.put("X-WC-Webhook-Event", topic.substring("order.".length()));
      headers.put(
          "X-WC-Webhook-Signature",
          Hmac.base64Sha256(
              subscription.secret(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      headers.put("X-WC-Webhook-ID", Long.toString(subscription.id()));
      headers.put("X-WC-Webhook-Delivery-ID", delivery);
      headers.put("User-Agent", "WooCommerce/10.0 Hookshot (WordPress/6.8; StockSync emulator)");
      dispatcher.send(topic, subscription.address(), delivery, headers, body);
    }
  }

  /** The subscription's secret, for tests that verify signatures. */
  synchronized Optional<String> secret(long id) {
    return Optional.ofNullable(subscriptions.get(id)).map(Subscription::secret);
  }

  synchronized void clear() {
    subscriptions.clear();
    lastId = 0;
  }

  private static byte[] random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
