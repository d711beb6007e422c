package io.stocksync.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's moving parts, one step every {@code period}: customers buy, the warehouse ships what
 * was bought, puts stock away when a SKU runs low, and counts a shelf now and then.
 *
 * <p>Customers buy on the emulated marketplaces' storefronts ({@code POST /emulator/{m}/orders},
 * SPEC §8): the marketplace lowers its own figure and StockSync hears of the order through the
 * channel's order feed (its webhooks where {@code serve} registered them, its polls otherwise). A
 * channel whose feed {@code serve} does not read (its feed state shows neither a poll nor a
 * registered webhook) gets no customers of its own: its share of the orders arrives as the seller's
 * order system's {@code ORDER_PLACED} events instead, since a sale there would go unheard.
 */
final class DemoTraffic implements AutoCloseable {
  private final DemoHttp api;
  private final EmulatorServer emulators;
  private final DemoShop shop;
  private final Random random;
  private final String run;
  private final boolean storefronts;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stocksync-demo-traffic");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean stopping;

  /** An order not yet shipped: booked in the ledger, or held by a marketplace (orderId). */
  private record Open(
      String sku, String location, long quantity, String marketplace, String orderId) {}

  private final Deque<Open> open = new ArrayDeque<>();

  DemoTraffic(DemoHttp api, EmulatorServer emulators, DemoShop shop, Random random, String run) {
    this.api = api;
    this.emulators = emulators;
    this.shop = shop;
    this.random = random;
    this.run = run;
    // Customers buy on a storefront only where serve reads that marketplace's order feed: a sale
    // there would go unheard otherwise, and the next push would raise the marketplace back over it.
    this.storefronts = hasStorefronts();
  }

  /** Steps between two looks at which channels' order feeds serve reads. */
  private static final int FEED_LOOK_EVERY = 25;

  private volatile List<DemoShop.Channel> fed = List.of();

  /** Whether the emulators sell to customers (SPEC §8's storefront), probed once. */
  private boolean hasStorefronts() {
    String url =
        emulators.baseUrl() + "/emulator/" + DemoShop.CHANNELS.get(0).marketplace() + "/orders";
    return api.emulator("GET", url, null).status() != 404;
  }

  boolean storefronts() {
    return storefronts;
  }

  /**
   * The channels whose order feed the server reads: polled at least once, or with its webhooks
   * registered (GET /v1/channels/{id}/feed).
   */
  List<DemoShop.Channel> fedChannels() {
    List<DemoShop.Channel> read = new ArrayList<>();
    for (DemoShop.Channel c : DemoShop.CHANNELS) {
      DemoHttp.Answer a = api.api("GET", "/v1/channels/" + c.id() + "/feed", null);
      JsonNode feed = a.json();
      if (a.ok()
          && feed != null
          && (feed.path("webhookRegistered").asBoolean(false)
              || feed.path("lastPollAt").isTextual())) {
        read.add(c);
      }
    }
    return read;
  }

  /** Starts the steps, one every {@code periodMillis}. */
  void start(long periodMillis, PrintStream out) {
    timer.scheduleWithFixedDelay(
        () -> step(out), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void step(PrintStream out) {
    if (stopping) {
      return;
    }
    try {
      if (storefronts && steps.get() % FEED_LOOK_EVERY == 0) {
        fed = fedChannels();
      }
      int dice = random.nextInt(100);
      if (dice < 55) {
        buy();
      } else if (dice < 80) {
        ship();
      } else if (dice < 92) {
        restock();
      } else {
        count();
      }
      steps.incrementAndGet();
    } catch (RuntimeException e) {
      if (!stopping && failures.incrementAndGet() <= 5) {
        out.println("demo: a simulated step failed (the demo goes on): " + e.getMessage());
      }
    }
  }

  private String id(String what) {
    return run + "-" + what + "-" + sequence.incrementAndGet();
  }

  private void post(Map<String, Object> event) {
    JsonNode result = api.require("POST", "/v1/events", Map.of("events", List.of(event)));
    JsonNode first = result.path("results").path(0);
    if (first.path("status").asText().equals("rejected")) {
      throw new IllegalStateException(
          event.get("type") + " of " + event.get("sku") + " rejected: " + first.path("error"));
    }
  }

  private void buy() {
    // One customer in ten buys the breakfast set.
    String sku = random.nextInt(10) == 0 ? DemoShop.BUNDLE : pick(shop.skus());
    long quantity = 1 + random.nextInt(3);
    DemoShop.Channel c = pick(DemoShop.CHANNELS);
    if (storefronts && fed.contains(c)) {
      String base = emulators.baseUrl() + "/emulator/" + c.marketplace();
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("listing", shop.quantityKey(c, sku));
      line.put("quantity", quantity);
      DemoHttp.Answer a = api.emulator("POST", base + "/orders", Map.of("lines", List.of(line)));
      JsonNode json = a.json();
      if (a.ok() && json != null && json.path("accepted").asBoolean(false)) {
        synchronized (open) {
          open.add(new Open(sku, null, quantity, c.marketplace(), json.path("orderId").asText()));
        }
      }
      return;
    }
    String location = random.nextInt(4) == 0 ? "WH2" : "WH1";
    post(DemoShop.event(id("order"), "ORDER_PLACED", sku, location, quantity));
    synchronized (open) {
      open.add(new Open(sku, location, quantity, null, null));
    }
  }

  private void ship() {
    Open o;
    synchronized (open) {
      o = open.poll();
    }
    if (o == null) {
      return;
    }
    if (o.marketplace() != null) {
      api.emulator(
          "POST",
          emulators.baseUrl() + "/emulator/" + o.marketplace() + "/orders/" + o.orderId() + "/ship",
          null);
      return;
    }
    post(DemoShop.event(id("ship"), "ORDER_SHIPPED", o.sku(), o.location(), o.quantity()));
  }

  private void restock() {
    List<String> low = new ArrayList<>();
    for (JsonNode s : api.require("GET", "/v1/skus?limit=100", null).path("skus")) {
      String sku = s.path("sku").asText();
      if (shop.skus().contains(sku) && s.path("available").asLong() < 40) {
        low.add(sku);
      }
    }
    String sku = low.isEmpty() ? pick(shop.skus()) : pick(low);
    post(DemoShop.event(id("putaway"), "PUTAWAY", sku, "WH1", 40 + random.nextInt(120)));
  }

  private void count() {
    String sku = pick(shop.skus());
    JsonNode s = api.require("GET", "/v1/skus/" + sku, null);
    for (JsonNode l : s.path("locations")) {
      if (l.path("code").asText().equals("WH2")) {
        long onHand = l.path("onHand").asLong();
        long reserved = l.path("reserved").asLong();
        // A shelf count finds a unit more or less than the books, never below what is promised.
        long counted = Math.max(reserved, onHand + random.nextInt(3) - 1);
        post(DemoShop.event(id("count"), "STOCK_COUNT", sku, "WH2", counted));
      }
    }
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  long steps() {
    return steps.get();
  }

  @Override
  public void close() {
    stopping = true;
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
