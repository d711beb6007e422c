package io.stocksync.channels.amazon;

import static io.stocksync.channels.amazon.AmazonFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.channels.Connectors;
import io.stocksync.channels.DispatcherSettings;
import io.stocksync.channels.PushDispatcher;
import io.stocksync.channels.RetryPolicy;
import io.stocksync.emulator.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Amazon connector through the push dispatcher against the Amazon emulator on loopback, on real
 * time: feeds are queued and processed for a second or two of the emulator's clock (real Amazon
 * takes minutes), polled every 250 ms. Tests await conditions; nothing sleeps.
 */
class AmazonEndToEndTest {

  private static final RetryPolicy QUICK_RETRIES =
      new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(2));

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "amazon-e2e-dispatch");
            t.setDaemon(true);
            return t;
          });
  private AmazonFixture fixture;
  private PushDispatcher dispatcher;

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    executor.shutdownNow();
  }

  private ChannelPushQueue start(Duration feedQueue, Duration feedProcessing, String settings) {
    fixture = AmazonFixture.onRealTime(feedQueue, feedProcessing);
    ChannelPushQueue queue = new ChannelPushQueue(fixture.channel(settings));
    return queue;
  }

  private void dispatch(ChannelPushQueue queue) {
    dispatcher =
        PushDispatcher.start(
            queue,
            Connectors.standard(),
            row -> AmazonFixture.credentials(),
            fixture.context(),
            fixture.scheduler,
            executor,
            DispatcherSettings.DEFAULT.withRetry(QUICK_RETRIES));
  }

  private static Map<Integer, Long> targets(int from, int count, long base) {
    Map<Integer, Long> targets = new HashMap<>();
    for (int i = from; i < from + count; i++) {
      targets.put(i, base + i % 50);
    }
    return targets;
  }

  private List<RecordedRequest> requests(String method, String part) {
    return fixture.requests(method, part);
  }

  @Test
  void aFirstFullSyncOf30000ListingsGoesByFeedsFarSoonerThanPerItemCallsCould() {
    ChannelPushQueue queue = start(Duration.ofSeconds(1), Duration.ofSeconds(2), "");
    queue.putAll(targets(0, 30_000, 1));

    long started = System.nanoTime();
    dispatch(queue);
    await().atMost(Duration.ofMinutes(3)).until(() -> queue.pending() == 0);
    double seconds = (System.nanoTime() - started) / 1e9;

    double perItem = 30_000 / AmazonConnector.PATCH_RATE;
    System.out.printf(
        "Amazon first full sync of 30,000 listings: per-item patchListingsItem at %.0f/s would"
            + " take %.0f s; the feed path took %.1f s here (%d feeds, %d per-item calls;"
            + " emulated feed processing 3 s each, real Amazon takes minutes)%n",
        AmazonConnector.PATCH_RATE,
        perItem,
        seconds,
        requests("POST", "/feeds/2021-06-30/feeds").size(),
        requests("PATCH", "/listings/").size());

    Map<String, Long> held = fixture.amazon.quantities();
    assertThat(held).hasSize(30_000).containsEntry(key(0), 1L).containsEntry(key(29_999), 50L);
    assertThat(queue.failed()).isZero();
    assertThat(requests("POST", "/feeds/2021-06-30/feeds")).hasSizeBetween(2, 3);
    assertThat(requests("PATCH", "/listings/").size())
        .isLessThan(AmazonConnector.DEFAULT_FEED_THRESHOLD);
    assertThat(seconds).isLessThan(perItem / 20);
  }

  @Test
  void itemsAFeedReportRejectsFailAtOnceAloneAndTheRestAreAcknowledged() {
    ChannelPushQueue queue = start(Duration.ZERO, Duration.ofMillis(500), "");
    fixture.amazon.faults().failListings(List.of(key(10), key(500), key(999)));
    queue.putAll(targets(0, 1_000, 1));
    dispatch(queue);

    // An item Amazon refuses is an error no retry can fix (SPEC: it fails at once, with the
    // marketplace's reason, and waits for the next sync or an operator).
    await().atMost(Duration.ofSeconds(30)).until(() -> queue.failed() == 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> queue.pending() == 0);

    assertThat(queue.attempts())
        .filteredOn(a -> a.status().equals("REJECTED"))
        .extracting(ChannelPushQueue.Logged::sku)
        .containsOnly("S10", "S500", "S999");
    assertThat(queue.attempts())
        .filteredOn(a -> a.status().equals("REJECTED"))
        .first()
        .satisfies(a -> assertThat(a.error()).startsWith("STOCKSYNC_EMULATOR_FAULT: "));
    // One feed for the thousand; the refused items are not sent again on their own.
    assertThat(requests("POST", "/feeds/2021-06-30/feeds")).hasSize(1);
    assertThat(requests("PATCH", "/listings/")).isEmpty();
    assertThat(fixture.amazon.quantities()).containsEntry(key(11), 12L);
  }

  @Test
  void accessTokensExpiringMidRunAreFetchedAgainWithoutLosingAPush() {
    ChannelPushQueue queue = start(Duration.ofMillis(500), Duration.ofSeconds(1), "");
    queue.putAll(targets(0, 2_000, 1));
    dispatch(queue);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !requests("POST", "/feeds/2021-06-30/feeds").isEmpty());

    // From now on every token, the one in use included, lapses a second after it was issued.
    fixture.amazon.faults().tokenLifetime(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> queue.pending() == 0);
    queue.putAll(targets(2_000, 20, 7)); // per-item calls, spread over seconds
    await().atMost(Duration.ofSeconds(60)).until(() -> queue.pending() == 0);

    assertThat(requests("GET", "/feeds/2021-06-30/feeds/").stream().map(RecordedRequest::status))
        .contains(403, 200);
    assertThat(requests("POST", "/auth/o2/token").size()).isGreaterThan(2);
    // Nothing was refused or charged; a per-item call may meet a 429 when its arrival jitters
    // against Amazon's bucket, and then simply waits.
    assertThat(queue.attempts())
        .extracting(ChannelPushQueue.Logged::status)
        .isSubsetOf("ACKNOWLEDGED", "THROTTLED");
    assertThat(queue.acknowledged()).hasSize(2_020);
    assertThat(fixture.amazon.quantities()).hasSize(2_020);
  }

  @Test
  void aListingInAFeedStillBeingProcessedWaitsWhileOtherListingsGoPerItem() {
    ChannelPushQueue queue = start(Duration.ofSeconds(2), Duration.ofSeconds(2), "");
    queue.putAll(targets(0, 600, 1));
    dispatch(queue);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !requests("POST", "/feeds/2021-06-30/feeds").isEmpty());

    queue.put(5, 99); // S5 is in the feed, still being processed
    queue.put(700, 3); // a listing of its own
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.amazon.quantities().getOrDefault(key(700), -1L) == 3L);

    // The feed has not finished, and S5's newer figure has not gone out alongside it.
    assertThat(fixture.amazon.quantities()).doesNotContainKey(key(5));
    assertThat(requests("PATCH", "/SKU-5")).isEmpty();
    await().atMost(Duration.ofSeconds(30)).until(() -> queue.pending() == 0);
    assertThat(fixture.amazon.quantities()).containsEntry(key(5), 99L).hasSize(601);
    assertThat(requests("PATCH", "/items/A1SELLER/SKU-5")).hasSize(1);
  }
}
