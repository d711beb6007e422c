package io.stocksync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.storefront.WebhookFaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fault controls of one marketplace emulator: what it should do wrong, and for how long.
 *
 * <p>Tests and operators set them with {@code POST /emulator/{marketplace}/faults} (see {@link
 * #apply(JsonNode)} and {@code docs/emulators.md}) or with the Java setters here. The {@link
 * EmulatorServer} consumes the generic ones (forced status, latency, timeouts) for every
 * marketplace request; each emulator reads the marketplace-specific ones (throttling, failing
 * listings, creating unknown listings, token lifetime). Time-bound faults use the emulator's {@link
 * Clock}, so a test can expire them by advancing its clock.
 *
 * <p>Thread-safe: every method is atomic; {@link #apply(JsonNode)} validates the whole document
 * before changing anything.
 */
public final class Faults {

  /**
   * A forced HTTP status, for the next {@code remaining} requests or until {@code until}.
   *
   * @param status the HTTP status to answer
   * @param remaining how many more requests get it, or null when bound by time
   * @param until the instant it stops, or null when bound by count
   * @param retryAfterSeconds the {@code Retry-After} header to send with it, or null for none
   */
  public record ForcedStatus(
      int status, Integer remaining, Instant until, Integer retryAfterSeconds) {}

  /**
   * Requests held longer than a client will wait.
   *
   * @param hold how long each request is held before it is answered
   * @param remaining how many more requests are held
   * @param apply whether the held request still takes effect (applied, then timed out) or not
   */
  public record HeldTimeout(Duration hold, int remaining, boolean apply) {}

  private final Clock clock;
  private final WebhookFaults webhooks = new WebhookFaults();

  private ForcedStatus forcedStatus;
  private Duration latency = Duration.ZERO;
  private HeldTimeout timeout;
  private Throttling throttling = Throttling.BUCKET;
  private Integer throttledStatus;
  private Set<String> failListings = Set.of();
  private boolean createUnknown = true;
  private Duration tokenLifetime;

  /** Creates the controls with no fault set; {@code clock} bounds the time-limited faults. */
  public Faults(Clock clock) {
    this.clock = clock;
  }

  /** Answers the next {@code count} requests with {@code status} (and a Retry-After if given). */
  public synchronized void forceStatus(int status, int count, Integer retryAfterSeconds) {
    requireStatus(status);
    requirePositive("forceStatus.count", count);
    forcedStatus = new ForcedStatus(status, count, null, retryAfterSeconds);
  }

  /** Answers every request with {@code status} for the next {@code duration} of the clock. */
  public synchronized void forceStatusFor(
      int status, Duration duration, Integer retryAfterSeconds) {
    requireStatus(status);
    forcedStatus =
        new ForcedStatus(status, null, clock.instant().plus(duration), retryAfterSeconds);
  }

  /** Adds {@code latency} (real time) before every marketplace request is handled. */
  public synchronized void latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latencyMillis must not be negative");
    }
    this.latency = latency;
  }

  /**
   * Holds the next {@code count} requests for {@code hold} (real time) before answering. With
   * {@code apply} the request takes effect first, as when a marketplace applies a change and the
   * client gives up before the answer arrives; without it the request is answered 504 unapplied.
   */
  public synchronized void timeout(Duration hold, int count, boolean apply) {
    requirePositive("timeout.count", count);
    if (hold.isNegative() || hold.isZero()) {
      throw new IllegalArgumentException("timeout.holdMillis must be positive");
    }
    timeout = new HeldTimeout(hold, count, apply);
  }

  /** Sets how the marketplace's rate limit is applied. */
  public synchronized void throttling(Throttling throttling) {
    this.throttling = throttling;
  }

  /**
   * The HTTP status of a throttled answer, or null for the marketplace's own (Shopify: 200 with a
   * {@code THROTTLED} error).
   */
  public synchronized void throttledStatus(Integer status) {
    if (status != null) {
      requireStatus(status);
    }
    this.throttledStatus = status;
  }

  /** The listings (marketplace ids or quantity keys) to fail with the marketplace's item error. */
  public synchronized void failListings(Collection<String> ids) {
    this.failListings = Set.copyOf(ids);
  }

  /** Whether a listing never seen before is created at 0 on first use (the default) or refused. */
  public synchronized void createUnknown(boolean createUnknown) {
    this.createUnknown = createUnknown;
  }

  /**
   * How long an access token lives, by the emulator's clock, instead of the marketplace's own
   * lifetime; null restores the marketplace's. It applies to tokens already issued as well (each
   * expires this long after it was issued), so a test can expire a token in use by setting it and
   * advancing the clock. Marketplaces without expiring tokens ignore it.
   */
  public synchronized void tokenLifetime(Duration lifetime) {
    if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
      throw new IllegalArgumentException("tokenLifetimeSeconds must be at least 1");
    }
    this.tokenLifetime = lifetime;
  }

  /** Removes every fault: the emulator behaves as its marketplace does on a good day. */
  public synchronized void clear() {
    forcedStatus = null;
    latency = Duration.ZERO;
    timeout = null;
    throttling = Throttling.BUCKET;
    throttledStatus = null;
    failListings = Set.of();
    createUnknown = true;
    tokenLifetime = null;
    webhooks.clear();
  }

  /** The webhook faults (delay, drop, duplicate), for emulators that send webhooks. */
  public WebhookFaults webhooks() {
    return webhooks;
  }

  /** The forced status for one more request, if any is in force; counts it down. */
  synchronized Optional<ForcedStatus> takeForcedStatus() {
    if (forcedStatus == null) {
      return Optional.empty();
    }
    ForcedStatus current = forcedStatus;
    if (current.until() != null) {
      if (!clock.instant().isBefore(current.until())) {
        forcedStatus = null;
        return Optional.empty();
      }
      return Optional.of(current);
    }
    int left = current.remaining() - 1;
    forcedStatus =
        left == 0
            ? null
            : new ForcedStatus(current.status(), left, null, current.retryAfterSeconds());
    return Optional.of(current);
  }

  /** The latency to add to the next request. */
  synchronized Duration latency() {
    return latency;
  }

  /** The hold for one more request, if any is in force; counts it down. */
  synchronized Optional<HeldTimeout> takeTimeout() {
    if (timeout == null) {
      return Optional.empty();
    }
    HeldTimeout current = timeout;
    int left = current.remaining() - 1;
    timeout = left == 0 ? null : new HeldTimeout(current.hold(), left, current.apply());
    return Optional.of(current);
  }

  /** How the rate limit is applied now. */
  public synchronized Throttling throttling() {
    return throttling;
  }

  /** The status of a throttled answer: the one set, else {@code marketplaceDefault}. */
  public synchronized int throttledStatus(int marketplaceDefault) {
    return throttledStatus == null ? marketplaceDefault : throttledStatus;
  }

  /** Whether any of {@code ids} (a listing's id, or its quantity key) is set to fail. */
  public synchronized boolean failsListing(String... ids) {
    for (String id : ids) {
      if (failListings.contains(id)) {
        return true;
      }
    }
    return false;
  }

  /** Whether unknown listings are created at 0 on first use. */
  public synchronized boolean createUnknown() {
    return createUnknown;
  }

  /** The access-token lifetime set by {@link #tokenLifetime(Duration)}, if one is in force. */
  public synchronized Optional<Duration> tokenLifetime() {
    return Optional.ofNullable(tokenLifetime);
  }

  /** The faults in force, in the shape {@link #apply(JsonNode)} accepts. */
  public synchronized Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    if (forcedStatus == null) {
      view.put("forceStatus", null);
    } else {
      Map<String, Object> forced = new LinkedHashMap<>();
      forced.put("status", forcedStatus.status());
      if (forcedStatus.remaining() != null) {
        forced.put("count", forcedStatus.remaining());
      } else {
        forced.put("until", forcedStatus.until().toString());
      }
      forced.put("retryAfterSeconds", forcedStatus.retryAfterSeconds());
      view.put("forceStatus", forced);
    }
    view.put("latencyMillis", latency.toMillis());
    view.put(
        "timeout",
        timeout == null
            ? null
            : Map.of(
                "holdMillis",
                timeout.hold().toMillis(),
                "count",
                timeout.remaining(),
                "apply",
                timeout.apply()));
    view.put("throttling", throttling.jsonName());
    view.put("throttledStatus", throttledStatus);
    view.put("failListings", new TreeSet<>(failListings));
    view.put("createUnknown", createUnknown);
    view.put("tokenLifetimeSeconds", tokenLifetime == null ? null : tokenLifetime.toSeconds());
    view.putAll(webhooks.view());
    return view;
  }

  /**
   * Applies a fault-control document; fields it leaves out keep their value, a field set to null is
   * cleared. The document is checked whole first: a bad one changes nothing.
   *
   * @throws IllegalArgumentException naming the first bad field
   */
  public void apply(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("the fault controls must be a JSON object");
    }
    List<Runnable> changes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : document.properties()) {
      changes.add(parse(field.getKey(), field.getValue()));
    }
    synchronized (this) {
      changes.forEach(Runnable::run);
    }
  }

  private Runnable parse(String name, JsonNode value) {
    boolean clear = value.isNull();
    if (WebhookFaults.FIELDS.contains(name)) {
      return webhooks.parse(name, value);
    }
    switch (name) {
      case "forceStatus":
        return clear ? () -> forcedStatus = null : parseForceStatus(value);
      case "latencyMillis":
        long delay = clear ? 0 : integer(name, value);
        if (delay < 0) {
          throw new IllegalArgumentException("latencyMillis must not be negative");
        }
        return () -> latency(Duration.ofMillis(delay));
      case "timeout":
        return clear ? () -> timeout = null : parseTimeout(value);
      case "throttling":
        Throttling mode = clear ? Throttling.BUCKET : Throttling.fromJson(text(name, value));
        return () -> throttling(mode);
      case "throttledStatus":
        Integer status = clear ? null : (int) integer(name, value);
        if (status != null) {
          requireStatus(status);
        }
        return () -> throttledStatus(status);
      case "failListings":
        List<String> ids = new ArrayList<>();
        if (!clear) {
          if (!value.isArray()) {
            throw new IllegalArgumentException("failListings must be an array of listing ids");
          }
          value.forEach(id -> ids.add(text("failListings[]", id)));
        }
        return () -> failListings(ids);
      case "createUnknown":
        if (!clear && !value.isBoolean()) {
          throw new IllegalArgumentException("createUnknown must be true or false");
        }
        boolean create = clear || value.booleanValue();
        return () -> createUnknown(create);
      case "tokenLifetimeSeconds":
        Duration lifetime = clear ? null : Duration.ofSeconds(integer(name, value));
        if (lifetime != null) {
          requirePositive(name, lifetime.toSeconds());
        }
        return () -> tokenLifetime(lifetime);
      default:
        throw new IllegalArgumentException(
            "unknown fault control '"
                + name
                + "'; known: forceStatus, latencyMillis, timeout, throttling, throttledStatus,"
                + " failListings, createUnknown, tokenLifetimeSeconds, webhookDelaySeconds,"
                + " dropWebhooks, duplicateWebhooks");
    }
  }

  private Runnable parseForceStatus(JsonNode value) {
    requireFields(
        "forceStatus", value, Set.of("status", "count", "forSeconds", "retryAfterSeconds"));
    int status = (int) integer("forceStatus.status", value.get("status"));
    requireStatus(status);
    Integer retryAfter =
        value.hasNonNull("retryAfterSeconds")
            ? (int) integer("forceStatus.retryAfterSeconds", value.get("retryAfterSeconds"))
            : null;
    boolean byCount = value.hasNonNull("count");
    boolean byTime = value.hasNonNull("forSeconds");
    if (byCount == byTime) {
      throw new IllegalArgumentException("forceStatus needs exactly one of count or forSeconds");
    }
    if (byCount) {
      int count = (int) integer("forceStatus.count", value.get("count"));
      requirePositive("forceStatus.count", count);
      return () -> forceStatus(status, count, retryAfter);
    }
    long seconds = integer("forceStatus.forSeconds", value.get("forSeconds"));
    requirePositive("forceStatus.forSeconds", seconds);
    return () -> forceStatusFor(status, Duration.ofSeconds(seconds), retryAfter);
  }

  private Runnable parseTimeout(JsonNode value) {
    requireFields("timeout", value, Set.of("holdMillis", "count", "apply"));
    long hold = integer("timeout.holdMillis", value.get("holdMillis"));
    requirePositive("timeout.holdMillis", hold);
    int count = value.hasNonNull("count") ? (int) integer("timeout.count", value.get("count")) : 1;
    requirePositive("timeout.count", count);
    JsonNode apply = value.get("apply");
    if (apply != null && !apply.isNull() && !apply.isBoolean()) {
      throw new IllegalArgumentException("timeout.apply must be true or false");
    }
    boolean applies = apply != null && apply.booleanValue();
    return () -> timeout(Duration.ofMillis(hold), count, applies);
  }

  private static void requireFields(String name, JsonNode value, Set<String> allowed) {
    if (!value.isObject()) {
      throw new IllegalArgumentException(name + " must be an object or null");
    }
    value
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!allowed.contains(field)) {
                throw new IllegalArgumentException(
                    "unknown field " + name + "." + field + "; known: " + new TreeSet<>(allowed));
              }
            });
  }

  private static long integer(String name, JsonNode value) {
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(name + " must be an integer");
    }
    return value.longValue();
  }

  private static String text(String name, JsonNode value) {
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return value.textValue();
  }

  private static void requireStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("an HTTP status must be between 100 and 599: " + status);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1");
    }
  }
}
