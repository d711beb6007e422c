package io.stocksync.server.demo;

import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo account's shop, set up through the public API as a seller would: two locations, thirty
 * SKUs and a bundle of three of them, stock put away, and one channel of each type pointed at the
 * emulators, every SKU listed on each.
 */
public final class DemoShop {
  static final String SHOPIFY_LOCATION = "gid://shopify/Location/1";
  static final String AMAZON_SELLER = "A1STOCKSYNCDEMO";
  static final String AMAZON_MARKETPLACE = "A21TJRUUN4KGV";
  static final String FLIPKART_LOCATION = "LOCstocksyncdemo";
  static final String BUNDLE = "SET-BREAKFAST";
  static final List<String> LOCATIONS = List.of("WH1", "WH2");
  static final int DEMO_POLL_SECONDS = 15;

  private static final String[] KINDS = {
    "MUG", "PLATE", "BOWL", "CUP", "JUG", "TEAPOT", "VASE", "TRAY", "COASTER", "CANDLE"
  };
  private static final String[] COLOURS = {"BLUE", "RED", "GREEN"};

  /** One channel of the demo: its id, type, and the emulator key of a SKU's listing. */
  public record Channel(String id, String type, String marketplace) {}

  /** The channels, in the order they are created. */
  public static final List<Channel> CHANNELS =
      List.of(
          new Channel("shop", "shopify", ShopifyEmulator.NAME),
          new Channel("amazon-in", "amazon", AmazonEmulator.NAME),
          new Channel("flipkart", "flipkart", FlipkartEmulator.NAME),
          new Channel("woo", "woocommerce", WooCommerceEmulator.NAME),
          new Channel("own-site", "webhook", "webhook"));

  private final List<String> skus = new ArrayList<>();

  /** The plain SKUs (not the bundle), in catalogue order. */
  public List<String> skus() {
    return List.copyOf(skus);
  }

  /** Every SKU, the bundle last. */
  public List<String> allSkus() {
    List<String> all = new ArrayList<>(skus);
    all.add(BUNDLE);
    return all;
  }

  /** Creates the shop on the server behind {@code api}, its channels on {@code emulators}. */
  static DemoShop create(DemoHttp api, EmulatorServer emulators, Random random, String run) {
    DemoShop shop = new DemoShop();
    api.require("PUT", "/v1/locations/WH1", Map.of("name", "Main warehouse", "sellable", true));
    api.require("PUT", "/v1/locations/WH2", Map.of("name", "City store", "sellable", true));
    for (String kind : KINDS) {
      for (String colour : COLOURS) {
        String sku = kind + "-" + colour;
        String name =
            colour.charAt(0) + colour.substring(1).toLowerCase() + " " + kind.toLowerCase();
        api.require("PUT", "/v1/skus/" + sku, Map.of("name", name));
        shop.skus.add(sku);
      }
    }
    api.require(
        "PUT",
        "/v1/skus/" + BUNDLE,
        Map.of(
            "name",
            "Breakfast set: 2 blue mugs, 2 blue plates, a blue bowl",
            "components",
            List.of(
                Map.of("sku", "MUG-BLUE", "quantity", 2),
                Map.of("sku", "PLATE-BLUE", "quantity", 2),
                Map.of("sku", "BOWL-BLUE", "quantity", 1))));
    for (Channel c : CHANNELS) {
      api.require("PUT", "/v1/channels/" + c.id(), channel(c, emulators));
      List<String> all = shop.allSkus();
      for (int i = 0; i < all.size(); i++) {
        api.require(
            "PUT", "/v1/channels/" + c.id() + "/listings/" + all.get(i), listing(c, all.get(i), i));
      }
    }
    // The stock arrives once the channels list the SKUs, as in a shop that opens: each listing's
    // first figure is a 0, which goes at once; the put-aways then raise them, and an increase waits
    // for its channel's order feed to catch up unless the marketplace has a compare-and-set
    // (Shopify): on a channel whose orders are polled that takes one poll past its overlap window.
    awaitFirstFigures(api, shop.allSkus().size());
    List<Map<String, Object>> putaways = new ArrayList<>();
    for (String sku : shop.skus) {
      putaways.add(
          event(run + "-start-" + sku + "-WH1", "PUTAWAY", sku, "WH1", 20 + random.nextInt(180)));
      putaways.add(
          event(run + "-start-" + sku + "-WH2", "PUTAWAY", sku, "WH2", 5 + random.nextInt(40)));
    }
    api.require("POST", "/v1/events", Map.of("events", putaways));
    return shop;
  }

