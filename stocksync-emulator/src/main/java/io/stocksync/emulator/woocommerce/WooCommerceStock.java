package io.stocksync.emulator.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.storefront.HeldFigures;
import io.stocksync.emulator.storefront.HeldStock;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stock the WooCommerce emulator holds per product and variation, keyed {@code <productId>} or
 * {@code <productId>/<variationId>} (SPEC §8), and one batch request applied to it.
 *
 * <p>Items are applied in order, each on its own: an item that fails gets an {@code error} object
 * in the answer ({@code {"id", "error":{"code","message","data":{"status"}}}}, as {@code
 * WC_REST_Controller::batch_items} builds it) and the others still apply.
 *
 * <p>Thread-safe: every method is synchronized, so a batch is applied atomically.
 */
final class WooCommerceStock {

  private static final class Stock {
    long quantity;
    boolean managed = true;

    /** A variation whose stock its parent product manages: WooCommerce shows "parent". */
    boolean byParent;

    Instant modifiedAt;

    Stock(long quantity, Instant modifiedAt) {
      this.quantity = quantity;
      this.modifiedAt = modifiedAt;
    }
  }

  private static final DateTimeFormatter SITE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private final Clock clock;
  private final Faults faults;
  private final Map<String, Stock> stock = new HashMap<>();

  WooCommerceStock(Clock clock, Faults faults) {
    this.clock = clock;
    this.faults = faults;
  }

  static String key(Long parentId, long id) {
    return parentId == null ? Long.toString(id) : parentId + "/" + id;
  }

  /**
   * Applies a batch to products ({@code parentId} null) or to the variations of product {@code
   * parentId}; answers {@code {"create":[…],"update":[…],"delete":[…]}} for the lists the request
   * had. Only {@code update} is modelled: created and deleted items get an error each.
   */
  synchronized Map<String, Object> batch(Long parentId, JsonNode body) {
    Map<String, Object> answer = new LinkedHashMap<>();
    JsonNode create = body.get("create");
    if (create != null && create.isArray() && !create.isEmpty()) {
      List<Object> created = new ArrayList<>();
      create.forEach(
          item ->
              created.add(
                  itemError(
                      0,
                      "stocksync_emulator_not_emulated",
                      "The emulator does not create products.",
                      501)));
      answer.put("create", created);
    }
    JsonNode update = body.get("update");
    if (update != null && update.isArray() && !update.isEmpty()) {
      List<Object> updated = new ArrayList<>();
      update.forEach(item -> updated.add(update(parentId, item)));
      answer.put("update", updated);
    }
    JsonNode delete = body.get("delete");
    if (delete != null && delete.isArray() && !delete.isEmpty()) {
      List<Object> deleted = new ArrayList<>();
      delete.forEach(
          id ->
              deleted.add(
                  itemError(
                      id.asLong(),
                      "stocksync_emulator_not_emulated",
                      "The emulator does not delete products.",
                      501)));
      answer.put("delete", deleted);
    }
    return answer;
  }

  private Object update(Long parentId, JsonNode item) {
    JsonNode idNode = item.isObject() ? item.get("id") : null;
    long id = idNode != null && idNode.canConvertToLong() ? idNode.asLong() : 0;
    if (id <= 0) {
      return invalidId(parentId, id);
    }
    String key = key(parentId, id);
    JsonNode manage = item.get("manage_stock");
    if (manage != null && !manage.isBoolean()) {
      return itemError(id, "rest_invalid_param", "Invalid parameter(s): manage_stock", 400);
    }
    JsonNode quantity = item.get("stock_quantity");
    Long newQuantity = null;
    if (quantity != null && !quantity.isNull()) {
      // WooCommerce takes whole numbers, also as numeric strings ("5").
      if (quantity.isIntegralNumber() && quantity.canConvertToLong()) {
        newQuantity = quantity.longValue();
      } else if (quantity.isTextual() && quantity.textValue().trim().matches("-?\\d{1,18}")) {
        newQuantity = Long.parseLong(quantity.textValue().trim());
      } else {
        return itemError(id, "rest_invalid_param", "Invalid parameter(s): stock_quantity", 400);
      }
    }
    if (faults.failsListing(key)) {
      return itemError(
          id,
          "woocommerce_rest_cannot_edit",
          "Sorry, you are not allowed to edit this resource. (the emulator's failListings fault)",
          403);
    }
    Stock current = stock.get(key);
    if (current == null) {
      if (!faults.createUnknown()) {
        return invalidId(parentId, id);
      }
      current = new Stock(0, now());
      stock.put(key, current);
    }
    if (manage != null) {
      current.managed = manage.booleanValue();
      current.byParent = false;
    }
    // WooCommerce keeps a stock quantity only for an item that manages its own stock: for one that
    // does not (or a variation its parent manages) stock_quantity changes nothing, and the answer's
    // manage_stock says why (false, or "parent").
    if (newQuantity != null && current.managed && !current.byParent) {
      current.quantity = newQuantity;
    }
    current.modifiedAt = now();
    return view(parentId, id, current);
  }

