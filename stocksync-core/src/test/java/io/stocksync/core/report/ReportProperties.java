package io.stocksync.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The snapshot and the reconciliation against a reference model written from SPEC §2's table: the
 * model replays the events themselves (a stock count sets on hand, a cancellation beyond what is
 * reserved is rejected, ...) and never looks at a ledger delta, where the reports only add deltas.
 */
class ReportProperties {

  private static final Instant EPOCH = Instant.parse("2026-11-27T10:00:00Z");
  private static final List<String> SKUS = List.of("A", "B", "b", "\uD835\uDD38", "\uFFFD");
  private static final List<String> LOCATIONS = List.of("WH1", "WH2", "Q");
  private static final Set<String> SELLABLE = Set.of("WH1", "WH2");

  /** An event as a client sent it, and when StockSync recorded it (milliseconds after EPOCH). */
  record Event(String sku, String location, EventType type, long quantity, long at) {}

  /** A history: events in ingest order, their recording times never going back. */
  @Provide
  Arbitrary<List<Event>> histories() {
    Arbitrary<Event> event =
        Combinators.combine(
                Arbitraries.of(SKUS),
                Arbitraries.of(LOCATIONS),
                Arbitraries.of(EventType.class),
                Arbitraries.longs().between(-40, 60),
                Arbitraries.longs().between(0, 3))
            .as(Event::new);
    return event
        .list()
        .ofMaxSize(80)
        .map(
            events -> {
              List<Event> timed = new ArrayList<>();
              long clock = 0;
              for (Event e : events) {
                clock += e.at(); // a gap of 0 to 3 ms: several lines may share an instant
                timed.add(new Event(e.sku(), e.location(), e.type(), e.quantity(), clock));
              }
              return timed;
            });
  }

  /** What SPEC §2 keeps per SKU and location. */
  private record Stock(long onHand, long reserved) {}

  /** One applied event with the stock before and after it. */
  private record Applied(Event event, Stock before, Stock after) {}

  /** Replays SPEC §2's table over the events, leaving out the rejected ones. */
  private static List<Applied> replay(List<Event> events) {
    Map<List<String>, Stock> stock = new LinkedHashMap<>();
    List<Applied> applied = new ArrayList<>();
    for (Event e : events) {
      Stock s = stock.getOrDefault(key(e), new Stock(0, 0));
      long q = e.quantity();
      Stock after =
          switch (e.type()) {
            case ORDER_PLACED -> q > 0 ? new Stock(s.onHand(), s.reserved() + q) : null;
            case ORDER_CANCELLED ->
                q > 0 && q <= s.reserved() ? new Stock(s.onHand(), s.reserved() - q) : null;
            case ORDER_SHIPPED -> q > 0 ? new Stock(s.onHand() - q, s.reserved() - q) : null;
            case RETURN_RECEIVED, PUTAWAY -> q > 0 ? new Stock(s.onHand() + q, s.reserved()) : null;
            case ADJUSTMENT ->
                q != 0 && s.onHand() + q >= 0 ? new Stock(s.onHand() + q, s.reserved()) : null;
            case STOCK_COUNT -> q >= 0 ? new Stock(q, s.reserved()) : null;
          };
      if (after != null) {
        stock.put(key(e), after);
        applied.add(new Applied(e, s, after));
      }
    }
    return applied;
  }

  private static List<String> key(Event e) {
    return List.of(e.sku(), e.location());
  }

  /** The model's stock per SKU and location after the events recorded at or before {@code t}. */
  private static Map<List<String>, Stock> stockAt(List<Applied> applied, long t) {
    Map<List<String>, Stock> stock = new LinkedHashMap<>();
    for (Applied a : applied) {
      if (a.event().at() <= t) {
        stock.put(key(a.event()), a.after());
      }
    }
    return stock;
  }

