package io.stocksync.channels.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The client's mirror of Shopify's calculated-cost leaky bucket (GraphQL Admin API rate limits,
 * https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): every answer's {@code
 * extensions.cost.throttleStatus} says how full the bucket is, how big it is and how fast it
 * refills; between answers the mirror refills at that rate and takes each call's expected cost.
 * Nothing is assumed about a plan's figures: until the first answer, calls go unpaced and learn
 * them.
 *
 * <p>Thread-safe.
 */
final class CostBucketPacer {

  /**
   * What a mutation is expected to cost until an answer says ({@code requestedQueryCost}): 10, the
   * cost Shopify has long given a mutation field (the emulator uses it too). Not on the current
   * rate-limits page, hence learned from each answer.
   */
  static final double FIRST_MUTATION_COST = 10;

  private double maximum = Double.NaN;
  private double available = Double.NaN;
  private double restoreRate = Double.NaN;
  private Instant at;
  private double mutationCost = FIRST_MUTATION_COST;

  /** How long until the bucket holds a mutation's cost; zero when it does (or is not known). */
  synchronized Duration delay(Instant now) {
    if (Double.isNaN(available)) {
      return Duration.ZERO;
    }
    double level = level(now);
    if (level >= mutationCost) {
      return Duration.ZERO;
    }
    return seconds((mutationCost - level) / restoreRate);
  }

  /**
   * The share of the cost bucket spent by the last status Shopify reported, restored since: 0
   * (full) to 1 (empty); NaN until an answer has reported one.
   */
  synchronized double inUse(Instant now) {
    if (Double.isNaN(available)) {
      return Double.NaN;
    }
    return Math.max(0, Math.min(1, 1 - level(now) / maximum));
  }

  /** Takes a call's expected cost from the mirror. */
  synchronized void took(double cost, Instant now) {
    if (!Double.isNaN(available)) {
      available = level(now) - cost;
      at = now;
    }
  }

  /** The cost a mutation is expected to take. */
  synchronized double mutationCost() {
    return mutationCost;
  }

  /**
   * Reads an answer's {@code extensions.cost}: the bucket as Shopify reports it, and (for a
   * mutation) the cost it asked for.
   */
  synchronized void observe(JsonNode cost, boolean mutation, Instant now) {
    if (cost == null || !cost.isObject()) {
      return;
    }
    JsonNode requested = cost.get("requestedQueryCost");
    if (mutation && requested != null && requested.isNumber() && requested.doubleValue() > 0) {
      mutationCost = requested.doubleValue();
    }
    JsonNode status = cost.get("throttleStatus");
    if (status == null || !status.isObject()) {
      return;
    }
    JsonNode max = status.get("maximumAvailable");
    JsonNode current = status.get("currentlyAvailable");
    JsonNode rate = status.get("restoreRate");
    if (max != null && current != null && rate != null && rate.doubleValue() > 0) {
      maximum = max.doubleValue();
      available = current.doubleValue();
      restoreRate = rate.doubleValue();
      at = now;
    }
  }

  /**
   * How long a throttled call must wait for the bucket to hold {@code cost}, by the last status
   * read; {@code fallback} when none was.
   */
  synchronized Duration waitFor(double cost, Instant now, Duration fallback) {
    if (Double.isNaN(available)) {
      return fallback;
    }
    double missing = cost - level(now);
    return missing <= 0 ? seconds(1 / restoreRate) : seconds(missing / restoreRate);
  }

  /** The points the shop's bucket holds now by the last status read; NaN before any. */
  synchronized double levelAt(Instant now) {
    return Double.isNaN(available) ? Double.NaN : level(now);
  }

  /** The bucket's size as last reported; NaN before any. */
  synchronized double maximum() {
    return maximum;
  }

  /** The points restored a second as last reported; NaN before any. */
  synchronized double restoreRate() {
    return restoreRate;
  }

  private double level(Instant now) {
    double elapsed = now.isAfter(at) ? Duration.between(at, now).toNanos() / 1e9 : 0;
    return Math.min(maximum, available + elapsed * restoreRate);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) Math.ceil(s * 1e9));
  }
}
