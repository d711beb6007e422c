package io.stocksync.emulator.storefront;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;

/**
 * A marketplace's storefront, emulated (SPEC §8): customers buy from the held figures, and the
 * orders they place live on — cancelled (the units go back on the held figure), shipped, returned.
 * Each marketplace emulator owns one, renders its orders in its own order API and, where the
 * marketplace has webhooks, listens to it to send them.
 *
 * <p>A buy is all or nothing: when any line asks more than its listing holds (or the listing is not
 * held at all), nothing changes — a marketplace does not sell what it does not show.
 *
 * <p>Thread-safe: every change is atomic; listeners are called after the change, on the caller's
 * thread, outside the storefront's lock.
 */
public final class Storefront {

  /** Told of every order placed and every change of state, in order. */
  @FunctionalInterface
  public interface Listener {
    /** {@code order} was just placed or moved to {@code order.state()}. */
    void changed(Order order);
  }

  /**
   * How the marketplace names its orders and lines, from their place in the store (1, 2, …).
   *
   * @param order the order id of the n-th order
   * @param line the line id of the n-th line (counted across the store)
   */
  public record Ids(LongFunction<String> order, LongFunction<String> line) {}

  /**
   * The outcome of a buy.
   *
   * @param order the order placed, or null when the buy was refused
   * @param refusal why it was refused, or null when placed
   */
  public record Purchase(Order order, String refusal) {
    /** Whether every line was held and the order exists. */
    public boolean accepted() {
      return order != null;
    }
  }

  private final Clock clock;
  private final HeldStock stock;
  private final Ids ids;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Order> orders = new LinkedHashMap<>();
  private long orderCount;
  private long lineCount;

  /** A storefront selling from {@code stock}, stamping orders with {@code clock}. */
  public Storefront(Clock clock, HeldStock stock, Ids ids) {
    this.clock = clock;
    this.stock = stock;
    this.ids = ids;
  }

  /** Adds a listener of placed and changed orders. */
  public void listen(Listener listener) {
    listeners.add(listener);
  }

  /** The held figures it sells from. */
  public HeldStock stock() {
    return stock;
  }

  /**
   * A customer buys {@code lines} (listing key and units, each at least 1, keys checked by the
   * caller): every listing is lowered and the order placed, or nothing changes.
   */
  public Purchase buy(List<Map.Entry<String, Long>> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an order needs at least one line");
    }
    Order placed;
    synchronized (this) {
      Map<String, Long> units = new LinkedHashMap<>();
      lines.forEach(line -> units.merge(line.getKey(), line.getValue(), Long::sum));
      String refusal = stock.take(units);
      if (refusal != null) {
        return new Purchase(null, refusal);
      }
      long number = ++orderCount;
      List<OrderLine> orderLines = new ArrayList<>();
      lines.forEach(
          line ->
              orderLines.add(
                  new OrderLine(ids.line().apply(++lineCount), line.getKey(), line.getValue())));
      Instant now = clock.instant();
      placed =
          new Order(
              ids.order().apply(number),
              number,
              orderLines,
              OrderState.PLACED,
              now,
              now,
              null,
              null,
              null);
      orders.put(placed.id(), placed);
    }
    notify(placed);
    return new Purchase(placed, null);
  }

  /** Cancels a placed order; its units go back on the held figures. */
  public Order cancel(String orderId) {
    return move(orderId, OrderState.PLACED, OrderState.CANCELLED);
  }

  /** Ships a placed order. */
  public Order ship(String orderId) {
    return move(orderId, OrderState.PLACED, OrderState.SHIPPED);
  }

  /** Records the return of a shipped order (the units do not come back on the held figure). */
  public Order giveBack(String orderId) {
    return move(orderId, OrderState.SHIPPED, OrderState.RETURNED);
  }

  /**
   * Moves an order from {@code from} to {@code to}.
   *
   * @throws NoSuchElementException when the store has no such order
   * @throws IllegalStateException when the order is not in {@code from}
   */
  private Order move(String orderId, OrderState from, OrderState to) {
    Order moved;
    synchronized (this) {
      Order order = orders.get(orderId);
      if (order == null) {
        throw new NoSuchElementException("no order '" + orderId + "'");
      }
      if (order.state() != from) {
        throw new IllegalStateException(
            "order '"
                + orderId
                + "' is "
                + order.state()
                + "; only a "
                + from
                + " order can become "
                + to);
      }
      if (to == OrderState.CANCELLED) {
        stock.putBack(order.units());
      }
      moved = order.moved(to, clock.instant());
      orders.put(orderId, moved);
    }
    notify(moved);
    return moved;
  }

  /** The order with that id, if the store has it. */
  public synchronized Optional<Order> order(String orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  /** Every order, oldest first. A snapshot. */
  public synchronized List<Order> orders() {
    return List.copyOf(orders.values());
  }

  /** Forgets every order (the emulator's reset); ids start again at 1. */
  public synchronized void clear() {
    orders.clear();
    orderCount = 0;
    lineCount = 0;
  }

  private void notify(Order order) {
    listeners.forEach(listener -> listener.changed(order));
  }
}