  /**
   * The ledger lines the engine writes for the applied events (the delta is after minus before),
   * sorted as the store sorts them: by SKU and location in code-point order, shuffled within.
   */
  private static List<LedgerLine> ledger(List<Applied> applied, long seed) {
    Map<List<String>, List<LedgerLine>> byKey = new TreeMap<>(ReportProperties::byCodePoints);
    for (Applied a : applied) {
      Event e = a.event();
      byKey
          .computeIfAbsent(key(e), k -> new ArrayList<>())
          .add(
              new LedgerLine(
                  e.sku(),
                  e.location(),
                  e.type(),
                  e.quantity(),
                  a.after().onHand() - a.before().onHand(),
                  a.after().reserved() - a.before().reserved(),
                  EPOCH.plusMillis(e.at())));
    }
    Random random = new Random(seed);
    List<LedgerLine> lines = new ArrayList<>();
    for (List<LedgerLine> group : byKey.values()) {
      Collections.shuffle(group, random);
      lines.addAll(group);
    }
    return lines;
  }

  private static int byCodePoints(List<String> a, List<String> b) {
    Comparator<String> c =
        (x, y) -> Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray());
    int sku = c.compare(a.get(0), b.get(0));
    return sku != 0 ? sku : c.compare(a.get(1), b.get(1));
  }

  private static <T> List<T> all(Iterator<T> rows) {
    List<T> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    return list;
  }

  @Property(tries = 500)
  void theSnapshotAtAnInstantIsTheReplayOfTheEventsRecordedByThen(
      @ForAll("histories") List<Event> events,
      @ForAll @net.jqwik.api.constraints.LongRange(min = -1, max = 250) long t,
      @ForAll long seed) {
    List<Applied> applied = replay(events);

    List<SnapshotRow> rows =
        all(
            Snapshot.rows(
                EPOCH.plusMillis(t),
                SELLABLE::contains,
                ledger(applied, seed).iterator(),
                Collections.emptyIterator()));

    Map<List<String>, Stock> expected = stockAt(applied, t);
    Map<List<String>, Stock> actual = new LinkedHashMap<>();
    for (SnapshotRow row : rows) {
      long onHand = 0;
      long reserved = 0;
      long available = 0;
      for (LocationBalance b : row.locations()) {
        actual.put(List.of(row.sku(), b.location()), new Stock(b.onHand(), b.reserved()));
        onHand += b.onHand();
        reserved += b.reserved();
        if (SELLABLE.contains(b.location())) {
          available += b.onHand() - b.reserved();
        }
      }
      assertThat(row.onHand()).isEqualTo(onHand);
      assertThat(row.reserved()).isEqualTo(reserved);
      assertThat(row.available()).isEqualTo(available);
    }
    assertThat(actual).isEqualTo(expected);
    List<String> skus = rows.stream().map(SnapshotRow::sku).toList();
    assertThat(skus)
        .doesNotHaveDuplicates()
        .isSortedAccordingTo(
            (x, y) -> Arrays.compare(x.codePoints().toArray(), y.codePoints().toArray()));
  }

  @Property(tries = 500)
  void everyReconciliationRowGoesFromTheReplayAtFromByTheMovementsToTheReplayAtTo(
      @ForAll("histories") List<Event> events,
      @ForAll @net.jqwik.api.constraints.LongRange(min = -1, max = 250) long a,
      @ForAll @net.jqwik.api.constraints.LongRange(min = -1, max = 250) long b,
      @ForAll long seed) {
    long from = Math.min(a, b);
    long to = Math.max(a, b);
    List<Applied> applied = replay(events);

    List<ReconciliationRow> rows =
        all(
            Reconciliation.rows(
                EPOCH.plusMillis(from), EPOCH.plusMillis(to), ledger(applied, seed).iterator()));

    Map<List<String>, Stock> opening = stockAt(applied, from);
    Map<List<String>, Stock> closing = stockAt(applied, to);
    assertThat(rows).allSatisfy(r -> assertThat(r.balances()).as("%s balances", r).isTrue());
    assertThat(rows.stream().map(r -> List.of(r.sku(), r.location())).toList())
        .containsExactlyInAnyOrderElementsOf(closing.keySet());
    for (ReconciliationRow r : rows) {
      List<String> k = List.of(r.sku(), r.location());
      Stock open = opening.getOrDefault(k, new Stock(0, 0));
      assertThat(new Stock(r.openingOnHand(), r.openingReserved())).isEqualTo(open);
      assertThat(new Stock(r.closingOnHand(), r.closingReserved())).isEqualTo(closing.get(k));
      assertThat(r.movements()).isEqualTo(expectedMovements(applied, k, from, to));
    }
  }

  /** The movement buckets straight from the events of the period, by SPEC §2's table. */
  private static Movements expectedMovements(
      List<Applied> applied, List<String> k, long from, long to) {
    long put = 0,
        ret = 0,
        adjIn = 0,
        adjOut = 0,
        counted = 0,
        shipped = 0,
        placed = 0,
        cancelled = 0;
    for (Applied x : applied) {
      Event e = x.event();
      if (!key(e).equals(k) || e.at() <= from || e.at() > to) {
        continue;
      }
      long q = e.quantity();
      switch (e.type()) {
        case PUTAWAY -> put += q;
        case RETURN_RECEIVED -> ret += q;
        case ADJUSTMENT -> {
          if (q > 0) {
            adjIn += q;
          } else {
            adjOut -= q;
          }
        }
        case STOCK_COUNT -> counted += q - x.before().onHand();
        case ORDER_SHIPPED -> shipped += q;
        case ORDER_PLACED -> placed += q;
        case ORDER_CANCELLED -> cancelled += q;
      }
    }
    return new Movements(put, ret, adjIn, adjOut, counted, shipped, placed, cancelled);
  }

  /** A channel's acknowledgements of a listing: quantity and time, in the order they happened. */
  @Provide
  Arbitrary<List<Acknowledgement>> acknowledgements() {
    return Combinators.combine(
            Arbitraries.of(SKUS),
            Arbitraries.of("amazon", "hook", "shop"),
            Arbitraries.longs().between(0, 500),
            Arbitraries.longs().between(0, 200))
        .as((sku, channel, q, at) -> new Acknowledgement(sku, channel, q, EPOCH.plusMillis(at)))
        .list()
        .ofMaxSize(40);
  }

  @Property(tries = 500)
  void eachListingShowsTheLatestFigureItsChannelHadAcknowledgedByTheInstant(
      @ForAll("acknowledgements") List<Acknowledgement> acks,
      @ForAll @net.jqwik.api.constraints.LongRange(min = -1, max = 210) long t) {
    // The store hands them over by SKU and channel, oldest first within a listing.
    List<Acknowledgement> sorted = new ArrayList<>(acks);
    sorted.sort(
        Comparator.<Acknowledgement, List<String>>comparing(
                x -> List.of(x.sku(), x.channel()), ReportProperties::byCodePoints)
            .thenComparing(Acknowledgement::at));
    Instant at = EPOCH.plusMillis(t);

    List<SnapshotRow> rows =
        all(Snapshot.rows(at, SELLABLE::contains, Collections.emptyIterator(), sorted.iterator()));

    Map<List<String>, Acknowledgement> expected = new LinkedHashMap<>();
    for (Acknowledgement x : sorted) {
      if (!x.at().isAfter(at)) {
        expected.put(List.of(x.sku(), x.channel()), x); // a later one replaces an earlier one
      }
    }
    Map<List<String>, Acknowledgement> actual = new LinkedHashMap<>();
    for (SnapshotRow row : rows) {
      assertThat(row.locations()).isEmpty();
      assertThat(row.listings()).isNotEmpty();
      row.listings().forEach(x -> actual.put(List.of(row.sku(), x.channel()), x));
    }
    assertThat(actual).isEqualTo(expected);
  }
}
