package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.event.Rejection.Reason;
import io.stocksync.core.inventory.ReferenceModel.ModelListing;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.WriteSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link AccountState} over random event streams: the ledger invariant of SPEC §6, the sync policy
 * of §3 against a naive reference model, the drift bound, and the restore round trip.
 *
 * <p>Every scenario: plain SKUs {@code A}, {@code B}, {@code C}; bundle {@code K} of A and B; a
 * sellable location {@code L1} and a location {@code L2} that may be unsellable; channel {@code
 * ch1} with default rules drawing from every sellable location, listing every SKU; channel {@code
 * ch2} with random rules and locations, listing {@code A} and {@code K}. Events name an unknown SKU
 * ({@code Z}) or location ({@code L9}) now and then, and carry quantities of the wrong sign.
 */
class AccountStateProperties {

  static final Instant START = Instant.parse("2026-11-27T00:00:00Z");
  static final List<String> PLAIN = List.of("A", "B", "C");
  static final List<String> SKUS = List.of("A", "B", "C", "K");
  static final List<String> LOCATIONS = List.of("L1", "L2");

  // ------------------------------------------------------------------ scenarios

  /** One step of a stream; {@code gap} seconds pass before it. */
  sealed interface Step permits Event, Ack, Tick {
    int gap();
  }

  record Event(int gap, EventType type, String sku, String location, long quantity)
      implements Step {}

  /**
   * The channel confirms the listing's queued push; {@code late}: it confirms the push before it (a
   * confirmation that arrives after a newer target was queued).
   */
  record Ack(int gap, String channel, String sku, boolean late) implements Step {}

  /** Time passes; only the staleness bound may act. */
  record Tick(int gap) implements Step {}

  record Scenario(
      SyncPolicy policy,
      Map<String, PolicyOverride> overrides,
      boolean secondSellable,
      long perBundleA,
      long perBundleB,
      ChannelRules otherRules,
      List<String> otherLocations,
      List<Step> steps) {}

