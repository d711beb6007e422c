package io.stocksync.server.bench.loop;

import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.emulator.storefront.Storefront;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loop's moving parts: a customer per marketplace buying on its storefront ({@code POST
 * /emulator/{m}/orders}, all five at once), and a warehouse that puts stock away (through {@link
 * Warehouse}, StockSync's events API for the engine) and cancels and ships marketplace orders on
 * the marketplaces themselves, as a seller does in each marketplace's back office. Every step is
 * scheduled at a fixed rate on threads of its own; {@link #close} stops them. Thread-safe.
 */
public final class LoopTraffic implements AutoCloseable {

  /** Where the warehouse's stock goes: StockSync's events API, or a baseline tool's own ledger. */
  public interface Warehouse {
    /** Puts {@code quantity} of {@code sku} away; {@code id} is unique. */
    void putAway(String id, String sku, long quantity);
  }

  /** A put-away the warehouse made: when it was sent, and what. */
  public record PutAway(Instant at, String sku, long quantity) {}

  /**
   * How busy the loop is.
   *
   * @param customerPeriod time between two buys of one marketplace's customer
   * @param warehousePeriod time between two warehouse steps
   * @param restockUnits units a restock puts away at most (at least 1)
   * @param seed the random seed
   */
  public record Pace(
      Duration customerPeriod, Duration warehousePeriod, int restockUnits, long seed) {}

  private final LoopShop shop;
  private final EmulatorServer emulators;
  private final LoopApi api;
  private final Warehouse warehouse;
  private final Pace pace;
  private final Clock clock;
  private final ScheduledExecutorService threads;
  private final ConcurrentLinkedQueue<PutAway> putAways = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final String run;

  public LoopTraffic(
      LoopShop shop,
      EmulatorServer emulators,
      LoopApi api,
      Warehouse warehouse,
      Pace pace,
      Clock clock,
      String run) {
    this.shop = shop;
    this.emulators = emulators;
    this.api = api;
    this.warehouse = warehouse;
    this.pace = pace;
    this.clock = clock;
    this.run = run;
    this.threads =
        Executors.newScheduledThreadPool(
            LoopShop.CHANNELS.size() + 1,
            r -> {
              Thread t = new Thread(r, "stocksync-loop-traffic");
              t.setDaemon(true);
              return t;
            });
  }

  /** The initial stock of every SKU, put away through the warehouse. */
  public void stockUp() {
    for (String sku : shop.skus()) {
      putAway(sku, shop.stock());
    }
  }

  /** Starts the customers and the warehouse. */
  public void start() {
    int i = 0;
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      Random random = new Random(pace.seed() * 31 + i++);
      // Amazon's customers buy at a quarter of the others' rate: its order API reads at most half
      // an
      // order a second (getOrderItems: 0.5 requests/s), so a busier Amazon only queues orders.
      long period = pace.customerPeriod().toMillis() * (c.type().equals("amazon") ? 4 : 1);
      threads.scheduleAtFixedRate(
          () -> quietly(() -> buy(c, random)),
          random.nextInt((int) period),
          period,
          TimeUnit.MILLISECONDS);
    }
    Random random = new Random(pace.seed() * 31 + 97);
    long period = pace.warehousePeriod().toMillis();
    threads.scheduleAtFixedRate(
        () -> quietly(() -> warehouseStep(random)), period, period, TimeUnit.MILLISECONDS);
  }

  private void quietly(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.incrementAndGet(); // a step that failed is not retried; the next one goes on
    }
  }

  private void buy(LoopShop.Channel c, Random random) {
    String sku = shop.skus().get(random.nextInt(shop.skus().size()));
    long units = random.nextInt(4) == 0 ? 2 : 1;
    LoopApi.Answer a =
        api.emulator(
            "POST",
            emulators.baseUrl() + "/emulator/" + c.marketplace() + "/orders",
            Map.of("lines", List.of(Map.of("listing", shop.key(c, sku), "quantity", units))));
    if (a.status() == 200 && a.json() != null && a.json().path("accepted").asBoolean()) {
      accepted.incrementAndGet();
    } else {
      refused.incrementAndGet();
    }
  }

  private void warehouseStep(Random random) {
    int roll = random.nextInt(10);
    if (roll < 4) {
      String sku = shop.skus().get(random.nextInt(shop.skus().size()));
      putAway(sku, 1 + random.nextInt(pace.restockUnits()));
    } else if (roll < 6) {
      act(random, "cancel");
    } else if (roll < 8) {
      act(random, "ship");
    }
  }

  private void act(Random random, String action) {
    LoopShop.Channel c = LoopShop.CHANNELS.get(random.nextInt(LoopShop.CHANNELS.size()));
    Storefront storefront = emulators.emulator(c.marketplace()).storefront().orElseThrow();
    List<Order> placed = new ArrayList<>();
    for (Order o : storefront.orders()) {
      if (o.state() == OrderState.PLACED) {
        placed.add(o);
      }
    }
    if (placed.isEmpty()) {
      return;
    }
    Order o = placed.get(random.nextInt(placed.size()));
    api.emulator(
        "POST",
        emulators.baseUrl() + "/emulator/" + c.marketplace() + "/orders/" + o.id() + "/" + action,
        null);
  }

  private void putAway(String sku, long units) {
    String id = run + "-putaway-" + sequence.incrementAndGet();
    Instant at = clock.instant();
    warehouse.putAway(id, sku, units);
    putAways.add(new PutAway(at, sku, units));
  }

  /** The put-aways made so far, in the order they were sent. */
  public List<PutAway> putAways() {
    return List.copyOf(putAways);
  }

  /** Buys the storefronts accepted. */
  public long accepted() {
    return accepted.get();
  }

  /** Buys the storefronts refused (a listing did not hold the units). */
  public long refused() {
    return refused.get();
  }

  /** Steps that failed (an HTTP error). */
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
