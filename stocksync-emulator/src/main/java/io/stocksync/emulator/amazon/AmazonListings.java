package io.stocksync.emulator.amazon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.storefront.HeldFigures;
import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.emulator.storefront.HeldStock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seller-fulfilled availability (the whole {@code DEFAULT} entry of {@code
 * fulfillment_availability}, whose {@code quantity} is what SPEC §8 shows) of every listing the
 * Amazon emulator holds, keyed {@code <sellerId>/<sku>} (SPEC §8), and the one rule for changing it
 * that the Listings Items API and the JSON listings feed share.
 *
 * <p>Thread-safe: every method is synchronized, so a submission is checked and applied atomically.
 */
final class AmazonListings {

  /**
   * The verdict on one submission.
   *
   * @param issues why it was refused; empty when it was accepted
   */
  record Verdict(List<ListingIssue> issues) {
    boolean accepted() {
      return issues.isEmpty();
    }
  }

  private final Faults faults;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The {@code DEFAULT} entry of {@code fulfillment_availability} of each listing, whole. */
  private final Map<String, ObjectNode> entries = new TreeMap<>();

  private final HeldLog log;

  AmazonListings(Faults faults, HeldLog log) {
    this.log = log;
    this.faults = faults;
  }

  /** The quantity key of SPEC §8. */
  static String key(String sellerId, String sku) {
    return sellerId + "/" + sku;
  }

  /**
   * Checks a submission for {@code sku} of {@code sellerId} whose effect on the quantity is {@code
   * outcome} and, unless {@code dryRun}, applies it: an unknown listing is created (at 0, then the
   * new quantity if any) when {@code createUnknown} is on.
   */
  synchronized Verdict submit(
      String sellerId, String sku, FulfillmentAvailability.Outcome outcome, boolean dryRun) {
    List<ListingIssue> issues = new ArrayList<>(outcome.issues());
    String key = key(sellerId, sku);
    if (issues.isEmpty() && faults.failsListing(key, sku)) {
      issues.add(ListingIssue.fault());
    }
    if (issues.isEmpty() && !entries.containsKey(key) && !faults.createUnknown()) {
      issues.add(ListingIssue.unknownSku(sku));
    }
    if (issues.isEmpty() && !dryRun) {
      Long before = held(key);
      outcome.applyTo(entries.computeIfAbsent(key, k -> defaultEntry(0)));
      Long after = held(key);
      if (after != null && !after.equals(before)) {
        log.record(key, before, after, HeldLog.Cause.WRITE);
      }
    }
    return new Verdict(List.copyOf(issues));
  }

  /** Deletes a listing (a feed's DELETE message), with the same fault checks as a submission. */
  synchronized Verdict delete(String sellerId, String sku) {
    String key = key(sellerId, sku);
    if (faults.failsListing(key, sku)) {
      return new Verdict(List.of(ListingIssue.fault()));
    }
    if (!entries.containsKey(key) && !faults.createUnknown()) {
      return new Verdict(List.of(ListingIssue.unknownSku(sku)));
    }
    entries.remove(key);
    return new Verdict(List.of());
  }

  /** The quantity held for a listing, or null when it does not exist. */
  synchronized Long quantity(String sellerId, String sku) {
    ObjectNode entry = entries.get(key(sellerId, sku));
    return entry == null ? null : FulfillmentAvailability.quantityOf(entry);
  }

  synchronized Map<String, Long> quantities() {
    Map<String, Long> quantities = new TreeMap<>();
    entries.forEach((key, entry) -> quantities.put(key, FulfillmentAvailability.quantityOf(entry)));
    return quantities;
  }

  /**
   * A copy of the listing's {@code DEFAULT} fulfillment availability entry as Amazon would show it
   * ({@code fulfillment_channel_code}, {@code quantity}, and whatever else the seller set, such as
   * {@code lead_time_to_ship_max_days}); null when the listing does not exist.
   */
  synchronized ObjectNode entry(String key) {
    ObjectNode entry = entries.get(key);
    return entry == null ? null : entry.deepCopy();
  }

  /** Sets a listing's whole {@code DEFAULT} entry (its channel code is set to {@code DEFAULT}). */
  synchronized void seedEntry(String key, ObjectNode entry) {
    checkKey(key);
    ObjectNode copy = entry.deepCopy();
    copy.put("fulfillment_channel_code", FulfillmentAvailability.DEFAULT_CHANNEL);
    if (FulfillmentAvailability.quantityOf(copy) < 0) {
      throw new IllegalArgumentException("the quantity of '" + key + "' is negative");
    }
    entries.put(key, copy);
  }

  private static ObjectNode defaultEntry(long quantity) {
    ObjectNode entry = NODES.objectNode();
    entry.put("fulfillment_channel_code", FulfillmentAvailability.DEFAULT_CHANNEL);
    entry.put("quantity", quantity);
    return entry;
  }

  private static void checkKey(String key) {
    int slash = key.indexOf('/');
    if (slash < 1 || slash == key.length() - 1) {
      throw new IllegalArgumentException("an Amazon key is <sellerId>/<sku>, not '" + key + "'");
    }
  }

  /** Sets quantities by key; every key must be {@code <sellerId>/<sku>}. */
  synchronized void seed(Map<String, Long> seeds) {
    seeds.forEach(
        (key, quantity) -> {
          checkKey(key);
          if (quantity < 0) {
            throw new IllegalArgumentException("the quantity of '" + key + "' is negative");
          }
        });
    // Seeding a quantity keeps the rest of an existing entry, as a merge would.
    seeds.forEach(
        (key, quantity) -> {
          log.record(key, held(key), quantity, HeldLog.Cause.SEED);
          entries.computeIfAbsent(key, k -> defaultEntry(0)).put("quantity", quantity);
        });
  }

  /**
   * The storefront's view of the held figures, keyed {@code <sellerId>/<sku>}; {@code first} runs
   * before each change (the feeds whose time has come are processed).
   */
  HeldStock heldStock(Runnable first) {
    return new HeldStock() {
      @Override
      public void checkKey(String key) {
        AmazonListings.checkKey(key);
      }

      @Override
      public String take(Map<String, Long> units) {
        first.run();
        synchronized (AmazonListings.this) {
          return HeldFigures.take(units, AmazonListings.this::held, logged(HeldLog.Cause.SALE));
        }
      }

      @Override
      public void putBack(Map<String, Long> units) {
        first.run();
        synchronized (AmazonListings.this) {
          HeldFigures.putBack(units, AmazonListings.this::held, logged(HeldLog.Cause.PUT_BACK));
        }
      }
    };
  }

  private Long held(String key) {
    ObjectNode entry = entries.get(key);
    return entry == null ? null : FulfillmentAvailability.quantityOf(entry);
  }

  private void set(String key, long quantity) {
    entries.computeIfAbsent(key, k -> defaultEntry(0)).put("quantity", quantity);
  }

  private java.util.function.BiConsumer<String, Long> logged(HeldLog.Cause cause) {
    return (key, quantity) -> {
      log.record(key, held(key), quantity, cause);
      set(key, quantity);
    };
  }

  synchronized void clear() {
    entries.clear();
  }
}
