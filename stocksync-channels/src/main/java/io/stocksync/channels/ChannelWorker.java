package io.stocksync.channels;

import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.NotApplied;
import io.stocksync.channels.CallOutcome.Refused;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.CallOutcome.Throttled;
import io.stocksync.channels.CallOutcome.Unavailable;
import io.stocksync.channels.PushQueue.Settlement;
import io.stocksync.channels.PushQueue.Work;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's worker for one channel: a small state machine stepped by wake-ups, timers and
 * the completion of its asynchronous takes, calls and settlements. Each step holds the worker's
 * lock briefly and never blocks; calls go out without it.
 *
 * <p>A step sends, in this order: a call held for sending again (its outcome was unknown), else a
 * new call of the most urgent pushes not in flight and not backing off — once the channel is not
 * paused, has room for another call in flight, and its connector's pacing allows one.
 */
final class ChannelWorker {
  private static final Logger log = LoggerFactory.getLogger(ChannelWorker.class);

  /** Extra wait after a throttle signal, as a share of it, so that callers do not line up. */
  private static final double THROTTLE_JITTER = 0.1;

  private final ChannelKey key;
  private final PushDispatcher d;

  // Everything below is guarded by `this`.
  private Connector connector;
  private ChannelRow builtFrom;
  private String problem;
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Retry> retries = new HashMap<>();
  private final ArrayDeque<Held> resend = new ArrayDeque<>();
  private int callsInFlight;
  private boolean taking;
  private boolean dirty;
  private boolean closed;
  // Deadlines are monotonic nanoseconds since `origin` (the scheduler's nanoTime): a wall clock
  // that steps back neither holds a backoff or a pause longer nor ends it early.
  private final long origin;
  private long lastTakeAt = Long.MIN_VALUE;
  private long pausedUntil = Long.MIN_VALUE;
  private int channelFailures;
  private Scheduler.Cancellable timer;
  private Long timerAt;

  /**
   * The charged failures of one version of a listing's push (SPEC §5: the budget is per version; a
   * newer target starts afresh, from what the store kept for it), and when it may go again.
   */
  private static final class Retry {
    final long version;
    int failures;
    long notBefore = Long.MIN_VALUE;

    Retry(long version, int failures) {
      this.version = version;
      this.failures = failures;
    }
  }

  /** A call whose outcome is unknown, to be sent again exactly as it was. */
  private record Held(Connector.Call call, int round) {}

  ChannelWorker(ChannelKey key, PushDispatcher dispatcher) {
    this.key = key;
    this.d = dispatcher;
    this.origin = dispatcher.scheduler.nanoTime();
  }

  /** Monotonic nanoseconds since the worker was made. */
  private long monotonicNow() {
    return d.scheduler.nanoTime() - origin;
  }

  private static long plus(long at, Duration d) {
    long nanos = d.toNanos();
    long sum = at + nanos;
    return nanos > 0 && sum < at ? Long.MAX_VALUE : sum;
  }

  void wake() {
    synchronized (this) {
      dirty = true;
    }
    d.executor.execute(this::pump);
  }

  synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  synchronized ChannelStatus status() {
    long now = monotonicNow();
    int waiting = 0;
    for (Retry r : retries.values()) {
      if (r.notBefore > now) {
        waiting++;
      }
    }
    Instant paused =
        pausedUntil > now ? d.context.clock().instant().plusNanos(pausedUntil - now) : null;
    double budget =
        connector == null ? Double.NaN : connector.budgetInUse(d.context.clock().instant());
    return new ChannelStatus(inFlight.size(), waiting, paused, problem, budget);
  }

  // ------------------------------------------------------------------ stepping

  void pump() {
    synchronized (this) {
      if (closed) {
        return;
      }
      long now = monotonicNow();
      while (true) {
        if (now < pausedUntil) {
          wakeAt(pausedUntil, now);
          return;
        }
        int room = (connector == null ? 1 : connector.maxInFlight()) - callsInFlight;
        if (taking || room <= 0) {
          return;
        }
        if (connector != null) {
          Duration wait = connector.delayBeforeNextCall(d.context.clock().instant());
          if (wait.compareTo(Duration.ZERO) > 0) {
            wakeAt(plus(now, wait), now);
            return;
          }
        }
        if (!resend.isEmpty()) {
          Held held = resend.poll();
          send(connector, held.call(), held.round());
          continue;
        }
        Long nextRetry = null;
        boolean retryDue = false;
        for (Retry r : retries.values()) {
          if (r.notBefore > now) {
            nextRetry = nextRetry == null || r.notBefore < nextRetry ? r.notBefore : nextRetry;
          } else if (r.notBefore > lastTakeAt) {
            retryDue = true; // its backoff ended since the last take looked
          }
        }
        if (!dirty && !retryDue) {
          if (nextRetry != null) {
            wakeAt(nextRetry, now);
          }
          return;
        }
        dirty = false;
        taking = true;
        lastTakeAt = now;
        Set<String> excluded = new HashSet<>(inFlight);
        for (Map.Entry<String, Retry> e : retries.entrySet()) {
          if (e.getValue().notBefore > now) {
            excluded.add(e.getKey());
          }
        }
        int limit = connector == null ? d.settings.defaultBatch() : connector.batchSize();
        d.queue
            .take(key, Set.copyOf(excluded), limit)
            .whenCompleteAsync((work, error) -> taken(work, error, limit), d.executor);
        return;
      }
    }
  }

