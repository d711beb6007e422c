package io.stocksync.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.event.EventType;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.PushAttemptRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against a real account state and a scripted connector, on a clock and executor the
 * test drives: nothing sleeps, every step is deterministic.
 */
class PushDispatcherTest {

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

  private ScriptedConnector connector(String channel, int batch, int inFlight) {
    ScriptedConnector c = new ScriptedConnector(batch, inFlight);
    connectors.put(channel, c);
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
    time.drain();
  }

  private ListingState state(String sku, String channel) {
    return queue.account.view(sku).listings().stream()
        .filter(l -> l.channel().equals(channel))
        .findFirst()
        .orElseThrow()
        .state();
  }

  private static List<String> skus(ScriptedConnector.FakeCall call) {
    return call.pushes().stream().map(PendingPush::sku).toList();
  }

  @Test
  void sendsPushesToZeroFirstThenDecreasesThenIncreases() {
    ScriptedConnector shop = connector("shop", 1, 1);
    queue.channel("shop", "fake", 100, "A", "B", "C");
    start(RetryPolicy.DEFAULT);
    shop.sent.clear();

    // Queued together, while the channel is busy elsewhere: the executor has not run yet.
    queue.event(EventType.PUTAWAY, "A", 5);
    queue.event(EventType.ORDER_PLACED, "B", 3);
    queue.event(EventType.ORDER_PLACED, "C", 100);
    time.drain();

    assertThat(shop.sent)
        .extracting(PushDispatcherTest::skus)
        .containsExactly(List.of("C"), List.of("B"), List.of("A"));
    assertThat(shop.held)
        .containsEntry("shop:A", 105L)
        .containsEntry("shop:B", 97L)
        .containsEntry("shop:C", 0L);
  }

  @Test
  void neverSendsTwoPushesOfAListingAtOnceAndSendsOnlyTheLatestTarget() {
    ScriptedConnector shop = connector("shop", 10, 4);
    queue.channel("shop", "fake", 100, "A");
    start(RetryPolicy.DEFAULT);
    CompletableFuture<CallOutcome> answer = new CompletableFuture<>();
    List<ScriptedConnector.FakeCall> held = new ArrayList<>();
    shop.then(
        call -> {
          held.add(call);
          return answer;
        });

    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();
    queue.event(EventType.ORDER_PLACED, "A", 1);
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();

    assertThat(shop.sent).hasSize(2); // the first push of 100, then the held one of 99
    assertThat(held)
        .singleElement()
        .satisfies(c -> assertThat(c.pushes().get(0).target()).isEqualTo(99));

    answer.complete(shop.applyAll(held.get(0)));
    time.drain();

    assertThat(shop.sent).hasSize(3);
    assertThat(shop.sent.get(2).pushes())
        .singleElement()
        .satisfies(p -> assertThat(p.target()).isEqualTo(97));
    assertThat(shop.held).containsEntry("shop:A", 97L);
    assertThat(state("A", "shop")).isEqualTo(ListingState.IN_SYNC);
  }

