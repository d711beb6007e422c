package io.stocksync.server.simulation;

import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.Connector;
import io.stocksync.channels.ConnectorFactory;
import io.stocksync.core.inventory.PendingPush;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The outside world of the simulation: every marketplace store the channels point at, in process. A
 * store holds one figure per item (its {@code externalId}), applies what it is sent unless a fault
 * is set on it, and answers after a seeded latency on {@link SimulatedTime}. It survives the
 * engine's restarts, as a real marketplace would.
 *
 * <p>It watches two rules of SPEC §5 from where a marketplace stands: a listing never has two
 * pushes in flight, and an older target never lands after a newer one. Whatever breaks them is kept
 * in {@link #violations}.
 *
 * <p>Not thread-safe: the test thread owns it (connectors are called on it alone).
 */
final class SimMarketplace {

  static final String TYPE = "sim";

  /** What a store does with the calls it is sent while the fault lasts. */
  enum Fault {
    NONE,
    /** HTTP 500: nothing applied. */
    SERVER_ERROR,
    /** Applied, but the answer never comes back (a timeout after the change was applied). */
    TIMEOUT_AFTER_APPLIED,
    /** HTTP 429 with a wait: nothing applied. */
    THROTTLED,
    /** HTTP 401: the credentials are refused, nothing applied. */
    REFUSED_CREDENTIALS,
    /** The first item of the call is refused as invalid; the others are applied. */
    ITEM_REFUSED
  }

  private final SimulatedTime time;
  private final Random random;

  /** "baseUrl|externalId" → the figure the store holds. */
  final Map<String, Long> held = new TreeMap<>();

  private final Map<String, Fault> faults = new HashMap<>();
  private final Map<String, Integer> faultCalls = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Long> appliedVersion = new HashMap<>();
  private final List<OpenCall> open = new ArrayList<>();

  /**
   * Per listing, charged failures in a row of the push of one target version since it was last
   * applied (or its budget ended): the retry budget is per version (SPEC §5, issue 8), so a newer
   * target starts the count again.
   */
  final Map<String, Integer> failuresInARow = new HashMap<>();

  /** Per listing, the version whose failures {@link #failuresInARow} counts. */
  private final Map<String, Long> failingVersion = new HashMap<>();

  /** Listing → the version of the last call that the store refused as no retry can fix. */
  final Map<String, Long> refusedVersion = new HashMap<>();

  final List<String> violations = new ArrayList<>();
  int calls;

  private record OpenCall(
      String baseUrl, SimCall call, Fault fault, CompletableFuture<CallOutcome> answer) {}

  record SimCall(List<PendingPush> pushes) implements Connector.Call {}

  SimMarketplace(SimulatedTime time, Random random) {
    this.time = time;
    this.random = random;
  }

  static String listingKey(PendingPush p) {
    return p.accountId() + "/" + p.channelId() + "/" + p.sku();
  }

  /** The figure the store at {@code baseUrl} holds for {@code externalId}; null: never set. */
  Long held(String baseUrl, String externalId) {
    return held.get(baseUrl + "|" + externalId);
  }

  /** The store at {@code baseUrl} answers its next {@code callCount} calls with {@code fault}. */
  void fault(String baseUrl, Fault fault, int callCount) {
    faults.put(baseUrl, fault);
    faultCalls.put(baseUrl, callCount);
  }

  void faultsOff() {
    faults.clear();
    faultCalls.clear();
  }

  boolean hasOpenCalls() {
    return !open.isEmpty();
  }

  ConnectorFactory factory() {
    return (row, credentials, context) -> new SimConnector(row.baseUrl(), row.id().hashCode());
  }

  /**
   * The process that sent the open calls died: each was applied or not (the seed decides), and no
   * answer reaches anyone.
   */
  void crashOpenCalls() {
    for (OpenCall c : List.copyOf(open)) {
      open.remove(c);
      for (PendingPush p : c.call.pushes()) {
        inFlight.remove(listingKey(p));
        if (random.nextBoolean()) {
          apply(c.baseUrl, p);
          if (CALLS != null && c.baseUrl.contains(CALLS)) {
            System.out.println(
                "crash applied "
                    + c.baseUrl
                    + " "
                    + p.sku()
                    + " v"
                    + p.version()
                    + "="
                    + p.target());
          }
        }
      }
    }
  }

  private Fault nextFault(String baseUrl) {
    Fault f = faults.getOrDefault(baseUrl, Fault.NONE);
    if (f != Fault.NONE) {
      int left = faultCalls.merge(baseUrl, -1, Integer::sum);
      if (left <= 0) {
        faults.remove(baseUrl);
        faultCalls.remove(baseUrl);
      }
    }
    return f;
  }

  private void apply(String baseUrl, PendingPush p) {
    String listing = listingKey(p);
    Long last = appliedVersion.get(listing);
    if (last != null && p.version() < last) {
      violations.add(
          "an older target landed after a newer one: "
              + listing
              + " version "
              + p.version()
              + " ("
              + p.target()
              + ") after version "
              + last);
    }
    appliedVersion.merge(listing, p.version(), Math::max);
    held.put(baseUrl + "|" + p.externalId(), p.target());
  }

  private void charged(PendingPush p) {
    String listing = listingKey(p);
    Long counted = failingVersion.put(listing, p.version());
    if (counted == null || counted != p.version() || !failuresInARow.containsKey(listing)) {
      failuresInARow.put(listing, 1);
    } else {
      failuresInARow.merge(listing, 1, Integer::sum);
    }
  }

  /** Prints every call answered at a base URL containing this (debugging a seed). */
  private static final String CALLS = System.getProperty("simulation.calls");

  private void answer(OpenCall c) {
    if (!open.remove(c)) {
      return; // crashed meanwhile
    }
    List<PendingPush> pushes = c.call.pushes();
    for (PendingPush p : pushes) {
      inFlight.remove(listingKey(p));
    }
    if (CALLS != null && c.baseUrl.contains(CALLS)) {
      System.out.println(
          "call "
              + c.baseUrl
              + " "
              + c.fault
              + " "
              + pushes.stream().map(p -> p.sku() + " v" + p.version() + "=" + p.target()).toList());
    }
    CallOutcome outcome =
        switch (c.fault) {
          case NONE -> {
            List<CallOutcome.ItemResult> items = new ArrayList<>();
            for (PendingPush p : pushes) {
              apply(c.baseUrl, p);
              failuresInARow.remove(listingKey(p));
              items.add(new CallOutcome.Applied(p.target()));
            }
            yield new CallOutcome.Answered(200, items);
          }
          case SERVER_ERROR -> {
            pushes.forEach(this::charged);
            yield new CallOutcome.Unavailable(500, null, "simulated server error", false);
          }
          case TIMEOUT_AFTER_APPLIED -> {
            for (PendingPush p : pushes) {
              apply(c.baseUrl, p);
              charged(p);
            }
            yield new CallOutcome.Unavailable(null, null, "simulated timeout", true);
          }
          case THROTTLED ->
              new CallOutcome.Throttled(429, Duration.ofSeconds(2), "simulated throttle");
          case REFUSED_CREDENTIALS -> {
            for (PendingPush p : pushes) {
              charged(p);
              refusedVersion.put(listingKey(p), p.version());
            }
            yield new CallOutcome.Refused(401, "simulated: credentials refused");
          }
          case ITEM_REFUSED -> {
            List<CallOutcome.ItemResult> items = new ArrayList<>();
            for (int i = 0; i < pushes.size(); i++) {
              PendingPush p = pushes.get(i);
              if (i == 0) {
                charged(p);
                refusedVersion.put(listingKey(p), p.version());
                items.add(
                    new CallOutcome.Rejected(
                        AttemptStatus.REJECTED, "INVALID", "simulated: item refused"));
              } else {
                apply(c.baseUrl, p);
                failuresInARow.remove(listingKey(p));
                items.add(new CallOutcome.Applied(p.target()));
              }
            }
            yield new CallOutcome.Answered(200, items);
          }
        };
    c.answer.complete(outcome);
  }

  /** One channel's connector: a small batch, one or two calls at once, no pacing. */
  private final class SimConnector implements Connector {
    private final String baseUrl;
    private final int batchSize;
    private final int maxInFlight;

    SimConnector(String baseUrl, int shape) {
      this.baseUrl = baseUrl;
      this.batchSize = 1 + Math.floorMod(shape, 3);
      this.maxInFlight = 1 + Math.floorMod(shape / 3, 2);
    }

    @Override
    public int batchSize() {
      return batchSize;
    }

    @Override
    public int maxInFlight() {
      return maxInFlight;
    }

    @Override
    public Duration delayBeforeNextCall(Instant now) {
      return Duration.ZERO;
    }

    @Override
    public Call prepare(List<PendingPush> pushes, int retryRound) {
      return new SimCall(List.copyOf(pushes));
    }

    @Override
    public CompletableFuture<CallOutcome> send(Call call) {
      SimCall c = (SimCall) call;
      calls++;
      for (PendingPush p : c.pushes()) {
        if (!inFlight.add(listingKey(p))) {
          violations.add("two pushes in flight for " + listingKey(p) + " (" + p.target() + ")");
        }
      }
      OpenCall o = new OpenCall(baseUrl, c, nextFault(baseUrl), new CompletableFuture<>());
      open.add(o);
      int latency = random.nextInt(4) == 0 ? 0 : 50 + random.nextInt(3000);
      if (latency == 0) {
        answer(o);
      } else {
        time.schedule(Duration.ofMillis(latency), () -> answer(o));
      }
      return o.answer;
    }
  }
}