  private void taken(Work work, Throwable error, int limit) {
    List<Settlement> misconfigured = List.of();
    synchronized (this) {
      taking = false;
      if (closed) {
        return;
      }
      long now = monotonicNow();
      if (error != null) {
        log.warn("channel {}: could not read its push queue: {}", key, error.toString());
        channelFailures++;
        pausedUntil = plus(now, d.settings.retry().backoff(channelFailures, d.context.random()));
        dirty = true;
      } else if (work.channel() != null && work.channel().enabled()) {
        ensureConnector(work.channel());
        List<PendingPush> pushes = new ArrayList<>();
        for (PendingPush p : work.pushes()) {
          if (!inFlight.contains(p.sku())) {
            pushes.add(p);
          }
        }
        if (work.pushes().size() >= limit) {
          dirty = true; // there may be more than one batch queued
        }
        if (connector != null && work.pushes().size() >= limit && limit < connector.batchSize()) {
          // Taken with a smaller limit than the connector's batch now (taken before the connector
          // was built, or its batch size grew): take again, so that a connector that decides by
          // how much is queued (Amazon's feeds) sees all of it.
          dirty = true;
        } else if (!pushes.isEmpty() && connector == null) {
          // No retry can fix a channel that cannot be used as configured: its listings fail at
          // once, with the reason; putting the channel right queues them again (SPEC §5).
          misconfigured = failAll(pushes, AttemptStatus.MISCONFIGURED, null, problem);
        } else if (!pushes.isEmpty()) {
          if (pushes.size() > connector.batchSize()) {
            pushes = pushes.subList(0, connector.batchSize());
            dirty = true;
          }
          int round = 0;
          for (PendingPush p : pushes) {
            round = Math.max(round, retryOf(p).failures);
          }
          Connector.Call call = connector.prepare(pushes, round);
          if (call.pushes().size() < pushes.size()) {
            dirty = true; // the call carries fewer: the rest are still queued
          }
          send(connector, call, round);
        }
      }
    }
    if (!misconfigured.isEmpty()) {
      settle(misconfigured, pushesOf(misconfigured));
    }
    pump();
  }

  /** Builds the connector again when the channel's configuration changed. */
  private void ensureConnector(ChannelRow row) {
    if (row.equals(builtFrom)) {
      return;
    }
    if (builtFrom != null) {
      // What paused the channel (refused credentials, a dead baseUrl) was of the configuration
      // before; the new one gets its chance at once.
      pausedUntil = Long.MIN_VALUE;
      channelFailures = 0;
    }
    builtFrom = row;
    connector = null;
    Optional<ConnectorFactory> factory = d.connectors.factory(row.type());
    if (factory.isEmpty()) {
      problem = "no connector for channel type '" + row.type() + "' yet";
    } else {
      try {
        Map<String, String> credentials = d.credentials.apply(row);
        connector = factory.get().create(row, credentials, d.context);
        problem = null;
        log.info("channel {}: {}", key, Connector.describe(connector));
      } catch (RuntimeException e) {
        // Factories name the field at fault, never a credential's value.
        problem = "cannot use the channel as configured: " + e.getMessage();
      }
    }
    if (problem != null) {
      log.warn("channel {}: {}", key, problem);
    }
    // Calls held for sending again are prepared again by the new connector: for the same items,
    // versions and round, a connector derives the same idempotency key.
    List<Held> held = new ArrayList<>(resend);
    resend.clear();
    for (Held h : held) {
      if (connector != null) {
        resend.add(new Held(connector.prepare(h.call().pushes(), h.round()), h.round()));
      } else {
        for (PendingPush p : h.call().pushes()) {
          inFlight.remove(p.sku()); // nothing can send it now; it stays queued
        }
      }
    }
  }

