package io.stocksync.server.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.order.OrderFeedPaced;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.store.LedgerRepositories;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule's answer to a pass that did not catch up: a refusal by the marketplace's own pacing
 * ({@link OrderFeedPaced}) is polled again at the time the marketplace stated, however many came
 * before it; a real failure backs off, the interval doubled per failure in a row. The schedule is
 * driven round by round on a clock that only the test moves; the pass itself is a stand-in.
 */
class OrderFeedScheduleTest {
  private static final String ACCOUNT = "acct-schedule";
  private static final ChannelKey OWN = new ChannelKey(ACCOUNT, "own");
  private static final Duration INTERVAL = Duration.ofSeconds(60);

  @TempDir Path dir;
  private LedgerRepository repository;
  private Engine engine;
  private OrderFeedSchedule schedule;
  private final FixedClock clock = new FixedClock(Instant.parse("2026-12-08T00:00:00Z"));
  private final AtomicInteger passes = new AtomicInteger();

  /** A clock that stands still until the test moves it. */
  static final class FixedClock extends Clock {
    private volatile Instant now;

    FixedClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() {
    repository = LedgerRepositories.open(dir.resolve("schedule.db").toString());
    engine = Engine.start(repository, clock, EngineSettings.DEFAULT);
    engine.createAccount(ACCOUNT, "Scheduled shop", SyncPolicy.DEFAULT).join();
    ChannelRow own =
        new ChannelRow(
            ACCOUNT,
            "own",
            "webhook",
            "http://127.0.0.1:9/stock",
            "{\"ordersUrl\":\"http://127.0.0.1:9/orders\",\"ordersPollSeconds\":60}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);
    engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              a.putChannel(own, now, c);
              return null;
            })
        .join();
  }

  @AfterEach
  void stop() {
    if (schedule != null) {
      schedule.close();
    }
    engine.close();
    repository.close();
  }

  private void schedule(Supplier<RuntimeException> every) {
    ConnectorContext context =
        new ConnectorContext(HttpClient.newHttpClient(), clock, Duration.ofSeconds(5), () -> 0.5);
    OrderFeedSchedule.Poll poll =
        (accountId, channelId) -> {
          passes.incrementAndGet();
          throw every.get();
        };
    schedule =
        new OrderFeedSchedule(
            engine,
            poll,
            row -> Map.of("secret", "own-secret"),
            context,
            OrderFeedSchedule.Settings.DEFAULT);
  }

  /** One round, and the pass it starts run to its end; answers the channel's next poll time. */
  private Instant round(int passesBefore) {
    schedule.tick();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> passes.get() > passesBefore && !schedule.running(OWN));
    return schedule.nextPollAt(OWN).orElseThrow();
  }

  @Test
  void aPollThatTheMarketplacesPacingRefusesGoesAgainAtTheTimeItStatedEveryTime() {
    schedule(
        () ->
            new OrderFeedPaced(
                "Amazon's getOrders usage plan allows the next call in 4 s",
                Duration.ofSeconds(4)));

    for (int i = 0; i < 5; i++) {
      Instant refusedAt = clock.instant();
      Instant next = round(i);
      assertThat(next).as("refusal %d", i + 1).isEqualTo(refusedAt.plusSeconds(4));
      clock.advance(Duration.ofSeconds(4));
    }
    assertThat(passes).hasValue(5);
  }

  @Test
  void aPollThatFailsBacksOffTheIntervalDoubledPerFailureInARow() {
    schedule(() -> new IllegalStateException("the marketplace answered HTTP 500"));

    Instant failedAt = clock.instant();
    assertThat(round(0)).isEqualTo(failedAt.plus(INTERVAL));
    clock.advance(INTERVAL);
    failedAt = clock.instant();
    assertThat(round(1)).isEqualTo(failedAt.plus(INTERVAL.multipliedBy(2)));
    clock.advance(INTERVAL.multipliedBy(2));
    failedAt = clock.instant();
    assertThat(round(2)).isEqualTo(failedAt.plus(INTERVAL.multipliedBy(4)));
  }

  @Test
  void aPacedRefusalBetweenFailuresNeitherAddsAFailureNorWaitsForTheBackoff() {
    AtomicInteger call = new AtomicInteger();
    schedule(
        () ->
            call.getAndIncrement() == 1
                ? new OrderFeedPaced("allows the next call in 2 s", Duration.ofSeconds(2))
                : new IllegalStateException("the marketplace answered HTTP 503"));

    Instant at = clock.instant();
    assertThat(round(0)).isEqualTo(at.plus(INTERVAL)); // failure 1
    clock.advance(INTERVAL);
    at = clock.instant();
    assertThat(round(1)).isEqualTo(at.plusSeconds(2)); // paced: at the stated time
    clock.advance(Duration.ofSeconds(2));
    at = clock.instant();
    assertThat(round(2)).isEqualTo(at.plus(INTERVAL.multipliedBy(2))); // failure 2, not 3
  }
}
