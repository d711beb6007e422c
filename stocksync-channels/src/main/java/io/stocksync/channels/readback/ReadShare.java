package io.stocksync.channels.readback;

import java.time.Duration;
import java.time.Instant;

/**
 * A level reader's own share of its marketplace's rate budget (SPEC §12: at most a tenth): a token
 * bucket of {@code rate} units a second holding up to {@code capacity} units, apart from the
 * buckets pushes are paced by, so that a read never takes a push's turn. A unit is whatever the
 * marketplace counts: a request (Amazon, Flipkart, WooCommerce) or a query cost point (Shopify).
 *
 * <p>A read that asks more units than the bucket holds is refused with {@link ReadBackPaced} and
 * the wait until it would fit; one that asks more than the capacity goes when the bucket is full,
 * leaving it in debt, so that the share over time stays the rate. Thread-safe.
 */
public final class ReadShare {

  /** The share of a marketplace's published rate that reads may use. */
  public static final double SHARE = 0.1;

  private final String what;
  private double rate;
  private double capacity;
  private double units;
  private Instant at;

  /**
   * A full bucket of {@code capacity} units refilled at {@code rate} units a second; {@code what}
   * names the budget in the refusal (e.g. "Amazon getListingsItem").
   */
  public ReadShare(String what, double rate, double capacity) {
    check(rate, capacity);
    this.what = what;
    this.rate = rate;
    this.capacity = capacity;
    this.units = capacity;
  }

  /**
   * A tenth of a published rate and burst, in requests: {@code rate / 10} a second, a capacity of a
   * tenth of the burst but at least one request.
   */
  public static ReadShare tenthOf(String what, double publishedRate, double publishedBurst) {
    return new ReadShare(what, publishedRate * SHARE, Math.max(1, publishedBurst * SHARE));
  }

  /**
   * Takes {@code cost} units for a read about to go.
   *
   * @throws ReadBackPaced with the wait when the share does not hold them (nothing taken)
   */
  public synchronized void take(double cost, Instant now) {
    refill(now);
    double needed = Math.min(cost, capacity);
    if (units < needed) {
      Duration wait = Duration.ofNanos((long) Math.ceil((needed - units) / rate * 1e9));
      throw new ReadBackPaced(
          "the read share of "
              + what
              + " ("
              + format(rate)
              + " a second) is spent: "
              + format(units)
              + " of "
              + format(cost)
              + " left",
          wait);
    }
    units -= cost;
  }

  /** Takes one unit (one request). */
  public void take(Instant now) {
    take(1, now);
  }

  /** Gives back units a read did not use (a marketplace that charged less than asked). */
  public synchronized void giveBack(double cost, Instant now) {
    refill(now);
    units = Math.min(capacity, units + Math.max(0, cost));
  }

  /**
   * Follows a new rate and capacity (the marketplace said it applies another budget); the units
   * held are kept, up to the new capacity.
   */
  public synchronized void resize(double newRate, double newCapacity, Instant now) {
    check(newRate, newCapacity);
    refill(now);
    rate = newRate;
    capacity = newCapacity;
    units = Math.min(units, capacity);
  }

  /** The units restored a second. */
  public synchronized double rate() {
    return rate;
  }

  /** The most units the bucket holds. */
  public synchronized double capacity() {
    return capacity;
  }

  private void refill(Instant now) {
    if (at != null && now.isAfter(at)) {
      double seconds = Duration.between(at, now).toNanos() / 1e9;
      units = Math.min(capacity, units + seconds * rate);
    }
    if (at == null || now.isAfter(at)) {
      at = now;
    }
  }

  private static void check(double rate, double capacity) {
    if (!(rate > 0) || !(capacity > 0)) {
      throw new IllegalArgumentException("a read share's rate and capacity must be positive");
    }
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format("%.3f", d);
  }
}