  private void send(Connector via, Connector.Call call, int round) {
    callsInFlight++;
    for (PendingPush p : call.pushes()) {
      inFlight.add(p.sku());
    }
    d.queue.sending(key, call.pushes());
    Instant at = d.context.clock().instant();
    via.send(call)
        .whenCompleteAsync(
            (outcome, error) -> answered(call, round, at, outcome, error), d.executor);
  }

  private void answered(
      Connector.Call call, int round, Instant at, CallOutcome outcome, Throwable error) {
    List<Settlement> settlements = new ArrayList<>();
    List<PendingPush> release = new ArrayList<>();
    synchronized (this) {
      callsInFlight--;
      long now = monotonicNow();
      if (error != null) {
        log.warn("channel {}: connector failed", key, error);
        outcome = new Unavailable(null, null, "connector failed: " + error, true);
      }
      List<PendingPush> pushes = call.pushes();
      if (outcome instanceof Answered a) {
        channelFailures = 0;
        for (int i = 0; i < pushes.size(); i++) {
          PendingPush p = pushes.get(i);
          ItemResult r = i < a.items().size() ? a.items().get(i) : new NotApplied("no result");
          release.add(p);
          if (r instanceof Applied applied) {
            retries.remove(p.sku());
            settlements.add(
                settlement(
                    p, at, AttemptStatus.ACKNOWLEDGED, a.httpStatus(), null, applied, 0, false));
          } else if (r instanceof NotApplied n) {
            settlements.add(
                settlement(
                    p, at, AttemptStatus.NOT_APPLIED, a.httpStatus(), n.reason(), null, 0, false));
          } else {
            Rejected rejected = (Rejected) r;
            String reason = rejected.code() + ": " + rejected.message();
            if (rejected.status() == AttemptStatus.STALE) {
              // A compare-and-set that saw another figure: the next try is built afresh from the
              // listing's state then, so retrying can succeed.
              int failures = charge(p, now);
              Settlement s =
                  settlement(
                      p,
                      at,
                      rejected.status(),
                      a.httpStatus(),
                      reason,
                      null,
                      failures,
                      d.settings.retry().exhausted(failures));
              settlements.add(
                  new Settlement(
                      s.push(),
                      s.attempt(),
                      null,
                      s.exhausted(),
                      s.failures(),
                      false,
                      rejected.held()));
            } else {
              // The marketplace refused this item (an unknown item, a refused value): no retry
              // can fix it (SPEC §5).
              settlements.add(permanent(p, at, rejected.status(), a.httpStatus(), reason));
            }
          }
        }
        dirty = true;
      } else if (outcome instanceof Throttled t) {
        long jitter =
            (long) (t.waitFor().toNanos() * THROTTLE_JITTER * d.context.random().getAsDouble());
        pause(plus(plus(now, t.waitFor()), Duration.ofNanos(jitter)));
        for (PendingPush p : pushes) {
          settlements.add(
              settlement(
                  p, at, AttemptStatus.THROTTLED, t.httpStatus(), t.detail(), null, 0, false));
          release.add(p);
        }
        dirty = true;
      } else if (outcome instanceof Unavailable u) {
        channelFailures++;
        Duration wait = d.settings.retry().backoff(channelFailures, d.context.random());
        if (u.retryAfter() != null && u.retryAfter().compareTo(wait) > 0) {
          wait = u.retryAfter();
        }
        pause(plus(now, wait));
        AttemptStatus status =
            u.httpStatus() == null ? AttemptStatus.TIMEOUT : AttemptStatus.SERVER_ERROR;
        boolean anyExhausted = false;
        List<Integer> failures = new ArrayList<>();
        for (PendingPush p : pushes) {
          int f = charge(p, now);
          failures.add(f);
          anyExhausted |= d.settings.retry().exhausted(f);
        }
        boolean holdIt = u.uncertain() && !anyExhausted;
        for (int i = 0; i < pushes.size(); i++) {
          PendingPush p = pushes.get(i);
          int f = failures.get(i);
          Settlement s =
              settlement(
                  p,
                  at,
                  status,
                  u.httpStatus(),
                  u.detail(),
                  null,
                  f,
                  d.settings.retry().exhausted(f));
          settlements.add(
              u.uncertain()
                  ? new Settlement(s.push(), s.attempt(), null, s.exhausted(), s.failures(), true)
                  : s);
          if (!holdIt) {
            release.add(p);
          }
        }
        if (holdIt) {
          resend.add(new Held(call, round)); // its listings stay in flight until it is answered
        } else {
          dirty = true;
        }
      } else {
        // Refused as a whole (credentials refused after the connector's one token refresh, a
        // malformed request, an unknown route): sending it again as it is cannot help, so its
        // listings fail at once with the marketplace's reason (SPEC §5). The channel pauses too,
        // so that new targets do not hammer a marketplace that refuses it; a new configuration
        // of the channel ends the pause.
        Refused r = (Refused) outcome;
        channelFailures++;
        pause(plus(now, d.settings.retry().backoff(channelFailures, d.context.random())));
        for (PendingPush p : pushes) {
          settlements.add(permanent(p, at, AttemptStatus.REJECTED, r.httpStatus(), r.detail()));
          release.add(p);
        }
        dirty = true;
      }
    }
    settlements.replaceAll(
        s ->
            new Settlement(
                s.push(),
                s.attempt().sent(call.quantitySent(s.push())),
                s.acknowledged(),
                s.exhausted(),
                s.failures(),
                s.uncertain()));
    settle(settlements, release);
  }

