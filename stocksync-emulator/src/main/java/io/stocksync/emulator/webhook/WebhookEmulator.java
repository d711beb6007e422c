package io.stocksync.emulator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import io.stocksync.emulator.Faults;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.RequestJournal;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.storefront.HeldFigures;
import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.emulator.storefront.HeldStock;
import io.stocksync.emulator.storefront.Storefront;
import io.stocksync.emulator.storefront.WebhookDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The receiving end of StockSync's generic webhook channel: {@code POST /webhook} (or any path
 * below it) with {@code {"items":[{"externalId","sku","quantity","version"}]}}, answered {@code 200
 * {"accepted":N,"rejected":[...]}}.
 *
 * <p>With a secret configured, every request must carry {@code X-StockSync-Timestamp} (unix
 * seconds, within {@link Options#tolerance()} of the emulator's clock) and {@code
 * X-StockSync-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, else it is answered
 * 401. An item whose {@code version} is lower than the one held is stale: acknowledged (counted in
 * {@code accepted}) but not applied.
 *
 * <p>Thread-safe: each request's items are applied atomically.
 */
public final class WebhookEmulator implements MarketplaceEmulator {

  /** The path prefix and control-endpoint name. */
  public static final String NAME = "webhook";

  /** The header with the send time, in unix seconds. */
  public static final String TIMESTAMP_HEADER = "X-StockSync-Timestamp";

  /** The header with the signature, {@code v1=<hex>}. */
  public static final String SIGNATURE_HEADER = "X-StockSync-Signature";

  /**
   * How the receiver is set up.
   *
   * @param secret the HMAC key, or null to accept unsigned requests
   * @param tolerance how far a request's timestamp may be from the clock, either way
   */
  public record Options(String secret, Duration tolerance) {

    /** No secret; a 5-minute tolerance for when one is set. */
    public static Options defaults() {
      return new Options(null, Duration.ofMinutes(5));
    }

    /** The same options with this secret. */
    public Options withSecret(String newSecret) {
      return new Options(newSecret, tolerance);
    }
  }

  private record Held(long quantity, Long version) {}

  private final Options options;
  private final Clock clock;
  private final Faults faults;
  private final RequestJournal journal;
  private final Map<String, Held> held = new TreeMap<>();
  private final HeldLog heldLog;
  private final Storefront storefront;
  private final WebhookDispatcher dispatcher;
  private final WebhookShop shop;

  /** A receiver with these options, on {@code clock} (timestamp checks, faults). */
  public WebhookEmulator(Options options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.faults = new Faults(clock);
    this.journal = new RequestJournal(clock, Set.of());
    this.heldLog = new HeldLog(clock);
    this.storefront = new Storefront(clock, heldStock(), WebhookShop.ids());
    this.dispatcher = new WebhookDispatcher(NAME, faults.webhooks());
    this.shop = new WebhookShop(clock, options.secret(), storefront, dispatcher);
  }

  /** The storefront's view of the held figures: any non-blank external id. */
  private HeldStock heldStock() {
    return new HeldStock() {
      @Override
      public void checkKey(String key) {
        if (key.isBlank()) {
          throw new IllegalArgumentException("a webhook key is a non-blank externalId");
        }
      }

      @Override
      public String take(Map<String, Long> units) {
        synchronized (WebhookEmulator.this) {
          return HeldFigures.take(
              units, WebhookEmulator.this::heldQuantity, logged(HeldLog.Cause.SALE));
        }
      }

      @Override
      public void putBack(Map<String, Long> units) {
        synchronized (WebhookEmulator.this) {
          HeldFigures.putBack(
              units, WebhookEmulator.this::heldQuantity, logged(HeldLog.Cause.PUT_BACK));
        }
      }
    };
  }

  private java.util.function.BiConsumer<String, Long> logged(HeldLog.Cause cause) {
    return (key, quantity) -> {
      heldLog.record(key, heldQuantity(key), quantity, cause);
      setHeld(key, quantity);
    };
  }

  @Override
  public Optional<HeldLog> heldLog() {
    return Optional.of(heldLog);
  }

  private Long heldQuantity(String key) {
    Held current = held.get(key);
    return current == null ? null : current.quantity();
  }

  private void setHeld(String key, long quantity) {
    Held current = held.get(key);
    held.put(key, new Held(quantity, current == null ? null : current.version()));
  }

  /**
   * Posts the shop's orders, as they happen, to {@code address} (a channel's {@code
   * /hooks/{channelId}}); null stops. Also {@code PUT /webhook/orders/hook {"url"}}.
   */
  public void sendOrdersTo(java.net.URI address) {
    shop.hook(address);
  }

  @Override
  public Optional<Storefront> storefront() {
    return Optional.of(storefront);
  }

  @Override
  public Optional<WebhookDispatcher> webhooks() {
    return Optional.of(dispatcher);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerRoutes(Routes routes) {
    routes.add("POST", "", this::receive);
    routes.add("POST", "/*", this::receive);
    routes.add("GET", "/orders", shop::list);
    routes.add("PUT", "/orders/hook", shop::setHook);
  }

  private EmulatorResponse receive(EmulatorRequest request) {
    if (options.secret() != null) {
      String refusal = refusal(request);
      if (refusal != null) {
        return error(401, refusal);
      }
    }
    if (faults.throttling() == Throttling.ALWAYS) {
      return error(faults.throttledStatus(429), "throttled").withHeader("Retry-After", "1");
    }
    List<Item> items;
    try {
      items = items(request.json());
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
    return EmulatorResponse.json(200, apply(items));
  }

  /** Why a signed request is refused, or null when its signature and timestamp are good. */
  private String refusal(EmulatorRequest request) {
    String timestamp = request.header(TIMESTAMP_HEADER).orElse(null);
    String signature = request.header(SIGNATURE_HEADER).orElse(null);
    if (timestamp == null || signature == null) {
      return "missing " + TIMESTAMP_HEADER + " or " + SIGNATURE_HEADER;
    }
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return TIMESTAMP_HEADER + " must be unix seconds";
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - sentAt);
    if (skew > options.tolerance().toSeconds()) {
      return TIMESTAMP_HEADER + " is more than " + options.tolerance().toSeconds() + "s away";
    }
    if (!WebhookSignature.verify(options.secret(), timestamp.trim(), request.body(), signature)) {
      return "bad signature";
    }
    return null;
  }

  private record Item(String externalId, String sku, long quantity, Long version) {}

  private static List<Item> items(JsonNode body) {
    JsonNode items = body.get("items");
    if (!body.isObject() || items == null || !items.isArray()) {
      throw new IllegalArgumentException("the body must be {\"items\":[...]}");
    }
    List<Item> parsed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String at = "items[" + i + "]";
      JsonNode externalId = item.get("externalId");
      if (externalId == null || !externalId.isTextual() || externalId.textValue().isBlank()) {
        throw new IllegalArgumentException(at + ".externalId must be a non-blank string");
      }
      JsonNode quantity = item.get("quantity");
      if (quantity == null || !quantity.isIntegralNumber() || quantity.longValue() < 0) {
        throw new IllegalArgumentException(at + ".quantity must be an integer of at least 0");
      }
      JsonNode version = item.get("version");
      if (version != null && !version.isNull() && !version.isIntegralNumber()) {
        throw new IllegalArgumentException(at + ".version must be an integer");
      }
      JsonNode sku = item.get("sku");
      parsed.add(
          new Item(
              externalId.textValue(),
              sku == null || sku.isNull() ? null : sku.asText(),
              quantity.longValue(),
              version == null || version.isNull() ? null : version.longValue()));
    }
    return parsed;
  }

  private synchronized Map<String, Object> apply(List<Item> items) {
    int accepted = 0;
    List<Map<String, Object>> rejected = new ArrayList<>();
    for (Item item : items) {
      Held current = held.get(item.externalId());
      if (faults.failsListing(item.externalId())) {
        rejected.add(rejection(item, "listing set to fail by the emulator's faults"));
      } else if (current == null && !faults.createUnknown()) {
        rejected.add(rejection(item, "unknown listing"));
      } else {
        boolean stale =
            current != null
                && current.version() != null
                && item.version() != null
                && item.version() < current.version();
        if (!stale) {
          heldLog.record(
              item.externalId(),
              current == null ? null : current.quantity(),
              item.quantity(),
              HeldLog.Cause.WRITE);
          held.put(item.externalId(), new Held(item.quantity(), item.version()));
        }
        accepted++;
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("accepted", accepted);
    answer.put("rejected", rejected);
    return answer;
  }

  private static Map<String, Object> rejection(Item item, String error) {
    Map<String, Object> rejection = new LinkedHashMap<>();
    rejection.put("externalId", item.externalId());
    rejection.put("error", error);
    return rejection;
  }

  private static EmulatorResponse error(int status, String message) {
    return EmulatorResponse.json(status, Map.of("error", message));
  }

  @Override
  public synchronized Map<String, Long> quantities() {
    Map<String, Long> view = new TreeMap<>();
    held.forEach((id, h) -> view.put(id, h.quantity()));
    return view;
  }

  /** Sets quantities by external id; the versions held for them are forgotten. */
  @Override
  public synchronized void seedQuantities(Map<String, Long> quantities) {
    Map<String, Held> seeds = new HashMap<>();
    quantities.forEach((id, quantity) -> seeds.put(id, new Held(quantity, null)));
    seeds.forEach(
        (id, h) -> heldLog.record(id, heldQuantity(id), h.quantity(), HeldLog.Cause.SEED));
    held.putAll(seeds);
  }

  @Override
  public Map<String, String> credentials() {
    return Map.of(
        "secret (X-StockSync-Signature)",
        options.secret() == null ? "none: signatures are not checked" : options.secret());
  }

  @Override
  public RequestJournal requests() {
    return journal;
  }

  @Override
  public Faults faults() {
    return faults;
  }

  /** {@code {"error": "<reason phrase>"}}. */
  @Override
  public EmulatorResponse errorResponse(int status) {
    return error(status, EmulatorResponse.reasonPhrase(status));
  }

  @Override
  public void reset() {
    // The storefront's lock is taken before this one by a buy: never nest them the other way.
    storefront.clear();
    dispatcher.clear();
    shop.hook(null);
    synchronized (this) {
      held.clear();
    }
    heldLog.clear();
    journal.clear();
    faults.clear();
  }
}
