package io.stocksync.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.event.EventType;
import io.stocksync.core.port.Rows.PushAttemptRow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5 on failures: the retry budget belongs to one version of a listing's push and survives a
 * restart; errors no retry can fix fail the listing at once; backoffs and pauses run on monotonic
 * time, whatever the wall clock does. The dispatcher against a real account state, on time the test
 * drives.
 */
class PushFailuresTest {

  final ManualTime time = new ManualTime();
  final AccountPushQueue queue = new AccountPushQueue(time);
  final Map<String, ScriptedConnector> connectors = new HashMap<>();
  PushDispatcher dispatcher;

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private ScriptedConnector shop() {
    ScriptedConnector c = new ScriptedConnector(10, 1);
    connectors.put("shop", c);
    queue.channel("shop", "fake", 100, "A");
    return c;
  }

  private void start(RetryPolicy retry) {
    Connectors all =
        Connectors.standard().with("fake", (row, credentials, context) -> connectors.get(row.id()));
    dispatcher =
        PushDispatcher.start(
            queue,
            all,
            row -> Map.of(),
            new ConnectorContext(null, time, Duration.ofSeconds(30), () -> 0.5),
            time,
            time,
            DispatcherSettings.DEFAULT.withRetry(retry));
    time.drain(); // the set-up's first push of 100 goes out (and, with no script, is applied)
    connectors.values().forEach(c -> c.sent.clear());
  }

  private static RetryPolicy budget(int n) {
    return new RetryPolicy(n, Duration.ofSeconds(1), Duration.ofSeconds(60));
  }

  private ListingState state() {
    return queue.account.view("A").listings().get(0).state();
  }

  private static CompletableFuture<CallOutcome> stale() {
    return CompletableFuture.completedFuture(
        new CallOutcome.Answered(
            200, List.<ItemResult>of(new Rejected(AttemptStatus.STALE, "CAS", "another figure"))));
  }

  private List<PushAttemptRow> attempts(String status) {
    return queue.attempts().stream().filter(a -> a.status().equals(status)).toList();
  }

  // ---------------------------------------------------------------- the budget per version

  @Test
  void anOlderVersionRunningOutOfRetriesLeavesANewerTargetToBeSent() {
    ScriptedConnector shop = shop();
    start(budget(1));
    CompletableFuture<CallOutcome> firstAnswer = new CompletableFuture<>();
    shop.then(call -> firstAnswer);
    queue.event(EventType.ORDER_PLACED, "A", 1); // 99 goes out, and waits for its answer
    time.drain();
    queue.event(EventType.ORDER_PLACED, "A", 1); // 98 queued behind it, never tried yet

    firstAnswer.complete(stale().join()); // the 99's one failure uses up its budget of 1
    time.advance(Duration.ofSeconds(10));

    assertThat(attempts("STALE"))
        .singleElement()
        .satisfies(a -> assertThat(a.quantity()).isEqualTo(99));
    assertThat(shop.held).containsEntry("shop:A", 98L);
    assertThat(state()).isEqualTo(ListingState.IN_SYNC);
    assertThat(queue.alerts()).isEmpty();
  }

  @Test
  void aNewerTargetHasTheWholeBudgetToItself() {
    ScriptedConnector shop = shop();
    start(budget(3));
    shop.then(call -> stale()).then(call -> stale());
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofSeconds(10)); // 99 failed twice, and went through the third time
    assertThat(shop.held).containsEntry("shop:A", 99L);

