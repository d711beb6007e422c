package io.stocksync.server.bench.loop;

import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.webhook.WebhookEmulator;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop's shop: one location, a few SKUs with little stock, and one channel of each of the five
 * types on the emulators, every SKU listed on each, each channel's order feed polled every {@code
 * pollSeconds} (Amazon every {@code amazonPollSeconds}: its getOrders plan is one call a minute
 * with a burst of 20) and webhooks where the marketplace has them. Immutable.
 */
public record LoopShop(List<String> skus, int stock, long pollSeconds, long amazonPollSeconds) {
  public static final String LOCATION = "WH1";
  static final String SHOPIFY_LOCATION = "gid://shopify/Location/1";
  static final String AMAZON_SELLER = "A1STOCKSYNCLOOP";
  static final String AMAZON_MARKETPLACE = "A21TJRUUN4KGV";
  static final String FLIPKART_LOCATION = "LOCstocksyncloop";
  static final String WOO_SECRET = "loop-woo-webhook-secret";
  static final String OWN_SECRET = "loop-webhook-secret";

  /** One channel: its id, type and emulator. */
  public record Channel(String id, String type, String marketplace, boolean webhooks) {}

  /** The five channels. */
  public static final List<Channel> CHANNELS =
      List.of(
          new Channel("shop", "shopify", ShopifyEmulator.NAME, true),
          new Channel("amazon-in", "amazon", AmazonEmulator.NAME, false),
          new Channel("flipkart", "flipkart", FlipkartEmulator.NAME, false),
          new Channel("woo", "woocommerce", WooCommerceEmulator.NAME, true),
          new Channel("own-site", "webhook", WebhookEmulator.NAME, true));

