package io.stocksync.emulator.shopify;

import io.stocksync.emulator.Faults;
import io.stocksync.emulator.storefront.HeldFigures;
import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.emulator.storefront.HeldStock;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventory a Shopify store holds in the emulator: the {@code available} quantity of each
 * inventory item at each location, and the answers already given per idempotency key.
 *
 * <p>Thread-safe: every method is synchronized, so a whole {@code inventorySetQuantities} (check
 * every item, then apply all or none) is atomic with respect to concurrent requests.
 */
final class ShopifyInventory {

  /** Shopify caps every input array at 250 items (https://shopify.dev/api/usage/limits). */
  static final int MAX_INPUT_ARRAY = 250;

  /** Shopify's bounds on a quantity (the INVALID_QUANTITY_TOO_HIGH / _TOO_LOW codes). */
  static final int MAX_QUANTITY = 1_000_000_000;

  /** The only quantity name the emulator models. */
  static final String AVAILABLE = "available";

  /**
   * The inventory change reasons Shopify accepts (its "possible reasons" list for inventory
   * quantity changes).
   */
  static final Set<String> REASONS =
      Set.of(
          "correction",
          "cycle_count_available",
          "damaged",
          "movement_canceled",
          "movement_created",
          "movement_received",
          "movement_updated",
          "other",
          "promotion",
          "quality_control",
          "received",
          "reservation_created",
          "reservation_deleted",
          "reservation_updated",
          "restock",
          "safety_stock",
          "shrinkage");

  /** The key under which {@link #level} leaves the held quantity for the quantities fetcher. */
  static final String HELD_QUANTITY = "_heldQuantity";

  private static final Pattern ITEM_GID = Pattern.compile("gid://shopify/InventoryItem/(\\d+)");
  private static final Pattern LOCATION_GID = Pattern.compile("gid://shopify/Location/(\\d+)");

  private record Level(int quantity, Instant createdAt, Instant updatedAt) {}

  private record Answer(Map<String, Object> input, Map<String, Object> payload) {}

  private final Clock clock;
  private final Faults faults;
  private final Map<String, Level> levels = new TreeMap<>();
  private final Map<String, Answer> answers = new HashMap<>();
  private long adjustmentGroups;

  private final HeldLog log;

  ShopifyInventory(Clock clock, Faults faults, HeldLog log) {
    this.clock = clock;
    this.faults = faults;
    this.log = log;
  }

  /** The quantity key of SPEC §8: the gids as sent. */
  static String key(String inventoryItemId, String locationId) {
    return inventoryItemId + "@" + locationId;
  }

  /**
   * Runs {@code inventorySetQuantities}: a repeat of an idempotency key with the same input gets
   * the first answer and changes nothing; otherwise every item is checked, and all are applied only
   * when none has an error. Returns the {@code InventorySetQuantitiesPayload} as a map.
   */
  synchronized Map<String, Object> setQuantities(Map<String, Object> input, String idempotencyKey) {
    Answer earlier = answers.get(idempotencyKey);
    if (earlier != null) {
      if (earlier.input().equals(input)) {
        return earlier.payload();
      }
      return payload(
          null,
          List.of(
              userError(
                  null,
                  "This idempotency key was already used with different input; use a new key.",
                  "IDEMPOTENCY_KEY_PARAMETER_MISMATCH")));
    }
    Map<String, Object> payload = apply(input);
    answers.put(idempotencyKey, new Answer(input, payload));
    return payload;
  }

  private Map<String, Object> apply(Map<String, Object> input) {
    List<Map<String, Object>> errors = new ArrayList<>();
    if (!AVAILABLE.equals(input.get("name"))) {
      errors.add(
          userError(
              List.of("input", "name"),
              "The emulator models only the 'available' quantity name.",
              "INVALID_NAME"));
    }
    if (!REASONS.contains(input.get("reason"))) {
      errors.add(
          userError(
              List.of("input", "reason"),
              "'" + input.get("reason") + "' is not an accepted inventory change reason.",
              "INVALID_REASON"));
    }
    if (!ReferenceDocuments.valid(input.get("referenceDocumentUri"))) {
      errors.add(
          userError(
              List.of("input", "referenceDocumentUri"),
              "The specified reference document is invalid.",
              "INVALID_REFERENCE_DOCUMENT"));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> quantities = (List<Map<String, Object>>) input.get("quantities");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < quantities.size(); i++) {
      checkItem(
          quantities.get(i), List.of("input", "quantities", Integer.toString(i)), seen, errors);
    }
    if (!errors.isEmpty()) {
      return payload(null, errors);
    }
    Instant now = now();
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Map<String, Object> item : quantities) {
      String itemId = (String) item.get("inventoryItemId");
      String locationId = (String) item.get("locationId");
      int quantity = (Integer) item.get("quantity");
      String key = key(itemId, locationId);
      Level before = levels.get(key);
      int delta = quantity - (before == null ? 0 : before.quantity());
      levels.put(key, new Level(quantity, before == null ? now : before.createdAt(), now));
      log.record(
          key, before == null ? null : (long) before.quantity(), quantity, HeldLog.Cause.WRITE);
      if (delta != 0) {
        // Setting "available" moves "on_hand" by the same delta; Shopify reports both changes.
        changes.add(change(AVAILABLE, delta, quantity, itemId, locationId));
        changes.add(change("on_hand", delta, quantity, itemId, locationId));
      }
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("__typename", "InventoryAdjustmentGroup");
    group.put("id", "gid://shopify/InventoryAdjustmentGroup/" + (++adjustmentGroups));
    group.put("createdAt", now.toString());
    group.put("reason", input.get("reason"));
    group.put("referenceDocumentUri", input.get("referenceDocumentUri"));
    group.put("app", null);
    group.put("staffMember", null);
    group.put("changes", List.copyOf(changes));
    return payload(group, List.of());
  }

