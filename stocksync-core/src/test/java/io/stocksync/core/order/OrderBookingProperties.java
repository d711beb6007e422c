package io.stocksync.core.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.event.Rejection;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The order mapping of SPEC §9 against a reference written from the SPEC: however the reports of
 * the same lines are interleaved and duplicated (webhooks, their retries, overlapping polls), each
 * line books its placement once, its cancellation or its shipment once, all at one location, and a
 * return is never booked as stock.
 */
class OrderBookingProperties {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  /** The life of one line as a marketplace reports it: every state it passed through. */
  enum Life {
    OPEN(OrderLineState.PLACED),
    CANCELLED(OrderLineState.PLACED, OrderLineState.CANCELLED),
    SHIPPED(OrderLineState.PLACED, OrderLineState.SHIPPED),
    RETURNED(OrderLineState.PLACED, OrderLineState.SHIPPED, OrderLineState.RETURNED);

    final OrderLineState[] states;

    Life(OrderLineState... states) {
      this.states = states;
    }
  }

  record Line(String channel, String order, String line, String externalId, long qty, Life life) {}

  record Scenario(List<Line> lines, List<OrderLine> reports, int listingAppearsAt) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Line> line =
        Combinators.combine(
                Arbitraries.of("shop", "woo"),
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 3),
                Arbitraries.of("item-A", "item-B", "item-late"),
                Arbitraries.longs().between(1, 7),
                Arbitraries.of(Life.class))
            .as((c, o, l, x, q, life) -> new Line(c, "o" + o, "l" + l, x, q, life));
    return line.list()
        .ofMinSize(1)
        .ofMaxSize(10)
        .uniqueElements(l -> List.of(l.channel(), l.order(), l.line()))
        .flatMap(
            lines -> {
              List<OrderLine> all = new ArrayList<>();
              for (Line l : lines) {
                for (OrderLineState s : l.life().states) {
                  all.add(report(l, s));
                }
              }
              Arbitrary<List<OrderLine>> dupes =
                  Arbitraries.of(all).list().ofMaxSize(all.size() * 2);
              return Combinators.combine(dupes, Arbitraries.integers().between(0, 40))
                  .flatAs(
                      (extra, appearsAt) -> {
                        List<OrderLine> reports = new ArrayList<>(all);
                        reports.addAll(extra);
                        return Arbitraries.shuffle(reports)
                            .map(r -> new Scenario(lines, r, appearsAt));
                      });
            });
  }

  private static OrderLine report(Line l, OrderLineState s) {
    return new OrderLine(l.channel(), l.order(), l.line(), l.externalId(), null, l.qty(), s, null);
  }

  @Property(tries = 1000)
  void anyInterleavingAndDuplicationOfTheSameLinesBooksEachOnce(@ForAll("scenarios") Scenario s) {
    Catalog catalog = new Catalog();
    Ledger ledger = new Ledger();
    OrderBook book = new OrderBook();
    List<OrderLineRow> written = new ArrayList<>();
    int i = 0;
    for (OrderLine r : s.reports()) {
      if (i++ == s.listingAppearsAt()) {
        catalog.listLate();
        for (String channel : List.of("shop", "woo")) {
          book.bookUnmatched("acc", channel, catalog, ledger, NOW, written::add);
        }
      }
      book.receive("acc", List.of(r), catalog, ledger, NOW, written::add);
    }
    if (!catalog.lateListed) {
      catalog.listLate();
      for (String channel : List.of("shop", "woo")) {
        book.bookUnmatched("acc", channel, catalog, ledger, NOW, written::add);
      }
    }

    // The reference, from SPEC §9: every line is placed once; cancelled once if it was cancelled;
    // shipped once if it was shipped (a return included); nothing else, and no stock comes back.
    Map<String, Integer> expected = new HashMap<>();
    for (Line l : s.lines()) {
      String prefix = l.channel() + ":" + l.order() + ":" + l.line() + ":";
      expected.put(prefix + "placed", 1);
      if (l.life() == Life.CANCELLED) {
        expected.put(prefix + "cancelled", 1);
      }
      if (l.life() == Life.SHIPPED || l.life() == Life.RETURNED) {
        expected.put(prefix + "shipped", 1);
      }
    }
    assertThat(ledger.appliedCount).isEqualTo(expected);
    assertThat(ledger.types).doesNotContain(EventType.RETURN_RECEIVED);

    long expectedReserved = 0;
    long expectedShipped = 0;
    for (Line l : s.lines()) {
      if (l.life() == Life.OPEN) {
        expectedReserved += l.qty();
      }
      if (l.life() == Life.SHIPPED || l.life() == Life.RETURNED) {
        expectedShipped += l.qty();
      }
    }
    assertThat(ledger.reservedTotal()).isEqualTo(expectedReserved);
    assertThat(ledger.shippedTotal()).isEqualTo(expectedShipped);

    for (Line l : s.lines()) {
      OrderLineRow kept = book.line(OrderBook.key(l.channel(), l.order(), l.line()));
      assertThat(kept.unmatched()).isFalse();
      assertThat(kept.state()).isEqualTo(l.life().states[l.life().states.length - 1]);
      assertThat(ledger.locationsOf(l.channel() + ":" + l.order() + ":" + l.line() + ":"))
          .hasSize(1);
    }
    assertThat(book.size()).isEqualTo(s.lines().size());
  }

  @Property(tries = 300)
  void aLedgerThatAlreadyHasTheFixedIdsCountsAReplayOfEveryReportAsDuplicates(
      @ForAll("scenarios") Scenario s) {
    Catalog catalog = new Catalog();
    catalog.listLate();
    Ledger ledger = new Ledger();
    OrderBook first = new OrderBook();
    first.receive("acc", s.reports(), catalog, ledger, NOW, row -> {});
    Map<String, Integer> once = new HashMap<>(ledger.appliedCount);

    // A second book that lost every kept line (the warehouse posting the same fixed ids, say):
    // the ledger's duplicate check alone keeps the count.
    new OrderBook().receive("acc", s.reports(), catalog, ledger, NOW, row -> {});

    assertThat(ledger.appliedCount).isEqualTo(once);
  }

  /** Two locations; item-A and item-B listed from the start, item-late once {@link #listLate}. */
  static final class Catalog implements ListingCatalog {
    boolean lateListed;

    void listLate() {
      lateListed = true;
    }

    @Override
    public String skuFor(String channelId, String externalId, String marketplaceSku) {
      return switch (externalId) {
        case "item-A" -> "A";
        case "item-B" -> "B";
        case "item-late" -> lateListed ? "L" : null;
        default -> null;
      };
    }

    @Override
    public String orderLocation(String channelId) {
      return null;
    }

    @Override
    public List<String> sellableLocations(String channelId) {
      return List.of("WH1", "WH2");
    }

    @Override
    public boolean covers(String sku, String location, long quantity) {
      return location.equals("WH2"); // WH1 holds nothing: every line goes to WH2
    }
  }

  /** A ledger of SPEC §2 for order events, with the duplicate check of fixed ids. */
  static final class Ledger implements java.util.function.Function<InventoryEvent, EventResult> {
    final Map<String, Integer> appliedCount = new HashMap<>();
    final List<EventType> types = new ArrayList<>();
    final Map<String, Long> reserved = new HashMap<>();
    final Map<String, Long> shipped = new HashMap<>();
    final Map<String, String> locationById = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    @Override
    public EventResult apply(InventoryEvent e) {
      if (!seen.add(e.id())) {
        return EventResult.duplicate(e.id());
      }
      String at = e.sku() + "@" + e.location();
      switch (e.type()) {
        case ORDER_PLACED -> reserved.merge(at, e.quantity(), Long::sum);
        case ORDER_CANCELLED -> {
          if (reserved.getOrDefault(at, 0L) < e.quantity()) {
            seen.remove(e.id());
            return EventResult.rejected(
                e.id(), new Rejection(Rejection.Reason.values()[0], "quantity", "not reserved"));
          }
          reserved.merge(at, -e.quantity(), Long::sum);
        }
        case ORDER_SHIPPED -> {
          reserved.merge(at, -e.quantity(), Long::sum);
          shipped.merge(at, e.quantity(), Long::sum);
        }
        default -> throw new AssertionError("an order line booked " + e.type());
      }
      appliedCount.merge(e.id(), 1, Integer::sum);
      types.add(e.type());
      locationById.put(e.id(), e.location());
      return EventResult.applied(e.id());
    }

    long reservedTotal() {
      return reserved.values().stream().mapToLong(Long::longValue).sum();
    }

    long shippedTotal() {
      return shipped.values().stream().mapToLong(Long::longValue).sum();
    }

    Set<String> locationsOf(String linePrefix) {
      Set<String> at = new HashSet<>();
      locationById.forEach(
          (id, location) -> {
            if (id.startsWith(linePrefix)) {
              at.add(location);
            }
          });
      return at;
    }
  }
}