  /** Makes the settlements durable, then lets the released listings be taken again. */
  private void settle(List<Settlement> settlements, List<PendingPush> release) {
    d.queue
        .settle(key, settlements)
        .whenCompleteAsync(
            (done, error) -> {
              if (error != null) {
                // The acknowledgements are lost, not the pushes: they stay queued and go again.
                log.warn(
                    "channel {}: could not record {} attempts: {}",
                    key,
                    settlements.size(),
                    error.toString());
              }
              synchronized (this) {
                for (PendingPush p : release) {
                  inFlight.remove(p.sku());
                }
                // A released listing may have had a newer target queued while it was in flight,
                // which every take since had to leave out: look again.
                if (!release.isEmpty()) {
                  dirty = true;
                }
              }
              pump();
            },
            d.executor);
  }

  private List<Settlement> failAll(
      List<PendingPush> pushes, AttemptStatus status, Integer http, String detail) {
    List<Settlement> settlements = new ArrayList<>();
    Instant at = d.context.clock().instant();
    for (PendingPush p : pushes) {
      inFlight.add(p.sku());
      settlements.add(permanent(p, at, status, http, detail));
    }
    return settlements;
  }

  private static List<PendingPush> pushesOf(List<Settlement> settlements) {
    List<PendingPush> pushes = new ArrayList<>();
    for (Settlement s : settlements) {
      pushes.add(s.push());
    }
    return pushes;
  }

  /**
   * The retry state of the push's version: kept while the same version fails again, started afresh
   * for a newer version, from the failures the store kept for it (after a restart).
   */
  private Retry retryOf(PendingPush p) {
    Retry r = retries.get(p.sku());
    if (r == null || r.version != p.version()) {
      r = new Retry(p.version(), p.failures());
      retries.put(p.sku(), r);
    }
    return r;
  }

  /**
   * Counts one transient failure of the push's version; returns its failures so far. Once they use
   * up the budget the listing is to be marked FAILED; otherwise it backs off.
   */
  private int charge(PendingPush p, long now) {
    Retry r = retryOf(p);
    r.failures++;
    if (d.settings.retry().exhausted(r.failures)) {
      retries.remove(p.sku()); // FAILED now; a later sync or an operator starts it afresh
    } else {
      r.notBefore = plus(now, d.settings.retry().backoff(r.failures, d.context.random()));
    }
    return r.failures;
  }

  /** A push that no retry can fix: the listing fails at once with the marketplace's reason. */
  private Settlement permanent(
      PendingPush p, Instant at, AttemptStatus status, Integer http, String reason) {
    Retry r = retries.remove(p.sku());
    int failures = (r != null && r.version == p.version() ? r.failures : p.failures()) + 1;
    return new Settlement(p, new Attempt(at, status, http, reason), null, true, failures);
  }

  private void pause(long until) {
    if (until > pausedUntil) {
      pausedUntil = until;
    }
  }

  private static Settlement settlement(
      PendingPush p,
      Instant at,
      AttemptStatus status,
      Integer http,
      String error,
      Applied applied,
      int failures,
      boolean exhausted) {
    String detail = error;
    if (exhausted) {
      detail = (error == null ? "" : error + "; ") + "retry budget used up";
    }
    return new Settlement(
        p,
        new Attempt(at, status, http, detail),
        applied == null ? null : applied.quantity(),
        exhausted,
        failures);
  }

  private void wakeAt(long at, long now) {
    if (timer != null && timerAt != null && timerAt <= at) {
      return; // an earlier wake-up is already set; it will look again
    }
    if (timer != null) {
      timer.cancel();
    }
    timerAt = at;
    timer =
        d.scheduler.schedule(
            Duration.ofNanos(at - now),
            () -> {
              synchronized (this) {
                timer = null;
                timerAt = null;
              }
              pump();
            });
  }
}
