package io.stocksync.emulator.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.MarketplaceEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The storefront's control endpoints (SPEC §8), served by the emulator server for every emulator
 * that has a storefront:
 *
 * <ul>
 *   <li>{@code POST /emulator/{m}/orders} {@code {"lines":[{"listing","quantity"}]}}: a customer
 *       buys; 200 {@code {"accepted":true,"orderId"}} or {@code {"accepted":false,"reason"}};
 *   <li>{@code POST /emulator/{m}/orders/{orderId}/cancel|ship|return}: the order's life;
 *   <li>{@code GET /emulator/{m}/orders}: the orders, oldest first;
 *   <li>{@code GET /emulator/{m}/webhooks}: the webhook deliveries, oldest first.
 * </ul>
 *
 * <p>Stateless and thread-safe. A malformed request throws {@link IllegalArgumentException} naming
 * the field, which the server answers 400, and changes nothing.
 */
public final class StorefrontControl {

  private StorefrontControl() {}

  /** {@code POST /emulator/{m}/orders}. */
  public static EmulatorResponse buy(MarketplaceEmulator emulator, JsonNode body) {
    Storefront storefront = storefront(emulator);
    if (storefront == null) {
      return noStorefront(emulator);
    }
    List<Map.Entry<String, Long>> lines = lines(body, storefront.stock());
    Storefront.Purchase purchase = storefront.buy(lines);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("accepted", purchase.accepted());
    if (purchase.accepted()) {
      answer.put("orderId", purchase.order().id());
    } else {
      answer.put("reason", purchase.refusal());
    }
    return EmulatorResponse.json(200, answer);
  }

  /** {@code POST /emulator/{m}/orders/{orderId}/{action}}. */
  public static EmulatorResponse act(MarketplaceEmulator emulator, String orderId, String action) {
    Storefront storefront = storefront(emulator);
    if (storefront == null) {
      return noStorefront(emulator);
    }
    try {
      Order order =
          switch (action) {
            case "cancel" -> storefront.cancel(orderId);
            case "ship" -> storefront.ship(orderId);
            case "return" -> storefront.giveBack(orderId);
            default ->
                throw new IllegalArgumentException(
                    "unknown action '" + action + "'; known: cancel, ship, return");
          };
      return EmulatorResponse.json(200, order.view());
    } catch (NoSuchElementException e) {
      return EmulatorResponse.json(404, Map.of("error", e.getMessage()));
    } catch (IllegalStateException e) {
      return EmulatorResponse.json(409, Map.of("error", e.getMessage()));
    }
  }

  /** {@code GET /emulator/{m}/orders}. */
  public static EmulatorResponse list(MarketplaceEmulator emulator) {
    Storefront storefront = storefront(emulator);
    if (storefront == null) {
      return noStorefront(emulator);
    }
    return EmulatorResponse.json(200, storefront.orders().stream().map(Order::view).toList());
  }

  /** {@code GET /emulator/{m}/webhooks}. */
  public static EmulatorResponse deliveries(MarketplaceEmulator emulator) {
    return emulator
        .webhooks()
        .map(dispatcher -> EmulatorResponse.json(200, dispatcher.deliveries()))
        .orElseGet(
            () ->
                EmulatorResponse.json(
                    404,
                    Map.of("error", "the " + emulator.name() + " emulator sends no webhooks")));
  }

  private static Storefront storefront(MarketplaceEmulator emulator) {
    return emulator.storefront().orElse(null);
  }

  private static EmulatorResponse noStorefront(MarketplaceEmulator emulator) {
    return EmulatorResponse.json(
        404, Map.of("error", "the " + emulator.name() + " emulator has no storefront"));
  }

  private static List<Map.Entry<String, Long>> lines(JsonNode body, HeldStock stock) {
    if (!body.isObject()) {
      throw new IllegalArgumentException("an order must be a JSON object with \"lines\"");
    }
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!"lines".equals(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "'; known: lines");
              }
            });
    JsonNode lines = body.get("lines");
    if (lines == null || !lines.isArray() || lines.isEmpty()) {
      throw new IllegalArgumentException("lines must be a non-empty array");
    }
    List<Map.Entry<String, Long>> parsed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = lines.get(i);
      String at = "lines[" + i + "]";
      if (!line.isObject()) {
        throw new IllegalArgumentException(at + " must be an object");
      }
      JsonNode listing = line.get("listing");
      if (listing == null || !listing.isTextual() || listing.textValue().isBlank()) {
        throw new IllegalArgumentException(at + ".listing must be a non-blank listing key");
      }
      try {
        stock.checkKey(listing.textValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ".listing: " + e.getMessage());
      }
      JsonNode quantity = line.get("quantity");
      if (quantity == null
          || !quantity.isIntegralNumber()
          || !quantity.canConvertToInt()
          || quantity.intValue() < 1) {
        throw new IllegalArgumentException(at + ".quantity must be an integer ≥ 1");
      }
      parsed.add(Map.entry(listing.textValue(), quantity.longValue()));
    }
    return parsed;
  }
}
