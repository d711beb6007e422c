package io.stocksync.emulator.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.storefront.HeldFigures;
import io.stocksync.emulator.storefront.HeldStock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inventory the Flipkart emulator holds per SKU and location, keyed {@code <sku>@<locationId>}
 * (SPEC §8), and the checks of one inventory update.
 *
 * <p>Each SKU of an update is judged on its own and applied whole (all its locations) or not at
 * all; its answer is a {@code ListingChangeResponse} — {@code status} {@code SUCCESS} or {@code
 * FAILURE}, {@code errors}, {@code attribute_errors} — the shape of Flipkart's SDK model.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class FlipkartInventory {

  /** "Length Range -> 13 to 16 characters" for {@code product_id} (the API page). */
  static final int MIN_PRODUCT_ID = 13;

  static final int MAX_PRODUCT_ID = 16;

  private final Faults faults;
  private final Map<String, Long> quantities = new TreeMap<>();

  /** The {@code product_id} each SKU was last updated with. */
  private final Map<String, String> productIds = new TreeMap<>();

  FlipkartInventory(Faults faults) {
    this.faults = faults;
  }

  static String key(String sku, String locationId) {
    return sku + "@" + locationId;
  }

  /** Applies an update body (SKU → request) and answers SKU → ListingChangeResponse. */
  synchronized Map<String, Object> update(JsonNode body) {
    Map<String, Object> answer = new LinkedHashMap<>();
    body.properties()
        .forEach(entry -> answer.put(entry.getKey(), updateSku(entry.getKey(), entry.getValue())));
    return answer;
  }

  private Map<String, Object> updateSku(String sku, JsonNode request) {
    List<Map<String, Object>> errors = new ArrayList<>();
    List<Map<String, Object>> attributeErrors = new ArrayList<>();
    Map<String, Long> changes = new LinkedHashMap<>();
    if (!request.isObject()) {
      errors.add(error(1001, "The update for this SKU must be an object"));
      return response(errors, attributeErrors);
    }
    JsonNode productId = request.get("product_id");
    if (productId == null
        || !productId.isTextual()
        || productId.textValue().length() < MIN_PRODUCT_ID
        || productId.textValue().length() > MAX_PRODUCT_ID) {
      attributeErrors.add(
          attributeError(
              1002,
              "product_id must be the product's Flipkart id, "
                  + MIN_PRODUCT_ID
                  + " to "
                  + MAX_PRODUCT_ID
                  + " characters",
              "product_id"));
    }
    JsonNode locations = request.get("locations");
    if (locations == null || !locations.isArray() || locations.isEmpty()) {
      attributeErrors.add(
          attributeError(1003, "locations must list one or more locations", "locations"));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < locations.size(); i++) {
        JsonNode location = locations.get(i);
        String at = "locations[" + i + "]";
        JsonNode id = location.get("id");
        if (id == null || !id.isTextual() || id.textValue().isBlank()) {
          attributeErrors.add(attributeError(1004, "the location id is required", at + ".id"));
          continue;
        }
        JsonNode amount = location.get("inventory");
        if (amount == null
            || !amount.isIntegralNumber()
            || !amount.canConvertToLong()
            || amount.longValue() < 0) {
          attributeErrors.add(
              attributeError(1005, "inventory must be a non-negative integer", at + ".inventory"));
          continue;
        }
        if (!seen.add(id.textValue())) {
          attributeErrors.add(attributeError(1006, "the same location appears twice", at + ".id"));
          continue;
        }
        changes.put(id.textValue(), amount.longValue());
      }
    }
    if (attributeErrors.isEmpty()) {
      for (String locationId : changes.keySet()) {
        String key = key(sku, locationId);
        if (faults.failsListing(key, sku)) {
          errors.add(
              error(
                  1007,
                  "The inventory of this listing cannot be updated (the emulator's failListings"
                      + " fault)"));
          break;
        }
        if (!quantities.containsKey(key) && !faults.createUnknown()) {
          errors.add(
              error(
                  1008,
                  "SKU "
                      + sku
                      + " has no listing at location "
                      + locationId
                      + " (the emulator's createUnknown is off)"));
          break;
        }
      }
    }
    if (errors.isEmpty() && attributeErrors.isEmpty()) {
      changes.forEach((locationId, amount) -> quantities.put(key(sku, locationId), amount));
      productIds.put(sku, productId.textValue());
    }
    return response(errors, attributeErrors);
  }

  private static Map<String, Object> response(
      List<Map<String, Object>> errors, List<Map<String, Object>> attributeErrors) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("status", errors.isEmpty() && attributeErrors.isEmpty() ? "SUCCESS" : "FAILURE");
    response.put("errors", errors);
    response.put("attribute_errors", attributeErrors);
    return response;
  }

  private static Map<String, Object> error(int code, String description) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("severity", "ERROR");
    error.put("code", code);
    error.put("description", description);
    return error;
  }

  private static Map<String, Object> attributeError(int code, String description, String path) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("severity", "ERROR");
    error.put("code", code);
    error.put("description", description);
    error.put("attribute", path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path);
    error.put("path", path);
    return error;
  }

  /**
   * The listings v3 read of {@code skus}: {@code {"available":{sku:{"sku_id","product_id",
   * "locations":[{"id","status","inventory"}]}},"unavailable":[sku…],"invalid":[]}}. A SKU held at
   * no location is unavailable, unless unknown listings are created, when it reads as held nowhere
   * (an empty {@code locations}). The shape is our reading of Flipkart's listings v3 documentation.
   */
  synchronized Map<String, Object> read(List<String> skus) {
    Map<String, Object> available = new LinkedHashMap<>();
    List<String> unavailable = new ArrayList<>();
    for (String sku : skus) {
      List<Map<String, Object>> locations = new ArrayList<>();
      quantities.forEach(
          (key, amount) -> {
            if (key.lastIndexOf('@') == sku.length() && key.startsWith(sku)) {
              Map<String, Object> location = new LinkedHashMap<>();
              location.put("id", key.substring(sku.length() + 1));
              location.put("status", "ENABLED");
              location.put("inventory", amount);
              locations.add(location);
            }
          });
      if (locations.isEmpty() && !faults.createUnknown()) {
        unavailable.add(sku);
        continue;
      }
      Map<String, Object> listing = new LinkedHashMap<>();
      listing.put("sku_id", sku);
      listing.put("product_id", productIds.get(sku));
      listing.put("listing_status", "ACTIVE");
      listing.put("locations", locations);
      available.put(sku, listing);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("available", available);
    answer.put("unavailable", unavailable);
    answer.put("invalid", List.of());
    return answer;
  }

  synchronized Map<String, Long> quantities() {
    return new TreeMap<>(quantities);
  }

  /** Sets quantities by key; every key must be {@code <sku>@<locationId>}. */
  synchronized void seed(Map<String, Long> seeds) {
    seeds.forEach(
        (key, quantity) -> {
          int at = key.lastIndexOf('@');
          if (at < 1 || at == key.length() - 1) {
            throw new IllegalArgumentException(
                "a Flipkart key is <sku>@<locationId>, not '" + key + "'");
          }
          if (quantity < 0) {
            throw new IllegalArgumentException("the quantity of '" + key + "' is negative");
          }
        });
    quantities.putAll(seeds);
  }

  /** The storefront's view of the held figures, keyed {@code <sku>@<locationId>}. */
  HeldStock heldStock() {
    return new HeldStock() {
      @Override
      public void checkKey(String key) {
        int at = key.lastIndexOf('@');
        if (at < 1 || at == key.length() - 1) {
          throw new IllegalArgumentException(
              "a Flipkart key is <sku>@<locationId>, not '" + key + "'");
        }
      }

      @Override
      public String take(Map<String, Long> units) {
        synchronized (FlipkartInventory.this) {
          return HeldFigures.take(units, quantities::get, quantities::put);
        }
      }

      @Override
      public void putBack(Map<String, Long> units) {
        synchronized (FlipkartInventory.this) {
          HeldFigures.putBack(units, quantities::get, quantities::put);
        }
      }
    };
  }

  synchronized void clear() {
    quantities.clear();
    productIds.clear();
  }
}