  private void checkItem(
      Map<String, Object> item,
      List<String> path,
      Set<String> seen,
      List<Map<String, Object>> errors) {
    String itemId = (String) item.get("inventoryItemId");
    String locationId = (String) item.get("locationId");
    int quantity = (Integer) item.get("quantity");
    if (!ITEM_GID.matcher(itemId).matches()) {
      errors.add(
          userError(
              with(path, "inventoryItemId"),
              "'" + itemId + "' is not an InventoryItem global id.",
              "INVALID_INVENTORY_ITEM"));
      return;
    }
    if (!LOCATION_GID.matcher(locationId).matches()) {
      errors.add(
          userError(
              with(path, "locationId"),
              "'" + locationId + "' is not a Location global id.",
              "INVALID_LOCATION"));
      return;
    }
    String key = key(itemId, locationId);
    if (!seen.add(key)) {
      errors.add(
          userError(
              path,
              "The same inventory item and location appear twice.",
              "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"));
      return;
    }
    if (quantity < 0) {
      errors.add(
          userError(
              with(path, "quantity"),
              "The quantity must not be negative.",
              "INVALID_QUANTITY_NEGATIVE"));
      return;
    }
    if (quantity > MAX_QUANTITY) {
      errors.add(
          userError(
              with(path, "quantity"),
              "The quantity must not exceed " + MAX_QUANTITY + ".",
              "INVALID_QUANTITY_TOO_HIGH"));
      return;
    }
    if (!item.containsKey("changeFromQuantity")) {
      errors.add(
          userError(
              with(path, "changeFromQuantity"),
              "changeFromQuantity must be given for every quantity; pass null to skip the check.",
              "COMPARE_QUANTITY_REQUIRED"));
      return;
    }
    if (faults.failsListing(itemId, key)) {
      errors.add(
          userError(
              with(path, "inventoryItemId"),
              "This inventory item cannot be changed through the API (emulator fault).",
              "NON_MUTABLE_INVENTORY_ITEM"));
      return;
    }
    Level level = levels.get(key);
    if (level == null && !faults.createUnknown()) {
      errors.add(unknown(path, itemId, locationId));
      return;
    }
    Object expected = item.get("changeFromQuantity");
    int held = level == null ? 0 : level.quantity();
    if (expected != null && ((Integer) expected) != held) {
      errors.add(
          userError(
              with(path, "changeFromQuantity"),
              "changeFromQuantity does not match the quantity held now; read it again and retry.",
              "CHANGE_FROM_QUANTITY_STALE"));
    }
  }

  private Map<String, Object> unknown(List<String> path, String itemId, String locationId) {
    boolean itemKnown = levels.keySet().stream().anyMatch(k -> k.startsWith(itemId + "@"));
    boolean locationKnown = levels.keySet().stream().anyMatch(k -> k.endsWith("@" + locationId));
    if (itemKnown && !locationKnown) {
      return userError(
          with(path, "locationId"),
          "The location " + locationId + " was not found.",
          "INVALID_LOCATION");
    }
    return userError(
        with(path, "inventoryItemId"),
        "The inventory item " + itemId + " was not found at " + locationId + ".",
        "INVALID_INVENTORY_ITEM");
  }

  /**
   * Whether an inventory item can be read: known at some location, or unknown items are created.
   */
  synchronized boolean readable(String inventoryItemId) {
    return faults.createUnknown()
        || levels.keySet().stream().anyMatch(k -> k.startsWith(inventoryItemId + "@"));
  }

  /** Whether a location exists: something is stocked at it, or unknown listings are created. */
  synchronized boolean locationKnown(String locationId) {
    return faults.createUnknown()
        || levels.keySet().stream().anyMatch(k -> k.endsWith("@" + locationId));
  }