  @Test
  void backsOffAfterAFailureAndMarksTheListingFailedAfterItsBudget() {
    ScriptedConnector shop = connector("shop", 10, 1);
    queue.channel("shop", "fake", 100, "A");
    start(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60)));
    for (int i = 0; i < 3; i++) {
      shop.then(
          call ->
              CompletableFuture.completedFuture(
                  new CallOutcome.Answered(
                      200,
                      List.<ItemResult>of(
                          new Rejected(AttemptStatus.STALE, "CAS", "another figure")))));
    }
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();
    int before = shop.sent.size();

    time.advance(Duration.ofMillis(700)); // backoff(1) = 0.75 s with the jitter drawn at 0.5
    assertThat(shop.sent).hasSize(before);
    time.advance(Duration.ofMinutes(5));

    assertThat(shop.sent).hasSize(before + 2);
    assertThat(state("A", "shop")).isEqualTo(ListingState.FAILED);
    List<PushAttemptRow> rejected =
        queue.attempts().stream().filter(a -> a.status().equals("STALE")).toList();
    assertThat(rejected).hasSize(3);
    assertThat(rejected.get(2).error()).contains("retry budget used up");
    assertThat(Duration.between(rejected.get(0).attemptedAt(), rejected.get(1).attemptedAt()))
        .isEqualTo(Duration.ofMillis(750));
    assertThat(Duration.between(rejected.get(1).attemptedAt(), rejected.get(2).attemptedAt()))
        .isEqualTo(Duration.ofMillis(1500));

    // Retried at the next sync.
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();

    assertThat(shop.held).containsEntry("shop:A", 98L);
    assertThat(state("A", "shop")).isEqualTo(ListingState.IN_SYNC);
  }

  @Test
  void anOperatorRetrySendsFailedListingsAgain() {
    ScriptedConnector shop = connector("shop", 10, 1);
    queue.channel("shop", "fake", 100, "A");
    start(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(60)));
    shop.thenAnswer(new CallOutcome.Refused(401, "HTTP 401"));
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.advance(Duration.ofMinutes(1));
    assertThat(state("A", "shop")).isEqualTo(ListingState.FAILED);

    queue.retryFailed("shop");
    time.advance(Duration.ofMinutes(1));

    assertThat(shop.held).containsEntry("shop:A", 99L);
    assertThat(state("A", "shop")).isEqualTo(ListingState.IN_SYNC);
  }

  @Test
  void waitsOutAThrottleWithoutChargingTheListings() {
    ScriptedConnector shop = connector("shop", 10, 1);
    queue.channel("shop", "fake", 100, "A");
    start(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(60)));
    for (int i = 0; i < 5; i++) {
      shop.thenAnswer(new CallOutcome.Throttled(200, Duration.ofSeconds(2), "THROTTLED"));
    }
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();
    int first = shop.sent.size();

    time.advance(Duration.ofMillis(1999));
    assertThat(shop.sent).hasSize(first);
    time.advance(Duration.ofMinutes(1));

    assertThat(shop.sent).hasSize(first + 5);
    assertThat(shop.held).containsEntry("shop:A", 99L);
    assertThat(state("A", "shop")).isEqualTo(ListingState.IN_SYNC);
    assertThat(queue.attempts()).filteredOn(a -> a.status().equals("THROTTLED")).hasSize(5);
  }

  @Test
  void sendsACallWhoseOutcomeIsUnknownAgainAsItWasBeforeAnyNewerTarget() {
    ScriptedConnector shop = connector("shop", 10, 1);
    queue.channel("shop", "fake", 100, "A");
    start(RetryPolicy.DEFAULT);
    shop.thenAnswer(new CallOutcome.Unavailable(null, null, "no answer in time", true));
    queue.event(EventType.ORDER_PLACED, "A", 1);
    time.drain();
    ScriptedConnector.FakeCall timedOut = shop.sent.get(shop.sent.size() - 1);

    queue.event(EventType.ORDER_PLACED, "A", 1); // a newer target while the outcome is unknown
    time.advance(Duration.ofMinutes(1));

    List<ScriptedConnector.FakeCall> after =
        shop.sent.subList(shop.sent.indexOf(timedOut), shop.sent.size());
    assertThat(after).hasSize(3);
    assertThat(after.get(1)).isSameAs(timedOut);
    assertThat(after.get(2).pushes().get(0).target()).isEqualTo(98);
    assertThat(shop.held).containsEntry("shop:A", 98L);
  }

  @Test
  void aChannelThatNeverAnswersDelaysNoOtherChannel() {
    ScriptedConnector stuck = connector("a", 10, 1);
    ScriptedConnector fine = connector("b", 10, 1);
    stuck.then(call -> new CompletableFuture<>());
    queue.channel("a", "fake", 100, "A");
    queue.channel("b", "fake", 100, "A");
    start(RetryPolicy.DEFAULT);

    for (int i = 0; i < 20; i++) {
      queue.event(EventType.ORDER_PLACED, "A", 1);
      time.advance(Duration.ofSeconds(1));
    }

    assertThat(stuck.sent).hasSize(1);
    assertThat(fine.held).containsEntry("b:A", 80L);
    assertThat(state("A", "b")).isEqualTo(ListingState.IN_SYNC);
  }

  @Test
  void aChannelFailingWithServerErrorsForAMinuteLosesNothing() {
    ScriptedConnector shop = connector("shop", 5, 1);
    String[] skus = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"};
    queue.channel("shop", "fake", 100, skus);
    start(RetryPolicy.DEFAULT);
    Instant outageEnds = time.instant().plus(Duration.ofMinutes(1));
    for (int i = 0; i < 1_000; i++) {
      shop.then(
          call ->
              CompletableFuture.completedFuture(
                  time.instant().isBefore(outageEnds)
                      ? new CallOutcome.Unavailable(500, null, "HTTP 500", true)
                      : shop.applyAll(call)));
    }

    for (String sku : skus) {
      queue.event(EventType.ORDER_PLACED, sku, 7);
    }
    time.advance(Duration.ofSeconds(30));
    for (String sku : skus) {
      queue.event(EventType.ORDER_PLACED, sku, 3);
    }
    time.advance(Duration.ofMinutes(5));

    for (String sku : skus) {
      assertThat(shop.held).containsEntry("shop:" + sku, 90L);
      assertThat(state(sku, "shop")).isEqualTo(ListingState.IN_SYNC);
    }
    assertThat(queue.attempts()).anyMatch(a -> a.status().equals("SERVER_ERROR"));
    assertThat(queue.attempts()).noneMatch(a -> a.error() != null && a.error().contains("budget"));
  }
}
