package io.stocksync.server.demo;

import io.stocksync.emulator.EmulatorServer;
import java.io.PrintStream;
import java.util.Random;

/**
 * The demo's shop and its traffic on a running server (SPEC §13): {@link #start} sets the shop up
 * through the API and starts the simulated customers and warehouse.
 */
public final class Demo implements AutoCloseable {
  private final DemoShop shop;
  private final DemoTraffic traffic;

  private Demo(DemoShop shop, DemoTraffic traffic) {
    this.shop = shop;
    this.traffic = traffic;
  }

  /**
   * Sets the demo account's shop up on the server at {@code base} (its key {@code key}), its
   * channels on {@code emulators}, and starts a step of traffic every {@code periodMillis}.
   */
  public static Demo start(
      String base,
      String key,
      EmulatorServer emulators,
      long periodMillis,
      long seed,
      PrintStream out) {
    DemoHttp api = new DemoHttp(base, key);
    Random random = new Random(seed);
    String run = "demo" + Long.toString(System.currentTimeMillis(), 36);
    DemoShop shop = DemoShop.create(api, emulators, random, run);
    out.printf(
        "demo: %d SKUs and the bundle %s at WH1 and WH2, listed on %d channels (%s)%n",
        shop.skus().size(),
        DemoShop.BUNDLE,
        DemoShop.CHANNELS.size(),
        String.join(", ", DemoShop.CHANNELS.stream().map(c -> c.id() + " " + c.type()).toList()));
    DemoTraffic traffic = new DemoTraffic(api, emulators, shop, random, run);
    if (traffic.storefronts()) {
      out.println(
          "demo: customers buy on the emulated marketplaces' storefronts and the orders reach"
              + " StockSync through each channel's order feed (webhooks where the marketplace has"
              + " them, polling otherwise); the warehouse puts away, counts and ships");
    } else {
      out.println(
          "demo: these emulators have no storefronts, so orders arrive as the seller's order"
              + " system's ORDER_PLACED events; the warehouse puts away, counts and ships");
    }
    traffic.start(periodMillis, out);
    return new Demo(shop, traffic);
  }

  /** The SKUs of the demo shop, the bundle last. */
  public java.util.List<String> skus() {
    return shop.allSkus();
  }

  /** How many simulated steps have run. */
  public long steps() {
    return traffic.steps();
  }

  @Override
  public void close() {
    traffic.close();
  }
}
