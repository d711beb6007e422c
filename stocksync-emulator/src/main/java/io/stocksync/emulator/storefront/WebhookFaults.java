package io.stocksync.emulator.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The webhook fault controls of one emulator (SPEC §8): {@code webhookDelaySeconds} (every delivery
 * waits this long, real time), {@code dropWebhooks} (the next N deliveries, or {@code "all"}, are
 * never sent) and {@code duplicateWebhooks} (the next N deliveries are sent twice). Part of the
 * emulator's {@code Faults}: set with {@code POST /emulator/{m}/faults}, cleared by reset.
 *
 * <p>Thread-safe: every method is synchronized.
 */
public final class WebhookFaults {

  /** The field names this class owns in the fault-control document. */
  public static final Set<String> FIELDS =
      Set.of("webhookDelaySeconds", "dropWebhooks", "duplicateWebhooks");

  /** What to do with one delivery. */
  public record Plan(boolean drop, boolean duplicate, Duration delay) {}

  private Duration delay = Duration.ZERO;
  private boolean dropAll;
  private int drop;
  private int duplicate;

  /** Delays every delivery by {@code delay} (real time). */
  public synchronized void delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("webhookDelaySeconds must not be negative");
    }
    this.delay = delay;
  }

  /** Drops the next {@code count} deliveries. */
  public synchronized void drop(int count) {
    requireCount("dropWebhooks", count);
    this.dropAll = false;
    this.drop = count;
  }

  /** Drops every delivery until cleared. */
  public synchronized void dropAll() {
    this.dropAll = true;
    this.drop = 0;
  }

  /** Sends each of the next {@code count} deliveries twice. */
  public synchronized void duplicate(int count) {
    requireCount("duplicateWebhooks", count);
    this.duplicate = count;
  }

  /** Takes the plan for one more delivery, counting the faults down. */
  public synchronized Plan next() {
    boolean dropped = dropAll || drop > 0;
    if (drop > 0) {
      drop--;
    }
    boolean doubled = !dropped && duplicate > 0;
    if (doubled) {
      duplicate--;
    }
    return new Plan(dropped, doubled, delay);
  }

  /** Clears every webhook fault. */
  public synchronized void clear() {
    delay = Duration.ZERO;
    dropAll = false;
    drop = 0;
    duplicate = 0;
  }

  /** The controls in force, as the fault view shows them. */
  public synchronized Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("webhookDelaySeconds", delay.toMillis() / 1000.0);
    view.put("dropWebhooks", dropAll ? "all" : drop);
    view.put("duplicateWebhooks", duplicate);
    return view;
  }

  /**
   * Checks one field of a fault-control document and returns the change it makes, not yet applied.
   *
   * @throws IllegalArgumentException naming the field when the value is bad
   */
  public Runnable parse(String name, JsonNode value) {
    boolean clear = value.isNull();
    switch (name) {
      case "webhookDelaySeconds":
        if (!clear && (!value.isNumber() || value.doubleValue() < 0)) {
          throw new IllegalArgumentException("webhookDelaySeconds must be a number of seconds ≥ 0");
        }
        Duration wait =
            clear ? Duration.ZERO : Duration.ofMillis(Math.round(value.doubleValue() * 1000));
        return () -> delay(wait);
      case "dropWebhooks":
        if (clear) {
          return () -> drop(0);
        }
        if (value.isTextual() && "all".equals(value.textValue())) {
          return this::dropAll;
        }
        int dropCount = count(name, value);
        return () -> drop(dropCount);
      case "duplicateWebhooks":
        int duplicateCount = clear ? 0 : count(name, value);
        return () -> duplicate(duplicateCount);
      default:
        throw new IllegalArgumentException("not a webhook fault: " + name);
    }
  }

  private static int count(String name, JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new IllegalArgumentException(
          name + " must be a count ≥ 0" + ("dropWebhooks".equals(name) ? " or \"all\"" : ""));
    }
    return value.intValue();
  }

  private static void requireCount(String name, int count) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " must be a count ≥ 0");
    }
  }
}