  /**
   * The {@code InventoryLevel} of an item at a location as a map, or null when it does not exist
   * (and unknown listings are not created). An unknown level reads as 0 without being created.
   */
  synchronized Map<String, Object> level(String inventoryItemId, String locationId) {
    Level level = levels.get(key(inventoryItemId, locationId));
    if (level == null && !faults.createUnknown()) {
      return null;
    }
    Instant now = now();
    Level shown = level != null ? level : new Level(0, now, now);
    String levelId =
        "gid://shopify/InventoryLevel/"
            + number(LOCATION_GID, locationId)
            + "?inventory_item_id="
            + number(ITEM_GID, inventoryItemId);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", levelId);
    map.put("isActive", true);
    map.put("canDeactivate", false);
    map.put("createdAt", shown.createdAt().toString());
    map.put("updatedAt", shown.updatedAt().toString());
    map.put("item", Map.of("id", inventoryItemId));
    map.put("location", Map.of("id", locationId));
    map.put(HELD_QUANTITY, shown.quantity());
    return map;
  }

  /** The quantities per key, sorted. */
  synchronized Map<String, Long> quantities() {
    Map<String, Long> view = new TreeMap<>();
    levels.forEach((key, level) -> view.put(key, (long) level.quantity()));
    return view;
  }

  /** Sets quantities by key ({@code <inventoryItemId>@<locationId>}). */
  synchronized void seed(Map<String, Long> quantities) {
    Instant now = now();
    quantities.forEach(
        (key, quantity) -> {
          if (key.indexOf('@') < 1) {
            throw new IllegalArgumentException(
                "a Shopify key is <inventoryItemId>@<locationId>, not '" + key + "'");
          }
          if (quantity < Integer.MIN_VALUE || quantity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the quantity of '" + key + "' is not a 32-bit Int");
          }
        });
    quantities.forEach(
        (key, quantity) -> {
          Level before = levels.get(key);
          levels.put(
              key, new Level(quantity.intValue(), before == null ? now : before.createdAt(), now));
          log.record(
              key, before == null ? null : (long) before.quantity(), quantity, HeldLog.Cause.SEED);
        });
  }

  /** The storefront's view of the held figures: Shopify keys of two gids. */
  HeldStock heldStock() {
    return new HeldStock() {
      @Override
      public void checkKey(String key) {
        int at = key.indexOf('@');
        if (at < 1
            || !ITEM_GID.matcher(key.substring(0, at)).matches()
            || !LOCATION_GID.matcher(key.substring(at + 1)).matches()) {
          throw new IllegalArgumentException(
              "a Shopify key is gid://shopify/InventoryItem/N@gid://shopify/Location/M, not '"
                  + key
                  + "'");
        }
      }

      @Override
      public String take(Map<String, Long> units) {
        synchronized (ShopifyInventory.this) {
          return HeldFigures.take(units, ShopifyInventory.this::held, logged(HeldLog.Cause.SALE));
        }
      }

      @Override
      public void putBack(Map<String, Long> units) {
        synchronized (ShopifyInventory.this) {
          HeldFigures.putBack(units, ShopifyInventory.this::held, logged(HeldLog.Cause.PUT_BACK));
        }
      }
    };
  }

  private java.util.function.BiConsumer<String, Long> logged(HeldLog.Cause cause) {
    return (key, quantity) -> {
      log.record(key, held(key), quantity, cause);
      set(key, quantity);
    };
  }

  private Long held(String key) {
    Level level = levels.get(key);
    return level == null ? null : (long) level.quantity();
  }

  private void set(String key, long quantity) {
    Level before = levels.get(key);
    Instant now = now();
    levels.put(key, new Level((int) quantity, before == null ? now : before.createdAt(), now));
  }

  /** Forgets every level and idempotency record. */
  synchronized void reset() {
    levels.clear();
    answers.clear();
    adjustmentGroups = 0;
  }

  private Instant now() {
    // Shopify's DateTime values carry whole seconds.
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String number(Pattern gid, String id) {
    Matcher matcher = gid.matcher(id);
    return matcher.matches() ? matcher.group(1) : id;
  }

  private static Map<String, Object> change(
      String name, int delta, int after, String itemId, String locationId) {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("name", name);
    change.put("delta", delta);
    change.put("quantityAfterChange", after);
    change.put("ledgerDocumentUri", null);
    change.put("item", Map.of("id", itemId));
    change.put("location", Map.of("id", locationId));
    return change;
  }

  private static Map<String, Object> payload(
      Map<String, Object> group, List<Map<String, Object>> errors) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("inventoryAdjustmentGroup", group);
    payload.put("userErrors", List.copyOf(errors));
    return payload;
  }

  private static Map<String, Object> userError(List<String> field, String message, String code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("message", message);
    error.put("code", code);
    return error;
  }

  private static List<String> with(List<String> path, String field) {
    List<String> longer = new ArrayList<>(path);
    longer.add(field);
    return List.copyOf(longer);
  }
}