  /**
   * Edge cases are off for the stream properties: jqwik's would be mostly one-step streams. The
   * boundary settings (X = 0, N = 1, Y = 1, T = 0) are generated often enough at random.
   */
  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Long> staleness =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0L)), Tuple.of(2, Arbitraries.longs().between(1, 1500)));
    Arbitrary<SyncPolicy> policy =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.longs().between(0, 3)),
                    Tuple.of(3, Arbitraries.longs().between(0, 40))),
                Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(1L)),
                    Tuple.of(5, Arbitraries.longs().between(2, 8))),
                Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.longs().between(1, 4)),
                    Tuple.of(3, Arbitraries.longs().between(5, 40))),
                staleness)
            .as(SyncPolicy::new);
    Arbitrary<PolicyOverride> override =
        Combinators.combine(
                Arbitraries.longs().between(0, 60).injectNull(0.6),
                Arbitraries.longs().between(1, 6).injectNull(0.6),
                Arbitraries.longs().between(1, 40).injectNull(0.6),
                Arbitraries.longs().between(0, 3000).injectNull(0.6))
            .as(PolicyOverride::new);
    Arbitrary<Map<String, PolicyOverride>> overrides =
        Arbitraries.maps(Arbitraries.of(SKUS), override).ofMaxSize(3);
    Arbitrary<ChannelRules> rules =
        Combinators.combine(
                Arbitraries.longs().between(0, 10),
                Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(100)),
                    Tuple.of(2, Arbitraries.integers().between(0, 100))),
                Arbitraries.longs().between(0, 80).injectNull(0.5),
                Arbitraries.longs().between(0, 10))
            .as(ChannelRules::new);
    Arbitrary<List<String>> otherLocations =
        Arbitraries.of(List.of(), List.of("L1"), List.of("L2"), List.of("L1", "L2"));
    return Combinators.combine(
            policy,
            overrides,
            Arbitraries.of(true, false),
            Arbitraries.longs().between(1, 3),
            Arbitraries.longs().between(1, 3),
            rules,
            otherLocations,
            steps()
                .list()
                .ofMinSize(1)
                .ofMaxSize(100)
                .withSizeDistribution(RandomDistribution.uniform()))
        .as(Scenario::new);
  }

  private static Arbitrary<Step> steps() {
    Arbitrary<Integer> gap =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.integers().between(1, 60)),
            Tuple.of(2, Arbitraries.integers().between(61, 1500)));
    Arbitrary<EventType> type =
        Arbitraries.frequency(
            Tuple.of(4, EventType.PUTAWAY),
            Tuple.of(5, EventType.ORDER_PLACED),
            Tuple.of(2, EventType.ORDER_CANCELLED),
            Tuple.of(2, EventType.ORDER_SHIPPED),
            Tuple.of(1, EventType.RETURN_RECEIVED),
            Tuple.of(2, EventType.ADJUSTMENT),
            Tuple.of(1, EventType.STOCK_COUNT));
    Arbitrary<String> sku =
        Arbitraries.frequency(
            Tuple.of(4, "A"),
            Tuple.of(3, "B"),
            Tuple.of(2, "C"),
            Tuple.of(3, "K"),
            Tuple.of(1, "Z"));
    Arbitrary<String> location =
        Arbitraries.frequency(Tuple.of(6, "L1"), Tuple.of(3, "L2"), Tuple.of(1, "L9"));
    Arbitrary<Long> small =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(1, 12)),
            Tuple.of(2, Arbitraries.longs().between(13, 150)),
            Tuple.of(1, Arbitraries.longs().between(-3, 0)));
    // Stock comes in larger lots than it goes out, so that SKUs spend time above X.
    Arbitrary<Long> large =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(5, 80)),
            Tuple.of(1, Arbitraries.longs().between(-3, 0)));
    Arbitrary<Step> event =
        Combinators.combine(gap, type, sku, location, small, large, Arbitraries.of(true, false))
            .as(
                (g, t, s, l, out, in, negate) -> {
                  long q = t == EventType.PUTAWAY || t == EventType.STOCK_COUNT ? in : out;
                  return new Event(g, t, s, l, t == EventType.ADJUSTMENT && negate ? -q : q);
                });
    Arbitrary<Step> ack =
        Combinators.combine(
                gap,
                Arbitraries.of("ch1", "ch2"),
                Arbitraries.of(SKUS),
                Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)))
            .as(Ack::new);
    Arbitrary<Step> tick = gap.map(Tick::new);
    return Arbitraries.frequencyOf(Tuple.of(10, event), Tuple.of(3, ack), Tuple.of(1, tick));
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void onHandAndReservedAreAlwaysTheSumOfTheirLedgerDeltas(@ForAll("scenarios") Scenario s) {
    Run run = new Run(s);
    run.checkLedger();
    for (Step step : s.steps()) {
      run.step(step);
      run.checkLedger();
    }
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void syncsWhenAndWhatTheReferenceModelDoes(@ForAll("scenarios") Scenario s) {
    Run run = new Run(s);
    run.checkAgainstModel();
    for (Step step : s.steps()) {
      run.step(step);
      run.checkAgainstModel();
    }
    Statistics.label("synced by staleness").collect(run.sawStalenessSync);
    Statistics.label("rejected an event").collect(run.sawRejection);
    Statistics.label("applied a bundle event").collect(run.sawBundleEvent);
    Statistics.label("late acknowledgement").collect(run.sawLateAck);
    Statistics.label("synced by staleness").coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("rejected an event").coverage(c -> c.check(true).percentage(p -> p > 80));
    Statistics.label("applied a bundle event").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("late acknowledgement").coverage(c -> c.check(true).percentage(p -> p > 15));
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void aChannelIsNeverToldMoreThanTheDriftBoundAboveWhatIsAvailable(
      @ForAll("scenarios") Scenario s) {
    Run run = new Run(s);
    for (Step step : s.steps()) {
      run.step(step);
      run.checkDrift();
    }
    Statistics.label("waited above X").collect(run.sawWaitAboveThreshold);
    Statistics.label("told more than available").collect(run.sawDrift);
    Statistics.label("drift reached the bound").collect(run.sawDriftAtBound);
    Statistics.label("waited above X").coverage(c -> c.check(true).percentage(p -> p > 40));
    Statistics.label("told more than available")
        .coverage(c -> c.check(true).percentage(p -> p > 20));
    // Reaching the bound takes N−1 decreases of exactly Y−1 in a row: rare at random, shown on
    // purpose by DriftBoundTest; here it is only counted.
  }

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void restoringTheStoredRowsRebuildsTheSameStateAndItGoesOnTheSame(
      @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 0, max = 80) int split) {
    Run run = new Run(s);
    int at = Math.min(split, s.steps().size());
    for (Step step : s.steps().subList(0, at)) {
      run.step(step);
    }
    Set<String> loadedIds = new HashSet<>();
    StateLoader loader =
        new StateLoader(
            (account, id) -> {
              assertThat(account).isEqualTo(Run.ACCOUNT);
              loadedIds.add(id);
            });
    run.store.load(loader);
    Map<String, AccountState> loaded = loader.finish();

    assertThat(loaded).containsOnlyKeys(Run.ACCOUNT);
    assertThat(loadedIds).isEqualTo(run.appliedIds);
    AccountState restored = loaded.get(Run.ACCOUNT);
    // A restore cannot know whether a queued push was on its way when the process before died,
    // so it forgets the acknowledged figure a queued push of another figure makes uncertain. The
    // running account is told the same, and from there both must be and go on the same.
    run.account.forgetAcknowledgedUnderQueuedPushes();
    assertSameState(restored, run.account);

    Changes restoredChanges = new Changes();
    for (Step step : s.steps().subList(at, s.steps().size())) {
      List<WriteSet> writes = run.step(step, restored, restoredChanges);
      assertSameState(restored, run.account);
      assertSameWrites(writes.get(1), writes.get(0));
    }
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void aBatchOfChangesWritesWhatDrainingEveryStepWrites(
      @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 2, max = 25) int batch) {
    // Acknowledgements read the store, which a batch leaves behind on purpose: leave them out.
    List<Step> steps = s.steps().stream().filter(step -> !(step instanceof Ack)).toList();
    Run eachStep = new Run(s);
    Run batched = new Run(s);
    batched.drainEvery = batch;
    for (Step step : steps) {
      eachStep.step(step);
      batched.step(step);
    }
    batched.flush();

    InMemoryStore a = batched.store;
    InMemoryStore e = eachStep.store;
    assertThat(a.ledger).isEqualTo(e.ledger);
    assertThat(a.balances).isEqualTo(e.balances);
    assertThat(a.syncStates).isEqualTo(e.syncStates);
    assertThat(a.listings).isEqualTo(e.listings);
    assertThat(a.pushes).isEqualTo(e.pushes);
    assertThat(a.skus).isEqualTo(e.skus);
  }

  private static void assertSameState(AccountState actual, AccountState expected) {
    for (String sku : SKUS) {
      SkuView a = actual.view(sku);
      SkuView e = expected.view(sku);
      assertThat(a).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(e);
    }
    assertThat(actual.policy()).isEqualTo(expected.policy());
    assertThat(actual.nextStalenessDeadline()).isEqualTo(expected.nextStalenessDeadline());
  }

  private static void assertSameWrites(WriteSet actual, WriteSet expected) {
    assertThat(actual.ledger()).containsExactlyElementsOf(expected.ledger());
    assertThat(actual.balances()).containsExactlyInAnyOrderElementsOf(expected.balances());
    assertThat(actual.syncStates()).containsExactlyInAnyOrderElementsOf(expected.syncStates());
    assertThat(actual.listings()).containsExactlyInAnyOrderElementsOf(expected.listings());
    assertThat(actual.pushes()).containsExactlyInAnyOrderElementsOf(expected.pushes());
    assertThat(actual.pushRemovals()).containsExactlyInAnyOrderElementsOf(expected.pushRemovals());
    assertThat(actual.alerts()).containsExactlyInAnyOrderElementsOf(expected.alerts());
  }

  // ------------------------------------------------------------------ one run

  /** The account under test, its reference model and its store, stepped together. */
  static final class Run {
    static final String ACCOUNT = "acct-p";

    final Scenario scenario;
    final InMemoryStore store = new InMemoryStore();
    final Changes changes = new Changes();
    final AccountState account;
    final ReferenceModel model;

    /** Per listing, the highest version seen stored. */
    final Map<String, Long> versions = new HashMap<>();

    /** "listing#version" → the target that version named when it was seen queued. */
    final Map<String, Long> targetOfVersion = new HashMap<>();

    final Set<String> appliedIds = new HashSet<>();
    private final Map<String, long[]> ledgerSums = new HashMap<>();
    private Instant now = START;
    private int nextId;
    private int steps;

    /** Drain and commit after every this many steps (1: every step). */
    int drainEvery = 1;

    private EventResult lastResult;
    private Reason lastModelReason;

    /** What a stream exercised, for the coverage checks. */
    boolean sawWaitAboveThreshold;

    boolean sawStalenessSync;
    boolean sawDrift;
    boolean sawDriftAtBound;
    boolean sawRejection;
    boolean sawBundleEvent;
    boolean sawLateAck;

    Run(Scenario s) {
      this.scenario = s;
      account = AccountState.create(ACCOUNT, "Properties", s.policy(), now, changes);
      account.putLocation("L1", "one", true, now, changes);
      account.putLocation("L2", "two", s.secondSellable(), now, changes);
      for (String sku : PLAIN) {
        account.putSku(sku, sku, List.of(), now, changes);
      }
      account.putSku(
          "K",
          "bundle",
          List.of(new Component("A", s.perBundleA()), new Component("B", s.perBundleB())),
          now,
          changes);
      s.overrides().forEach((sku, o) -> account.setSkuPolicy(sku, o, now, changes));
      account.putChannel(Shop.channelRow("ch1", ChannelRules.DEFAULT, true), now, changes);
      account.putChannel(
          Shop.channelRow("ch2", s.otherRules(), true, s.otherLocations().toArray(String[]::new)),
          now,
          changes);

      Map<String, Boolean> sellable = Map.of("L1", true, "L2", s.secondSellable());
      LinkedHashMap<String, Long> kit = new LinkedHashMap<>();
      kit.put("A", s.perBundleA());
      kit.put("B", s.perBundleB());
      model =
          new ReferenceModel(
              s.policy(), s.overrides(), sellable, Set.copyOf(PLAIN), Map.of("K", kit));

      for (String sku : SKUS) {
        account.putListing("ch1", sku, "ch1-" + sku, "{}", now, changes);
        model.addListing("ch1", sku, ChannelRules.DEFAULT, Set.of());
      }
      for (String sku : List.of("A", "K")) {
        account.putListing("ch2", sku, "ch2-" + sku, "{}", now, changes);
        model.addListing("ch2", sku, s.otherRules(), Set.copyOf(s.otherLocations()));
      }
      commit(changes.drain());
    }

    private void commit(WriteSet w) {
      store.commit(w);
      for (LedgerRow r : w.ledger()) {
        long[] sum = ledgerSums.computeIfAbsent(r.sku() + "@" + r.location(), k -> new long[2]);
        sum[0] += r.onHandDelta();
        sum[1] += r.reservedDelta();
        appliedIds.add(r.eventId());
      }
    }

    void step(Step step) {
      step(step, null, null);
    }

    /**
     * Applies {@code step} to the account, the model and (if given) a second account; returns the
     * writes of the account and of the second account.
     */
    List<WriteSet> step(Step step, AccountState other, Changes otherChanges) {
      now = now.plusSeconds(step.gap());
      List<AccountState> accounts = new ArrayList<>();
      List<Changes> outs = new ArrayList<>();
      accounts.add(account);
      outs.add(changes);
      if (other != null) {
        accounts.add(other);
        outs.add(otherChanges);
      }
      for (int i = 0; i < accounts.size(); i++) {
        if (accounts.get(i).syncStale(now, outs.get(i)) > 0) {
          sawStalenessSync = true;
        }
      }
      model.syncStale(now);

      if (step instanceof Event e) {
        InventoryEvent event =
            new InventoryEvent(
                "e-" + ++nextId, e.type(), e.sku(), e.location(), e.quantity(), null);
        List<EventResult> results = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
          results.add(accounts.get(i).apply(event, now, outs.get(i)));
        }
        lastResult = results.get(0);
        sawRejection |= lastResult.status() == Status.REJECTED;
        sawBundleEvent |= lastResult.status() == Status.APPLIED && e.sku().equals("K");
        lastModelReason = model.apply(e.type(), e.sku(), e.location(), e.quantity(), now);
        for (EventResult r : results) {
          assertThat(r).isEqualTo(results.get(0));
        }
      } else if (step instanceof Ack a) {
        PushRow queued = store.push(a.channel(), a.sku());
        PushRow confirmed = queued;
        if (queued != null && a.late()) {
          confirmed = null;
          for (PushRow p : store.pushHistory.get(InMemoryStore.key(a.channel(), a.sku()))) {
            if (p.version() < queued.version()) {
              confirmed = p;
            }
          }
        }
        if (confirmed != null) {
          sawLateAck |= confirmed != queued;
          for (int i = 0; i < accounts.size(); i++) {
            accounts
                .get(i)
                .acknowledge(
                    a.channel(),
                    a.sku(),
                    confirmed.version(),
                    confirmed.target(),
                    now,
                    outs.get(i));
          }
          model.acknowledge(a.channel(), a.sku(), confirmed.target());
        }
      }
      if (++steps % drainEvery != 0) {
        return List.of();
      }
      List<WriteSet> writes = new ArrayList<>();
      for (Changes out : outs) {
        writes.add(out.drain());
      }
      commit(writes.get(0));
      return writes;
    }

    /** Commits what waits in an unfinished batch. */
    void flush() {
      commit(changes.drain());
    }

    // -------------------------------------------------------------- checks

    /** SPEC §6: per SKU and location, the balance is the sum of the ledger's deltas. */
    void checkLedger() {
      for (String sku : PLAIN) {
        SkuView v = account.view(sku);
        Set<String> shown = new HashSet<>();
        for (SkuView.LocationBalance b : v.locations()) {
          shown.add(b.code());
          long[] sum = ledgerSums.getOrDefault(sku + "@" + b.code(), new long[2]);
          assertThat(new long[] {b.onHand(), b.reserved()})
              .as("%s at %s against its ledger", sku, b.code())
              .containsExactly(sum);
          BalanceRow row = store.balances.get(InMemoryStore.key(ACCOUNT, sku, b.code()));
          assertThat(row).as("stored balance of %s at %s", sku, b.code()).isNotNull();
          assertThat(new long[] {row.onHand(), row.reserved()}).containsExactly(sum);
        }
        for (String location : LOCATIONS) {
          if (!shown.contains(location)) {
            assertThat(ledgerSums.getOrDefault(sku + "@" + location, new long[2]))
                .containsExactly(0, 0);
          }
        }
        long onHand = 0;
        long reserved = 0;
        for (SkuView.LocationBalance b : v.locations()) {
          if (b.code().equals("L1") || scenario.secondSellable()) {
            onHand += b.onHand();
            reserved += b.reserved();
          }
        }
        assertThat(v.available()).isEqualTo(onHand - reserved);
        assertThat(account.available(sku)).isEqualTo(onHand - reserved);
      }
      assertThat(ledgerSums.keySet())
          .allSatisfy(k -> assertThat(k).doesNotStartWith("K@").doesNotStartWith("Z@"));
    }

    /** The engine and the reference model agree on everything observable. */
    void checkAgainstModel() {
      if (lastResult != null) {
        if (lastModelReason == null) {
          assertThat(lastResult.status()).isEqualTo(Status.APPLIED);
        } else {
          assertThat(lastResult.status()).isEqualTo(Status.REJECTED);
          assertThat(lastResult.rejection().reason()).isEqualTo(lastModelReason);
        }
      }
      for (String sku : SKUS) {
        SkuView v = account.view(sku);
        assertThat(v.sync().pending()).as("pending of %s", sku).isEqualTo(model.pending.get(sku));
        assertThat(v.sync().lastSyncedAt())
            .as("last sync of %s", sku)
            .isEqualTo(model.lastSynced.get(sku));
        assertThat(v.available()).as("available of %s", sku).isEqualTo(model.available(sku));
        if (PLAIN.contains(sku)) {
          for (String location : LOCATIONS) {
            SkuView.LocationBalance b =
                v.locations().stream()
                    .filter(x -> x.code().equals(location))
                    .findFirst()
                    .orElse(new SkuView.LocationBalance(location, 0, 0));
            assertThat(b.onHand()).isEqualTo(model.onHand(sku, location));
            assertThat(b.reserved()).isEqualTo(model.reserved(sku, location));
          }
        }
        for (SkuView.ListingView l : v.listings()) {
          ModelListing m = model.listing(l.channel(), sku);
          String what = l.channel() + "/" + sku;
          assertThat(l.target()).as("target of %s", what).isEqualTo(model.target(m));
          assertThat(l.acknowledged()).as("acknowledged of %s", what).isEqualTo(m.shown);
          Long due = m.due();
          if (due != null) {
            assertThat(l.queued()).as("queued push of %s", what).isEqualTo(due);
          } else {
            // Nothing is due; a push of the figure the channel already shows may still be queued
            // (absolute quantities: sending it again changes nothing), never another figure.
            assertThat(l.queued()).as("queued push of %s", what).isIn(null, m.shown);
          }
          assertThat(l.state())
              .as("state of %s", what)
              .isEqualTo(model.state(m, l.queued() != null));
          // Versions name targets in idempotency keys: the stored version never goes back, and
          // one version never names two targets.
          String key = InMemoryStore.key(ACCOUNT, l.channel(), sku);
          long storedVersion = store.listings.get(key).version();
          PushRow push = store.push(l.channel(), sku);
          if (push != null) {
            storedVersion = Math.max(storedVersion, push.version());
          }
          Long before = versions.put(key, storedVersion);
          assertThat(storedVersion)
              .as("version of %s", what)
              .isGreaterThanOrEqualTo(before == null ? 0 : before);
          if (l.queued() == null) {
            assertThat(push).as("stored push of %s", what).isNull();
          } else {
            assertThat(push.target()).as("stored push of %s", what).isEqualTo(l.queued());
            Long named = targetOfVersion.putIfAbsent(key + "#" + push.version(), push.target());
            assertThat(named == null ? push.target() : named)
                .as("version %d of %s names one target", push.version(), what)
                .isEqualTo(push.target());
          }
        }
      }
      assertThat(account.nextStalenessDeadline()).isEqualTo(model.nextStalenessDeadline());
    }

    /**
     * The drift bound (docs/sync-policy.md). With D = (N−1)(Y−1) of the SKU's policy:
     *
     * <ul>
     *   <li>on {@code ch1} (default rules, every sellable location), the figure last sent (the
     *       queued push, or what the channel confirmed when nothing is queued) exceeds the true
     *       available by at most D above X, and never exceeds max(0, available) at or below X;
     *   <li>on any channel, whatever its rules and locations, the figure last sent exceeds max(0,
     *       the channel's base now) by at most D above X, and not at all at or below X;
     *   <li>for a bundle listing, the bound is the largest ⌈D(k)/q(k)⌉ over the components k that
     *       are above their X (0 when none is).
     * </ul>
     */
    void checkDrift() {
      for (String sku : PLAIN) {
        long told = told("ch1", sku);
        long available = account.view(sku).available();
        long bound = (model.batchSize(sku) - 1) * (model.significantQuantity(sku) - 1);
        if (available > model.threshold(sku)) {
          sawWaitAboveThreshold |= account.view(sku).sync().pending() > 0;
          sawDrift |= told > available;
          sawDriftAtBound |= bound > 0 && told - available == bound;
          assertThat(told - available)
              .as("%s above X: told %d, available %d", sku, told, available)
              .isLessThanOrEqualTo(bound);
        } else {
          assertThat(told)
              .as("%s at or below X: told %d, available %d", sku, told, available)
              .isLessThanOrEqualTo(Math.max(0, available));
        }
      }
      for (ModelListing l : model.listings) {
        long told = told(l.channel, l.sku);
        long base = Math.max(0, model.base(l));
        assertThat(told - base)
            .as("%s/%s: told %d, base %d", l.channel, l.sku, told, base)
            .isLessThanOrEqualTo(driftBound(l.sku));
      }
    }

    private long driftBound(String sku) {
      if (PLAIN.contains(sku)) {
        return account.view(sku).available() > model.threshold(sku)
            ? (model.batchSize(sku) - 1) * (model.significantQuantity(sku) - 1)
            : 0;
      }
      long bound = 0;
      for (String component : List.of("A", "B")) {
        long per = component.equals("A") ? scenario.perBundleA() : scenario.perBundleB();
        long units = driftBound(component);
        bound = Math.max(bound, (units + per - 1) / per);
      }
      return bound;
    }

    private long told(String channel, String sku) {
      SkuView.ListingView l =
          account.view(sku).listings().stream()
              .filter(x -> x.channel().equals(channel))
              .findFirst()
              .orElseThrow();
      return l.queued() != null ? l.queued() : l.acknowledged();
    }
  }
}