  /** {@code count} SKUs named {@code LOOP-1}… */
  public static LoopShop of(int count, int stock, long pollSeconds, long amazonPollSeconds) {
    List<String> skus = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      skus.add("LOOP-" + i);
    }
    return new LoopShop(List.copyOf(skus), stock, pollSeconds, amazonPollSeconds);
  }

  /**
   * The emulators of the loop: the five defaults, the webhook shop signing its order posts with the
   * own-site channel's secret (so that its orders arrive as webhooks too).
   */
  public static EmulatorServer emulators(java.time.Clock clock) {
    return EmulatorServer.builder()
        .port(0)
        .clock(clock)
        .add(new WebhookEmulator(WebhookEmulator.Options.defaults().withSecret(OWN_SECRET), clock))
        .start();
  }

  /**
   * The marketplaces' misbehaviour of the loop: Shopify's webhooks a second late and some sent
   * twice, some of WooCommerce's dropped, some of the webhook shop's dropped and some duplicated.
   * Polling is what catches what a dropped webhook missed.
   */
  public static void faults(LoopApi api, EmulatorServer emulators, int count) {
    fault(api, emulators, "shopify", Map.of("webhookDelaySeconds", 1, "duplicateWebhooks", count));
    fault(api, emulators, "woocommerce", Map.of("dropWebhooks", count, "webhookDelaySeconds", 0.3));
    fault(api, emulators, "webhook", Map.of("dropWebhooks", count, "duplicateWebhooks", count));
  }

  private static void fault(
      LoopApi api, EmulatorServer emulators, String marketplace, Map<String, Object> faults) {
    LoopApi.Answer a =
        api.emulator("POST", emulators.baseUrl() + "/emulator/" + marketplace + "/faults", faults);
    if (a.status() != 200) {
      throw new IllegalStateException(marketplace + " faults: " + a.status() + " " + a.body());
    }
  }

  /** Points the webhook shop's order posts at the own-site channel's hook on {@code base}. */
  public static void hookOwnSite(LoopApi api, EmulatorServer emulators, String base) {
    LoopApi.Answer a =
        api.emulator(
            "PUT",
            emulators.baseUrl(WebhookEmulator.NAME) + "/orders/hook",
            Map.of("url", base + "/hooks/own-site"));
    if (a.status() / 100 != 2) {
      throw new IllegalStateException("webhook shop hook: " + a.status() + " " + a.body());
    }
  }

  /** The channel on emulator {@code marketplace}. */
  public static Channel channelOf(String marketplace) {
    return CHANNELS.stream().filter(c -> c.marketplace().equals(marketplace)).findFirst().get();
  }

  /** Creates the location, SKUs, channels and listings through the API (no stock yet). */
  public void create(LoopApi api, EmulatorServer emulators) {
    createCatalogue(api);
    createChannels(api, emulators);
  }

  /** Creates the location and the SKUs through the API. */
  public void createCatalogue(LoopApi api) {
    api.require("PUT", "/v1/locations/" + LOCATION, Map.of("name", "Warehouse", "sellable", true));
    for (String sku : skus) {
      api.require("PUT", "/v1/skus/" + sku, Map.of("name", "Loop item " + sku));
    }
  }

  /** Creates the channels and their listings through the API. */
  public void createChannels(LoopApi api, EmulatorServer emulators) {
    for (Channel c : CHANNELS) {
      api.require("PUT", "/v1/channels/" + c.id(), channel(c, emulators));
      for (int i = 0; i < skus.size(); i++) {
        api.require("PUT", "/v1/channels/" + c.id() + "/listings/" + skus.get(i), listing(c, i));
      }
    }
  }

  private Map<String, Object> channel(Channel c, EmulatorServer emulators) {
    String base = emulators.baseUrl(c.marketplace());
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> settings = new LinkedHashMap<>();
    body.put("type", c.type());
    body.put("baseUrl", base);
    switch (c.type()) {
      case "shopify" -> {
        settings.put("locationId", SHOPIFY_LOCATION);
        body.put(
            "credentials",
            Map.of(
                "accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN,
                "webhookSecret", ShopifyEmulator.DEFAULT_WEBHOOK_SECRET));
      }
      case "amazon" -> {
        settings.put("sellerId", AMAZON_SELLER);
        settings.put("marketplaceId", AMAZON_MARKETPLACE);
        settings.put("tokenUrl", base + AmazonEmulator.TOKEN_PATH);
        body.put(
            "credentials",
            Map.of(
                "clientId", AmazonEmulator.DEFAULT_CLIENT_ID,
                "clientSecret", AmazonEmulator.DEFAULT_CLIENT_SECRET,
                "refreshToken", AmazonEmulator.DEFAULT_REFRESH_TOKEN));
      }
      case "flipkart" -> {
        settings.put("locationId", FLIPKART_LOCATION);
        body.put(
            "credentials",
            Map.of(
                "appId", FlipkartEmulator.DEFAULT_APP_ID,
                "appSecret", FlipkartEmulator.DEFAULT_APP_SECRET));
      }
      case "woocommerce" ->
          body.put(
              "credentials",
              Map.of(
                  "consumerKey", WooCommerceEmulator.DEFAULT_CONSUMER_KEY,
                  "consumerSecret", WooCommerceEmulator.DEFAULT_CONSUMER_SECRET,
                  "webhookSecret", WOO_SECRET));
      default -> {
        settings.put("ordersUrl", base + "/orders");
        body.put("credentials", Map.of("secret", OWN_SECRET));
      }
    }
    settings.put("ordersPollSeconds", c.type().equals("amazon") ? amazonPollSeconds : pollSeconds);
    body.put("settings", settings);
    return body;
  }

  private static Map<String, Object> listing(Channel c, int i) {
    String sku = "LOOP-" + (i + 1);
    return switch (c.type()) {
      case "shopify" -> Map.of("externalId", shopifyItem(i));
      case "amazon" -> Map.of("externalId", sku, "productType", "PRODUCT");
      case "flipkart" -> Map.of("externalId", sku, "productId", String.format("LOOPFK%010d", i));
      case "woocommerce" -> Map.of("externalId", Integer.toString(700 + i));
      default -> Map.of("externalId", "L-" + sku);
    };
  }

  private static String shopifyItem(int i) {
    return "gid://shopify/InventoryItem/" + (3000 + i);
  }

  /** The key of {@code sku}'s listing in the emulator of {@code c} (SPEC §8's shapes). */
  public String key(Channel c, String sku) {
    int i = skus.indexOf(sku);
    return switch (c.type()) {
      case "shopify" -> shopifyItem(i) + "@" + SHOPIFY_LOCATION;
      case "amazon" -> AMAZON_SELLER + "/" + sku;
      case "flipkart" -> sku + "@" + FLIPKART_LOCATION;
      case "woocommerce" -> Integer.toString(700 + i);
      default -> "L-" + sku;
    };
  }

  /** The SKU whose listing on {@code c} has emulator key {@code key}; null when none. */
  public String skuOf(Channel c, String key) {
    for (String sku : skus) {
      if (key(c, sku).equals(key)) {
        return sku;
      }
    }
    return null;
  }
}
