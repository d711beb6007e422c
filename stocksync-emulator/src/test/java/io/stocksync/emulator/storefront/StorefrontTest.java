package io.stocksync.emulator.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.emulator.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The storefront core over a plain map of held figures. */
class StorefrontTest {

  /** Held figures in a map, under its own lock, as the emulators' inventories keep them. */
  private static final class MapStock implements HeldStock {
    final Map<String, Long> held = new TreeMap<>();

    @Override
    public void checkKey(String key) {}

    @Override
    public synchronized String take(Map<String, Long> units) {
      return HeldFigures.take(units, held::get, held::put);
    }

    @Override
    public synchronized void putBack(Map<String, Long> units) {
      HeldFigures.putBack(units, held::get, held::put);
    }
  }

  private final TestClock clock = new TestClock();
  private final MapStock stock = new MapStock();
  private final Storefront storefront =
      new Storefront(clock, stock, new Storefront.Ids(n -> "O" + n, n -> "L" + n));

  @Test
  void concurrentBuyersNeverGetMoreThanIsHeld() throws Exception {
    stock.held.put("A", 10L);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> buys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      buys.add(pool.submit(() -> storefront.buy(List.of(Map.entry("A", 1L))).accepted()));
    }
    int accepted = 0;
    for (Future<Boolean> buy : buys) {
      accepted += buy.get() ? 1 : 0;
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.SECONDS);

    assertThat(accepted).isEqualTo(10);
    assertThat(stock.held).containsEntry("A", 0L);
    assertThat(storefront.orders()).hasSize(10);
  }

  @Test
  void aBuyIsAllOrNothingAcrossItsLines() {
    stock.held.put("A", 5L);
    stock.held.put("B", 1L);

    Storefront.Purchase refused = storefront.buy(List.of(Map.entry("A", 2L), Map.entry("B", 2L)));

    assertThat(refused.accepted()).isFalse();
    assertThat(refused.refusal()).contains("'B' holds 1, 2 asked");
    assertThat(stock.held).containsEntry("A", 5L).containsEntry("B", 1L);
  }

  @Test
  void twoLinesOfOneListingAreCheckedTogether() {
    stock.held.put("A", 3L);
    assertThat(storefront.buy(List.of(Map.entry("A", 2L), Map.entry("A", 2L))).accepted())
        .isFalse();
    assertThat(stock.held).containsEntry("A", 3L);
  }

  @Test
  void listenersHearEveryChangeInOrderAndOnlyLegalMovesHappen() {
    stock.held.put("A", 3L);
    List<String> heard = new ArrayList<>();
    storefront.listen(order -> heard.add(order.id() + ":" + order.state()));
    Order order = storefront.buy(List.of(Map.entry("A", 1L))).order();

    assertThatThrownBy(() -> storefront.giveBack(order.id()))
        .isInstanceOf(IllegalStateException.class);
    storefront.ship(order.id());
    assertThatThrownBy(() -> storefront.cancel(order.id()))
        .isInstanceOf(IllegalStateException.class);
    storefront.giveBack(order.id());
    assertThatThrownBy(() -> storefront.ship("nope")).isInstanceOf(NoSuchElementException.class);

    assertThat(heard).containsExactly("O1:PLACED", "O1:SHIPPED", "O1:RETURNED");
    assertThat(stock.held).as("a return is not stock").containsEntry("A", 2L);
    assertThat(storefront.order("O1").orElseThrow().returnedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aCancelPutsTheUnitsBackOnce() {
    stock.held.put("A", 3L);
    Order order = storefront.buy(List.of(Map.entry("A", 2L))).order();
    storefront.cancel(order.id());
    assertThatThrownBy(() -> storefront.cancel(order.id()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(stock.held).containsEntry("A", 3L);
  }
}