  /**
   * The products ({@code parentId} null) or the variations of product {@code parentId} that a list
   * request shows: those of {@code include} (every one when it is empty), by id, as the batch
   * answers show them. An id the store does not hold is left out, unless unknown listings are
   * created, when it shows at 0 (and is not created).
   */
  synchronized List<Map<String, Object>> list(Long parentId, List<Long> include) {
    List<Long> ids = new ArrayList<>();
    if (include.isEmpty()) {
      stock.keySet().stream()
          .filter(k -> parentId == null ? !k.contains("/") : k.startsWith(parentId + "/"))
          .map(k -> Long.parseLong(k.substring(k.indexOf('/') + 1)))
          .sorted()
          .forEach(ids::add);
    } else {
      include.stream().distinct().sorted().forEach(ids::add);
    }
    List<Map<String, Object>> shown = new ArrayList<>();
    for (long id : ids) {
      Stock current = stock.get(key(parentId, id));
      if (current == null && faults.createUnknown()) {
        current = new Stock(0, now());
      }
      if (current != null) {
        shown.add(view(parentId, id, current));
      }
    }
    return shown;
  }

  private static Map<String, Object> invalidId(Long parentId, long id) {
    return parentId == null
        ? itemError(id, "woocommerce_rest_product_invalid_id", "Invalid ID.", 400)
        : itemError(id, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.", 400);
  }

  /** The fields of a WooCommerce product (or variation) that stock sync reads; a subset. */
  private static Map<String, Object> view(Long parentId, long id, Stock current) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", id);
    if (parentId != null) {
      view.put("parent_id", parentId);
    } else {
      view.put("name", "Product " + id);
      view.put("type", "simple");
    }
    view.put("sku", "");
    view.put("date_modified", siteTime(current.modifiedAt));
    view.put("date_modified_gmt", siteTime(current.modifiedAt));
    boolean own = current.managed && !current.byParent;
    view.put("manage_stock", current.byParent ? "parent" : current.managed);
    view.put("stock_quantity", own ? current.quantity : null);
    view.put("stock_status", !current.managed || current.quantity > 0 ? "instock" : "outofstock");
    return view;
  }

  private static Map<String, Object> itemError(long id, String code, String message, int status) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("data", Map.of("status", status));
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id);
    item.put("error", error);
    return item;
  }

  /** WooCommerce dates: site time without an offset; the emulated site runs on UTC. */
  private static String siteTime(Instant instant) {
    return SITE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  private Instant now() {
    return clock.instant();
  }

  synchronized Map<String, Long> quantities() {
    Map<String, Long> view = new TreeMap<>();
    stock.forEach((key, current) -> view.put(key, current.quantity));
    return view;
  }

  /** Sets quantities by key ({@code <productId>} or {@code <productId>/<variationId>}). */
  synchronized void seed(Map<String, Long> seeds) {
    seeds
        .keySet()
        .forEach(
            key -> {
              if (!key.matches("[1-9][0-9]{0,17}(/[1-9][0-9]{0,17})?")) {
                throw new IllegalArgumentException(
                    "a WooCommerce key is <productId> or <productId>/<variationId>, not '"
                        + key
                        + "'");
              }
            });
    Instant now = now();
    seeds.forEach(
        (key, quantity) -> {
          Stock current = stock.get(key);
          if (current == null) {
            stock.put(key, new Stock(quantity, now));
          } else {
            current.quantity = quantity;
            current.modifiedAt = now;
          }
        });
  }

  /**
   * How the item at {@code key} manages its stock, as a seller set it in WooCommerce: {@code
   * "true"}, {@code "false"} or, for a variation, {@code "parent"}. Creates the item when missing.
   */
  synchronized void manageStock(String key, String how) {
    if (!how.equals("true") && !how.equals("false") && !how.equals("parent")) {
      throw new IllegalArgumentException(
          "manage_stock is true, false or parent, not '" + how + "'");
    }
    if (how.equals("parent") && !key.contains("/")) {
      throw new IllegalArgumentException(
          "only a variation (<productId>/<variationId>) has a parent");
    }
    Stock current = stock.computeIfAbsent(key, k -> new Stock(0, now()));
    current.managed = !how.equals("false");
    current.byParent = how.equals("parent");
    current.modifiedAt = now();
  }

  /**
   * The storefront's view of the held figures. A product that does not manage its stock ({@code
   * manage_stock: false}) sells any quantity and its figure does not move, as in WooCommerce.
   */
  HeldStock heldStock() {
    return new HeldStock() {
      @Override
      public void checkKey(String key) {
        if (!key.matches("[1-9][0-9]{0,17}(/[1-9][0-9]{0,17})?")) {
          throw new IllegalArgumentException(
              "a WooCommerce key is <productId> or <productId>/<variationId>, not '" + key + "'");
        }
      }

      @Override
      public String take(Map<String, Long> units) {
        synchronized (WooCommerceStock.this) {
          return HeldFigures.take(units, WooCommerceStock.this::held, WooCommerceStock.this::set);
        }
      }

      @Override
      public void putBack(Map<String, Long> units) {
        synchronized (WooCommerceStock.this) {
          HeldFigures.putBack(units, WooCommerceStock.this::held, WooCommerceStock.this::set);
        }
      }
    };
  }

  private Long held(String key) {
    Stock current = stock.get(key);
    if (current == null) {
      return null;
    }
    // An item that does not keep its own quantity (not managed, or a variation its parent
    // manages) sells any quantity here; the parent's own figure is not modelled.
    return current.managed && !current.byParent ? current.quantity : Long.MAX_VALUE;
  }

  private void set(String key, long quantity) {
    Stock current = stock.get(key);
    if (current == null) {
      stock.put(key, new Stock(quantity, now()));
    } else if (current.managed && !current.byParent) {
      current.quantity = quantity;
      current.modifiedAt = now();
    }
  }

  synchronized void clear() {
    stock.clear();
  }
}
