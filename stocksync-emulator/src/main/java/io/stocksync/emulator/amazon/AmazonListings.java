package io.stocksync.emulator.amazon;

import io.stocksync.emulator.Faults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seller-fulfilled quantity of every listing the Amazon emulator holds, keyed {@code
 * <sellerId>/<sku>} (SPEC §8), and the one rule for changing it that the Listings Items API and the
 * JSON listings feed share.
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
  private final Map<String, Long> quantities = new TreeMap<>();

  AmazonListings(Faults faults) {
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
    if (issues.isEmpty() && !quantities.containsKey(key) && !faults.createUnknown()) {
      issues.add(ListingIssue.unknownSku(sku));
    }
    if (issues.isEmpty() && !dryRun) {
      long current = quantities.getOrDefault(key, 0L);
      quantities.put(key, outcome.quantity() != null ? outcome.quantity() : current);
    }
    return new Verdict(List.copyOf(issues));
  }

  /** Deletes a listing (a feed's DELETE message), with the same fault checks as a submission. */
  synchronized Verdict delete(String sellerId, String sku) {
    String key = key(sellerId, sku);
    if (faults.failsListing(key, sku)) {
      return new Verdict(List.of(ListingIssue.fault()));
    }
    if (!quantities.containsKey(key) && !faults.createUnknown()) {
      return new Verdict(List.of(ListingIssue.unknownSku(sku)));
    }
    quantities.remove(key);
    return new Verdict(List.of());
  }

  /** The quantity held for a listing, or null when it does not exist. */
  synchronized Long quantity(String sellerId, String sku) {
    return quantities.get(key(sellerId, sku));
  }

  synchronized Map<String, Long> quantities() {
    return new TreeMap<>(quantities);
  }

  /** Sets quantities by key; every key must be {@code <sellerId>/<sku>}. */
  synchronized void seed(Map<String, Long> seeds) {
    seeds.forEach(
        (key, quantity) -> {
          int slash = key.indexOf('/');
          if (slash < 1 || slash == key.length() - 1) {
            throw new IllegalArgumentException(
                "an Amazon key is <sellerId>/<sku>, not '" + key + "'");
          }
          if (quantity < 0) {
            throw new IllegalArgumentException("the quantity of '" + key + "' is negative");
          }
        });
    quantities.putAll(seeds);
  }

  synchronized void clear() {
    quantities.clear();
  }
}