  /**
   * Waits (at most {@link #FIRST_FIGURES_WAIT}) until every channel has its listings' first figure
   * acknowledged, so that the put-aways that follow raise an acknowledged figure rather than
   * replace a 0 still queued. A channel that is slower than that is left to catch up while the demo
   * runs.
   */
  private static void awaitFirstFigures(DemoHttp api, int listings) {
    long deadline = System.nanoTime() + FIRST_FIGURES_WAIT.toNanos();
    for (Channel c : CHANNELS) {
      while (true) {
        DemoHttp.Answer a =
            api.api("GET", "/v1/channels/" + c.id() + "/listings?limit=" + listings, null);
        int acknowledged = 0;
        if (a.status() == 200 && a.json() != null) {
          for (com.fasterxml.jackson.databind.JsonNode l : a.json().path("listings")) {
            if (!l.path("acknowledged").isNull() && !l.path("acknowledged").isMissingNode()) {
              acknowledged++;
            }
          }
        }
        if (acknowledged >= listings || System.nanoTime() > deadline) {
          break;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static final java.time.Duration FIRST_FIGURES_WAIT = java.time.Duration.ofSeconds(30);

  static Map<String, Object> event(
      String id, String type, String sku, String location, long quantity) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", id);
    e.put("type", type);
    e.put("sku", sku);
    e.put("location", location);
    e.put("quantity", quantity);
    return e;
  }

  private static Map<String, Object> channel(Channel c, EmulatorServer emulators) {
    String base = emulators.baseUrl(c.marketplace());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", c.type());
    body.put("baseUrl", base);
    switch (c.type()) {
      case "shopify" -> {
        body.put("settings", Map.of("locationId", SHOPIFY_LOCATION));
        body.put(
            "credentials",
            Map.of(
                "accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN,
                // Shopify signs its webhooks with the app's client secret: the emulator's.
                "webhookSecret", ShopifyEmulator.DEFAULT_WEBHOOK_SECRET));
      }
      case "amazon" -> {
        body.put(
            "settings",
            Map.of(
                "sellerId", AMAZON_SELLER,
                "marketplaceId", AMAZON_MARKETPLACE,
                "tokenUrl", base + AmazonEmulator.TOKEN_PATH));
        body.put(
            "credentials",
            Map.of(
                "clientId", AmazonEmulator.DEFAULT_CLIENT_ID,
                "clientSecret", AmazonEmulator.DEFAULT_CLIENT_SECRET,
                "refreshToken", AmazonEmulator.DEFAULT_REFRESH_TOKEN));
      }
      case "flipkart" -> {
        body.put("settings", Map.of("locationId", FLIPKART_LOCATION));
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
                  // The secret StockSync gives WooCommerce when it registers the webhooks.
                  "webhookSecret", "demo-woo-webhook-secret"));
      default -> {
        // The seller's own shop offers its orders for polling (the demo's shop signs nothing).
        body.put("settings", Map.of("ordersUrl", base + "/orders"));
        body.put("credentials", Map.of("secret", "demo-webhook-secret"));
      }
    }
    // Orders polled every 15 s rather than each type's default, so that the demo's increases,
    // which wait for the order feed to catch up (no inflation), go out sooner.
    if (!c.type().equals("amazon") && !c.type().equals("flipkart")) {
      Map<String, Object> settings = new LinkedHashMap<>();
      @SuppressWarnings("unchecked")
      Map<String, Object> own = (Map<String, Object>) body.get("settings");
      if (own != null) {
        settings.putAll(own);
      }
      settings.put("ordersPollSeconds", DEMO_POLL_SECONDS);
      body.put("settings", settings);
    }
    // The seller's own site keeps two units back (a buffer): the demo's one channel rule.
    if (c.type().equals("webhook")) {
      body.put("rules", Map.of("buffer", 2, "percent", 100, "zeroAtOrBelow", 0));
    }
    return body;
  }

  private static Map<String, Object> listing(Channel c, String sku, int i) {
    return switch (c.type()) {
      case "shopify" -> Map.of("externalId", shopifyItem(i));
      case "amazon" -> Map.of("externalId", sku, "productType", "PRODUCT");
      case "flipkart" -> Map.of("externalId", sku, "productId", String.format("DEMOFK%010d", i));
      case "woocommerce" -> Map.of("externalId", Integer.toString(500 + i));
      default -> Map.of("externalId", "L-" + sku);
    };
  }

  private static String shopifyItem(int i) {
    return "gid://shopify/InventoryItem/" + (1000 + i);
  }

  /** The key of {@code sku}'s listing in {@code c}'s emulator's {@code quantities} (SPEC §8). */
  String quantityKey(Channel c, String sku) {
    int i = allSkus().indexOf(sku);
    return switch (c.type()) {
      case "shopify" -> shopifyItem(i) + "@" + SHOPIFY_LOCATION;
      case "amazon" -> AMAZON_SELLER + "/" + sku;
      case "flipkart" -> sku + "@" + FLIPKART_LOCATION;
      case "woocommerce" -> Integer.toString(500 + i);
      default -> "L-" + sku;
    };
  }
}