    shop.then(call -> stale()).then(call -> stale());
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofSeconds(10));

    assertThat(attempts("STALE")).hasSize(4);
    assertThat(shop.held).containsEntry("shop:A", 98L);
    assertThat(state()).isEqualTo(ListingState.IN_SYNC);
  }

  @Test
  void aNewTargetQueuedBetweenFailuresStartsItsCountAgain() {
    ScriptedConnector shop = shop();
    start(budget(3));
    shop.then(call -> stale()).then(call -> stale()).then(call -> stale()).then(call -> stale());
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofMillis(800)); // 99 failed twice (0 s and 0.75 s), backs off 1.5 s
    assertThat(attempts("STALE")).hasSize(2);

    queue.event(EventType.ORDER_PLACED, "A", 1); // 98: a new version
    time.advance(Duration.ofSeconds(30));

    // 98 failed twice (a per-SKU count would have failed the listing at the first of them) and
    // was then applied.
    assertThat(attempts("STALE")).hasSize(4);
    assertThat(shop.held).containsEntry("shop:A", 98L);
    assertThat(state()).isEqualTo(ListingState.IN_SYNC);
  }

  @Test
  void theBudgetSpentSurvivesARestart() {
    ScriptedConnector shop = shop();
    start(budget(3));
    shop.then(call -> stale()).then(call -> stale());
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofMillis(800)); // two failures of 99 so far
    assertThat(attempts("STALE")).hasSize(2);
    assertThat(queue.pushRows()).last().satisfies(p -> assertThat(p.failures()).isEqualTo(2));

    dispatcher.close(); // the process ends; what is durable is the account state and its rows
    shop.then(call -> stale()).then(call -> stale());
    start(budget(3));
    time.advance(Duration.ofMinutes(1));

    assertThat(attempts("STALE")).hasSize(3);
    assertThat(state()).isEqualTo(ListingState.FAILED);
    assertThat(attempts("STALE").get(2).error()).contains("retry budget used up");
  }

  // ---------------------------------------------------------------- errors no retry can fix

  @Test
  void refusedCredentialsFailTheListingAtOnceWithTheMarketplacesReason() {
    ScriptedConnector shop = shop();
    start(RetryPolicy.DEFAULT);
    shop.thenAnswer(new CallOutcome.Refused(401, "HTTP 401: invalid access token"));

    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofMinutes(5));

    assertThat(shop.sent).hasSize(1);
    assertThat(state()).isEqualTo(ListingState.FAILED);
    assertThat(attempts("REJECTED"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.httpStatus()).isEqualTo(401);
              assertThat(a.error()).isEqualTo("HTTP 401: invalid access token");
            });
    assertThat(queue.alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.details()).contains("invalid access token"));
  }

  @Test
  void anItemTheMarketplaceRefusesFailsAtOnce() {
    ScriptedConnector shop = shop();
    start(RetryPolicy.DEFAULT);
    shop.thenAnswer(
        new CallOutcome.Answered(
            200,
            List.<ItemResult>of(
                new Rejected(AttemptStatus.REJECTED, "NOT_FOUND", "no such inventory item"))));

    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofMinutes(5));

    assertThat(shop.sent).hasSize(1);
    assertThat(state()).isEqualTo(ListingState.FAILED);
    assertThat(attempts("REJECTED").get(0).error()).isEqualTo("NOT_FOUND: no such inventory item");
  }

  @Test
  void aChannelThatCannotBeUsedAsConfiguredFailsItsListingsAtOnce() {
    queue.channel("shop", "no-such-type", 100, "A");
    start(RetryPolicy.DEFAULT);
    assertThat(state()).isEqualTo(ListingState.FAILED); // its first push of 100, at once

    queue.event(EventType.ORDER_PLACED, "A", 1); // a new target is tried once more
    time.advance(Duration.ofMinutes(5));

    assertThat(attempts("MISCONFIGURED"))
        .extracting(PushAttemptRow::quantity)
        .containsExactly(100L, 99L);
    assertThat(attempts("MISCONFIGURED"))
        .allSatisfy(a -> assertThat(a.error()).contains("no connector for channel type"));
    assertThat(state()).isEqualTo(ListingState.FAILED);
  }

  @Test
  void serverErrorsAndTimeoutsUseTheBudget() {
    ScriptedConnector shop = shop();
    start(budget(3));
    shop.thenAnswer(new CallOutcome.Unavailable(503, null, "HTTP 503", false))
        .thenAnswer(new CallOutcome.Unavailable(null, null, "no answer in time", false));

    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofMinutes(1));

    assertThat(attempts("SERVER_ERROR")).hasSize(1);
    assertThat(attempts("TIMEOUT")).hasSize(1);
    assertThat(shop.held).containsEntry("shop:A", 99L);
    assertThat(state()).isEqualTo(ListingState.IN_SYNC);
  }

  @Test
  void aListingShowsInFlightWhileItsPushAwaitsAnAnswer() {
    ScriptedConnector shop = shop();
    start(RetryPolicy.DEFAULT);
    CompletableFuture<CallOutcome> answer = new CompletableFuture<>();
    shop.then(call -> answer);

    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();
    assertThat(state()).isEqualTo(ListingState.IN_FLIGHT);

    answer.complete(shop.applyAll(shop.sent.get(shop.sent.size() - 1)));
    time.drain();
    assertThat(state()).isEqualTo(ListingState.IN_SYNC);
  }

  // ---------------------------------------------------------------- monotonic deadlines

  @Test
  void aBackoffEndsOnTimeWhenTheWallClockStepsBack() {
    ScriptedConnector shop = shop();
    start(budget(5));
    shop.then(call -> stale());
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain(); // failed once: backs off 0.75 s

    time.stepWallClock(Duration.ofHours(-1));
    time.advance(Duration.ofMillis(760));

    assertThat(shop.held).containsEntry("shop:A", 99L);
  }

  @Test
  void aBackoffDoesNotEndEarlyWhenTheWallClockStepsForward() {
    ScriptedConnector shop = shop();
    start(budget(5));
    shop.then(call -> stale());
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();

    time.stepWallClock(Duration.ofHours(1));
    queue.event(EventType.ORDER_PLACED, "A", 1); // wakes the worker: the listing still backs off
    time.advance(Duration.ofMillis(700));
    assertThat(shop.sent).hasSize(1);

    time.advance(Duration.ofMillis(100));
    assertThat(shop.held).containsEntry("shop:A", 98L);
  }

  @Test
  void aThrottlePauseEndsOnTimeWhenTheWallClockStepsBack() {
    ScriptedConnector shop = shop();
    start(RetryPolicy.DEFAULT);
    shop.thenAnswer(new CallOutcome.Throttled(429, Duration.ofSeconds(2), "HTTP 429"));
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();

    time.stepWallClock(Duration.ofHours(-1));
    time.advance(Duration.ofMillis(1999));
    assertThat(shop.sent).hasSize(1);
    time.advance(Duration.ofMillis(200)); // 2 s and its jitter (a tenth of it, drawn at 0.5)

    assertThat(shop.held).containsEntry("shop:A", 99L);
  }
}
