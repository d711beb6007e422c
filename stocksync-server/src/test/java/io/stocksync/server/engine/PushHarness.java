package io.stocksync.server.engine;

import static org.awaitility.Awaitility.await;

import io.stocksync.channels.DispatcherSettings;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.shopify.ShopifyPlan;
import io.stocksync.emulator.webhook.WebhookEmulator;
import io.stocksync.store.LedgerRepositories;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The engine, the push dispatcher and the Shopify and webhook emulators on loopback, in real time
 * (or sped up): one account {@code acme} with location {@code WH1}, a Shopify channel {@code shop}
 * and a webhook channel {@code hook}, each SKU listed on both.
 */
final class PushHarness implements AutoCloseable {

  static final String ACCOUNT = "acme";
  static final String LOCATION_GID = "gid://shopify/Location/1";
  static final String SECRET = "hook-secret";

  /** Real time from a start, optionally sped up; thread-safe. */
  static final class FastClock extends Clock {
    private final Instant start = Instant.parse("2026-11-27T10:00:00Z");
    private final long startNanos = System.nanoTime();
    private final double speedUp;

    FastClock(double speedUp) {
      this.speedUp = speedUp;
    }

    @Override
    public Instant instant() {
      return start.plusNanos((long) ((System.nanoTime() - startNanos) * speedUp));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final FastClock clock;
  final ShopifyEmulator shopify;
  final WebhookEmulator webhook;
  final EmulatorServer emulators;
  final LedgerRepository repository;
  final Engine engine;
  final Dispatchers.Running dispatch;
  private final AtomicInteger eventIds = new AtomicInteger();

  PushHarness(Path dir, ShopifyPlan plan, DispatcherSettings settings, double speedUp) {
    this(dir, plan, settings, speedUp, c -> List.of(), row -> Map.of());
  }

  /**
   * The same, with more emulators on the same server (built on the harness's clock by {@code
   * moreEmulators}) and the credentials of channels that are neither Shopify nor webhook.
   */
  PushHarness(
      Path dir,
      ShopifyPlan plan,
      DispatcherSettings settings,
      double speedUp,
      Function<Clock, List<MarketplaceEmulator>> moreEmulators,
      Function<ChannelRow, Map<String, String>> moreCredentials) {
    clock = new FastClock(speedUp);
    shopify = new ShopifyEmulator(ShopifyEmulator.Options.defaults().withPlan(plan), clock);
    webhook = new WebhookEmulator(WebhookEmulator.Options.defaults().withSecret(SECRET), clock);
    EmulatorServer.Builder server = EmulatorServer.builder().clock(clock).add(shopify).add(webhook);
    moreEmulators.apply(clock).forEach(server::add);
    emulators = server.start();
    repository = LedgerRepositories.open(dir.resolve("stocksync.db").toString());
    engine = Engine.start(repository, clock, EngineSettings.DEFAULT);
    engine.createAccount(ACCOUNT, "Acme", new SyncPolicy(2000, 10, 100, 0)).join();
    dispatch =
        Dispatchers.start(
            engine,
            List.of(),
            row ->
                switch (row.type()) {
                  case "shopify" -> Map.of("accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN);
                  case "webhook" -> Map.of("secret", SECRET);
                  default -> moreCredentials.apply(row);
                },
            clock,
            settings,
            speedUp);
  }

  /** The channels {@code shop} (Shopify, {@code shopifySettings}) and {@code hook} (webhook). */
  PushHarness channels(String shopifySettings) {
    engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              a.putLocation("WH1", "Main", true, now, c);
              a.putChannel(
                  new ChannelRow(
                      ACCOUNT,
                      "shop",
                      "shopify",
                      emulators.baseUrl("shopify"),
                      shopifySettings,
                      "sealed",
                      List.of(),
                      true,
                      ChannelRules.DEFAULT),
                  now,
                  c);
              a.putChannel(
                  new ChannelRow(
                      ACCOUNT,
                      "hook",
                      "webhook",
                      emulators.baseUrl("webhook") + "/stock",
                      "{}",
                      "sealed",
                      List.of(),
                      true,
                      ChannelRules.DEFAULT),
                  now,
                  c);
              return null;
            })
        .join();
    return this;
  }

  /** SKUs listed on both channels, each with {@code onHand} put away at WH1. */
  void skus(long onHand, List<String> skus) {
    engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              for (String sku : skus) {
                a.putSku(sku, sku, List.of(), now, c);
                a.putListing("shop", sku, shopifyItem(sku), "{}", now, c);
                a.putListing("hook", sku, webhookId(sku), "{}", now, c);
              }
              return null;
            })
        .join();
    List<InventoryEvent> putaways = new ArrayList<>();
    for (String sku : skus) {
      putaways.add(event(EventType.PUTAWAY, sku, onHand));
    }
    submit(putaways);
  }

  InventoryEvent event(EventType type, String sku, long quantity) {
    return new InventoryEvent("e-" + eventIds.incrementAndGet(), type, sku, "WH1", quantity, null);
  }

  List<EventResult> submit(List<InventoryEvent> events) {
    return engine.submit(ACCOUNT, events).join();
  }

  void apply(EventType type, String sku, long quantity) {
    submit(List.of(event(type, sku, quantity)));
  }

  static String shopifyItem(String sku) {
    return "gid://shopify/InventoryItem/" + Math.abs(sku.hashCode());
  }

  static String shopifyKey(String sku) {
    return shopifyItem(sku) + "@" + LOCATION_GID;
  }

  static String webhookId(String sku) {
    return "W-" + sku;
  }

  SkuView view(String sku) {
    return engine.execute(ACCOUNT, (a, c, now) -> a.view(sku)).join();
  }

  /** What each channel should show per SKU: the listing targets, by channel then SKU. */
  Map<String, Map<String, Long>> targets(List<String> skus) {
    return engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              Map<String, Map<String, Long>> all = new TreeMap<>();
              for (String sku : skus) {
                for (SkuView.ListingView l : a.view(sku).listings()) {
                  all.computeIfAbsent(l.channel(), k -> new TreeMap<>()).put(sku, l.target());
                }
              }
              return all;
            })
        .join();
  }

  /** Waits until both emulators show every SKU's target and nothing is queued any more. */
  void awaitInSync(List<String> skus, Duration atMost) {
    try {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> mismatches(skus).isEmpty());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "not in sync after "
              + atMost
              + ": "
              + mismatches(skus)
              + "; dispatcher: "
              + dispatch.dispatcher().status(),
          e);
    }
  }

  /** What is not in sync yet, for people: one line per listing. */
  List<String> mismatches(List<String> skus) {
    Map<String, Long> atShopify = shopify.quantities();
    Map<String, Long> atHook = webhook.quantities();
    return engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              List<String> out = new ArrayList<>();
              for (String sku : skus) {
                for (SkuView.ListingView l : a.view(sku).listings()) {
                  Long shown =
                      l.channel().equals("shop")
                          ? atShopify.get(shopifyKey(sku))
                          : atHook.get(webhookId(sku));
                  if (l.queued() != null || !Long.valueOf(l.target()).equals(shown)) {
                    out.add(
                        l.channel()
                            + "/"
                            + sku
                            + " target "
                            + l.target()
                            + " queued "
                            + l.queued()
                            + " acknowledged "
                            + l.acknowledged()
                            + " shown "
                            + shown
                            + " "
                            + l.state());
                  }
                }
              }
              return out;
            })
        .join();
  }

  @Override
  public void close() {
    dispatch.close();
    engine.close();
    repository.close();
    emulators.close();
  }
}
