package io.stocksync.channels;

import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.core.inventory.PendingPush;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A connector whose answers a test scripts: each call takes the next scripted answer, and once the
 * script runs out every item is applied. Keeps every call sent, in order, and what the
 * "marketplace" holds per listing. Thread-safe (one lock).
 */
final class ScriptedConnector implements Connector {

  record FakeCall(List<PendingPush> pushes, int round) implements Call {}

  private final int batchSize;
  private final int maxInFlight;
  private final ArrayDeque<Function<FakeCall, CompletableFuture<CallOutcome>>> script =
      new ArrayDeque<>();
  final List<FakeCall> sent = new ArrayList<>();
  final java.util.Map<String, Long> held = new java.util.TreeMap<>();

  ScriptedConnector(int batchSize, int maxInFlight) {
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
  }

  synchronized ScriptedConnector then(Function<FakeCall, CompletableFuture<CallOutcome>> answer) {
    script.add(answer);
    return this;
  }

  synchronized ScriptedConnector thenAnswer(CallOutcome outcome) {
    return then(c -> CompletableFuture.completedFuture(outcome));
  }

  /** Applies every item of the call to {@link #held}, as a marketplace would. */
  synchronized CallOutcome applyAll(FakeCall call) {
    List<ItemResult> results = new ArrayList<>();
    for (PendingPush p : call.pushes()) {
      held.put(p.externalId(), p.target());
      results.add(new Applied(p.target()));
    }
    return new CallOutcome.Answered(200, results);
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
    return new FakeCall(List.copyOf(pushes), retryRound);
  }

  @Override
  public CompletableFuture<CallOutcome> send(Call call) {
    Function<FakeCall, CompletableFuture<CallOutcome>> answer;
    synchronized (this) {
      sent.add((FakeCall) call);
      answer = script.poll();
    }
    return answer == null
        ? CompletableFuture.completedFuture(applyAll((FakeCall) call))
        : answer.apply((FakeCall) call);
  }
}
