package io.stocksync.emulator.shopify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Shopify's leaky bucket of query cost points: it holds up to {@code maximumAvailable} points and
 * refills continuously at {@code restoreRate} points per second of the injected clock. A request
 * runs only if the bucket holds its requested cost, which is then taken out.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class CostBucket {

  /** The bucket's state as Shopify reports it in {@code extensions.cost.throttleStatus}. */
  record Status(double maximumAvailable, int currentlyAvailable, double restoreRate) {}

  private final Clock clock;
  private final ShopifyPlan plan;
  private double available;
  private Instant refilledAt;

  CostBucket(Clock clock, ShopifyPlan plan) {
    this.clock = clock;
    this.plan = plan;
    this.available = plan.maximumAvailable();
    this.refilledAt = clock.instant();
  }

  /** Takes {@code cost} points if the bucket holds them; says whether it did. */
  synchronized boolean tryTake(int cost) {
    refill();
    if (available < cost) {
      return false;
    }
    available -= cost;
    return true;
  }

  /** Fills the bucket to the brim. */
  synchronized void fill() {
    available = plan.maximumAvailable();
    refilledAt = clock.instant();
  }

  synchronized Status status() {
    refill();
    return new Status(plan.maximumAvailable(), (int) Math.floor(available), plan.restoreRate());
  }

  private void refill() {
    Instant now = clock.instant();
    if (now.isAfter(refilledAt)) {
      double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
      available = Math.min(plan.maximumAvailable(), available + seconds * plan.restoreRate());
      refilledAt = now;
    }
  }
}
