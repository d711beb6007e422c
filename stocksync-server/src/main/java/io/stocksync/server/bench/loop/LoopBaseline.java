package io.stocksync.server.bench.loop;

import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.server.bench.loop.LoopEvidence.LedgerLine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A baseline sync tool for {@code bench loop}, run on the same traffic as the engine. It keeps its
 * own ledger (the warehouse's put-aways, and the marketplaces' orders as it reads them from their
 * order lists) and sets every channel's figure to {@code max(0, onHand − reserved)} by that ledger.
 * Its reads of the orders and its pushes are ideal: instantaneous, never throttled, never failing
 * (they go straight to the emulators' state): what it loses, it loses by its rule alone.
 *
 * <ul>
 *   <li>{@link Mode#TIMER}: what most tools do: every {@code interval} it reads the orders and
 *       pushes every listing, blindly.
 *   <li>{@link Mode#EVERY_TRANSACTION}: it reads the orders every {@code interval} and pushes every
 *       listing on every transaction it learns of (a put-away at once), without the no-inflation
 *       rule: a channel that sold since its last read is set back over the units it sold.
 * </ul>
 *
 * Thread-safe: one scheduler thread and the warehouse's calls, under the tool's lock.
 */
public final class LoopBaseline implements LoopTraffic.Warehouse, AutoCloseable {

  /** How the tool syncs. */
  public enum Mode {
    TIMER,
    EVERY_TRANSACTION
  }

  private final Mode mode;
  private final LoopShop shop;
  private final EmulatorServer emulators;
  private final Clock clock;
  private final Duration interval;
  private final List<LedgerLine> ledger = new ArrayList<>();
  private final Map<String, OrderState> known = new HashMap<>(); // channel:order:line → state
  private final Map<String, Long> onHand = new HashMap<>();
  private final Map<String, Long> reserved = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stocksync-loop-baseline");
            t.setDaemon(true);
            return t;
          });

  public LoopBaseline(
      Mode mode, LoopShop shop, EmulatorServer emulators, Clock clock, Duration interval) {
    this.mode = mode;
    this.shop = shop;
    this.emulators = emulators;
    this.clock = clock;
    this.interval = interval;
    shop.skus().forEach(s -> onHand.put(s, 0L));
    shop.skus().forEach(s -> reserved.put(s, 0L));
  }

  /** Starts the reads (and, for the timer, the pushes). */
  public LoopBaseline start() {
    long every = interval.toMillis();
    timer.scheduleAtFixedRate(this::round, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private synchronized void round() {
    boolean changed = read();
    if (mode == Mode.TIMER || changed) {
      pushAll();
    }
  }

  @Override
  public synchronized void putAway(String id, String sku, long quantity) {
    book(id, sku, quantity, 0);
    if (mode == Mode.EVERY_TRANSACTION) {
      pushAll();
    }
  }

  /** The initial figures: every listing set to the stock, as a first full push. */
  public synchronized void pushAll() {
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      Map<String, Long> figures = new TreeMap<>();
      for (String sku : shop.skus()) {
        figures.put(shop.key(c, sku), Math.max(0, onHand.get(sku) - reserved.get(sku)));
      }
      emulators.emulator(c.marketplace()).seedQuantities(figures);
    }
  }

  /** Reads every marketplace's orders; answers whether any transaction was new. */
  private boolean read() {
    boolean changed = false;
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      for (Order o : emulators.emulator(c.marketplace()).storefront().orElseThrow().orders()) {
        for (OrderLine l : o.lines()) {
          String id = c.id() + ":" + o.id() + ":" + l.lineId();
          String sku = shop.skuOf(c, l.listing());
          OrderState before = known.get(id);
          if (before == o.state() || sku == null) {
            continue;
          }
          changed = true;
          if (before == null) {
            book(id + ":placed", sku, 0, l.quantity());
          }
          if (o.state() == OrderState.CANCELLED) {
            book(id + ":cancelled", sku, 0, -l.quantity());
          } else if ((o.state() == OrderState.SHIPPED || o.state() == OrderState.RETURNED)
              && before != OrderState.SHIPPED) {
            book(id + ":shipped", sku, -l.quantity(), -l.quantity());
          }
          known.put(id, o.state());
        }
      }
    }
    return changed;
  }

  private void book(String id, String sku, long onHandDelta, long reservedDelta) {
    onHand.merge(sku, onHandDelta, Long::sum);
    reserved.merge(sku, reservedDelta, Long::sum);
    ledger.add(new LedgerLine(id, sku, onHandDelta, reservedDelta, clock.instant()));
  }

  /** The tool's ledger, in the order it booked. */
  public synchronized List<LedgerLine> ledger() {
    return List.copyOf(ledger);
  }

  /** A last read of the orders, booking what the quiet period brought. */
  public synchronized void catchUp() {
    read();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
