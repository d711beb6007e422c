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
  private Instant lastTakeAt = Instant.MIN;
  private Instant pausedUntil = Instant.MIN;
  private int channelFailures;
  private Scheduler.Cancellable timer;
  private Instant timerAt;

  /** A listing's charged failures since its last acknowledgement, and when it may go again. */
  private static final class Retry {
    int failures;
    Instant notBefore = Instant.MIN;
  }

  /** A call whose outcome is unknown, to be sent again exactly as it was. */
  private record Held(Connector.Call call, int round) {}

  ChannelWorker(ChannelKey key, PushDispatcher dispatcher) {
    this.key = key;
    this.d = dispatcher;
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
    Instant now = d.context.clock().instant();
    int waiting = 0;
    for (Retry r : retries.values()) {
      if (r.notBefore.isAfter(now)) {
        waiting++;
      }
    }
    return new ChannelStatus(
        inFlight.size(), waiting, pausedUntil.isAfter(now) ? pausedUntil : null, problem);
  }

  // ------------------------------------------------------------------ stepping

  void pump() {
    synchronized (this) {
      if (closed) {
        return;
      }
      Instant now = d.context.clock().instant();
      while (true) {
        if (now.isBefore(pausedUntil)) {
          wakeAt(pausedUntil, now);
          return;
        }
        int room = (connector == null ? 1 : connector.maxInFlight()) - callsInFlight;
        if (taking || room <= 0) {
          return;
        }
        if (connector != null) {
          Duration wait = connector.delayBeforeNextCall(now);
          if (wait.compareTo(Duration.ZERO) > 0) {
            wakeAt(now.plus(wait), now);
            return;
          }
        }
        if (!resend.isEmpty()) {
          Held held = resend.poll();
          send(connector, held.call(), held.round());
          continue;
        }
        Instant nextRetry = null;
        boolean retryDue = false;
        for (Retry r : retries.values()) {
          if (r.notBefore.isAfter(now)) {
            nextRetry =
                nextRetry == null || r.notBefore.isBefore(nextRetry) ? r.notBefore : nextRetry;
          } else if (r.notBefore.isAfter(lastTakeAt)) {
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
        retries.forEach(
            (sku, r) -> {
              if (r.notBefore.isAfter(now)) {
                excluded.add(sku);
              }
            });
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
      Instant now = d.context.clock().instant();
      if (error != null) {
        log.warn("channel {}: could not read its push queue: {}", key, error.toString());
        channelFailures++;
        pausedUntil = now.plus(d.settings.retry().backoff(channelFailures, d.context.random()));
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
          misconfigured = chargeAll(pushes, AttemptStatus.MISCONFIGURED, null, problem, now);
          channelFailures++;
          pausedUntil = now.plus(d.settings.retry().backoff(channelFailures, d.context.random()));
        } else if (!pushes.isEmpty()) {
          if (pushes.size() > connector.batchSize()) {
            pushes = pushes.subList(0, connector.batchSize());
            dirty = true;
          }
          int round = 0;
          for (PendingPush p : pushes) {
            Retry r = retries.get(p.sku());
            round = Math.max(round, r == null ? 0 : r.failures);
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
      Instant now = d.context.clock().instant();
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
                    p, at, AttemptStatus.ACKNOWLEDGED, a.httpStatus(), null, applied, false));
          } else if (r instanceof NotApplied n) {
            settlements.add(
                settlement(
                    p, at, AttemptStatus.NOT_APPLIED, a.httpStatus(), n.reason(), null, false));
          } else {
            Rejected rejected = (Rejected) r;
            boolean exhausted = charge(p, now);
            settlements.add(
                settlement(
                    p,
                    at,
                    rejected.status(),
                    a.httpStatus(),
                    rejected.code() + ": " + rejected.message(),
                    null,
                    exhausted));
          }
        }
        dirty = true;
      } else if (outcome instanceof Throttled t) {
        long jitter =
            (long) (t.waitFor().toNanos() * THROTTLE_JITTER * d.context.random().getAsDouble());
        pause(now.plus(t.waitFor()).plusNanos(jitter));
        for (PendingPush p : pushes) {
          settlements.add(
              settlement(p, at, AttemptStatus.THROTTLED, t.httpStatus(), t.detail(), null, false));
          release.add(p);
        }
        dirty = true;
      } else if (outcome instanceof Unavailable u) {
        channelFailures++;
        Duration wait = d.settings.retry().backoff(channelFailures, d.context.random());
        if (u.retryAfter() != null && u.retryAfter().compareTo(wait) > 0) {
          wait = u.retryAfter();
        }
        pause(now.plus(wait));
        AttemptStatus status =
            u.httpStatus() == null ? AttemptStatus.TIMEOUT : AttemptStatus.SERVER_ERROR;
        boolean anyExhausted = false;
        List<Boolean> exhausted = new ArrayList<>();
        for (PendingPush p : pushes) {
          boolean e = charge(p, now);
          exhausted.add(e);
          anyExhausted |= e;
        }
        boolean holdIt = u.uncertain() && !anyExhausted;
        for (int i = 0; i < pushes.size(); i++) {
          PendingPush p = pushes.get(i);
          settlements.add(
              settlement(p, at, status, u.httpStatus(), u.detail(), null, exhausted.get(i)));
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
        Refused r = (Refused) outcome;
        channelFailures++;
        pause(now.plus(d.settings.retry().backoff(channelFailures, d.context.random())));
        for (PendingPush p : pushes) {
          boolean exhausted = charge(p, now);
          settlements.add(
              settlement(
                  p, at, AttemptStatus.REJECTED, r.httpStatus(), r.detail(), null, exhausted));
          release.add(p);
        }
        dirty = true;
      }
    }
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

  private List<Settlement> chargeAll(
      List<PendingPush> pushes, AttemptStatus status, Integer http, String detail, Instant now) {
    List<Settlement> settlements = new ArrayList<>();
    for (PendingPush p : pushes) {
      inFlight.add(p.sku());
      boolean exhausted = charge(p, now);
      settlements.add(settlement(p, now, status, http, detail, null, exhausted));
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

  /** Counts one failure of the listing; returns whether its budget is used up. */
  private boolean charge(PendingPush p, Instant now) {
    Retry r = retries.computeIfAbsent(p.sku(), s -> new Retry());
    r.failures++;
    if (d.settings.retry().exhausted(r.failures)) {
      retries.remove(p.sku()); // FAILED now; a later sync or an operator starts it afresh
      return true;
    }
    r.notBefore = now.plus(d.settings.retry().backoff(r.failures, d.context.random()));
    return false;
  }

  private void pause(Instant until) {
    if (until.isAfter(pausedUntil)) {
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
      boolean exhausted) {
    String detail = error;
    if (exhausted) {
      detail = (error == null ? "" : error + "; ") + "retry budget used up";
    }
    return new Settlement(
        p,
        new Attempt(at, status, http, detail),
        applied == null ? null : applied.quantity(),
        exhausted);
  }

  private void wakeAt(Instant at, Instant now) {
    if (timer != null && timerAt != null && !timerAt.isAfter(at)) {
      return; // an earlier wake-up is already set; it will look again
    }
    if (timer != null) {
      timer.cancel();
    }
    timerAt = at;
    timer =
        d.scheduler.schedule(
            Duration.between(now, at),
            () -> {
              synchronized (this) {
                timer = null;
                timerAt = null;
              }
              pump();
            });
  }
}
