package io.stocksync.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.channels.ChannelKey;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.server.schedule.ChannelSchedule.Outcome;
import io.stocksync.store.LedgerRepositories;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-channel schedule the order feeds and the read-backs share, on a real engine over a SQLite
 * file, its rounds driven by hand on a moved clock: when a channel first runs, one run at a time, a
 * run asked for during a run, backoff, and a channel that leaves.
 */
class ChannelScheduleTest {
  @TempDir Path dir;
  private LedgerRepository ledger;
  private Engine engine;
  private ChannelSchedule schedule;
  private final Moved clock = new Moved();
  private final AtomicInteger runs = new AtomicInteger();
  private final List<ChannelKey> dropped = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch holdRun;
  private volatile boolean fail;

  /** Real time, moved ahead by the test. */
  static final class Moved extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    void advance(Duration d) {
      ahead = ahead.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(ahead);
    }
  }

  private final ChannelSchedule.Job job =
      new ChannelSchedule.Job() {
        @Override
        public Optional<Duration> interval(ChannelRow row) {
          return row.type().equals("webhook")
              ? Optional.of(Duration.ofSeconds(60))
              : Optional.empty();
        }

        @Override
        public Outcome run(ChannelKey key, ChannelRow row) {
          runs.incrementAndGet();
          CountDownLatch hold = holdRun;
          if (hold != null) {
            try {
              hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (fail) {
            throw new IllegalStateException("the marketplace is down");
          }
          return Outcome.DONE;
        }

        @Override
        public void dropped(ChannelKey key, Instant now) {
          dropped.add(key);
        }
      };

  @BeforeEach
  void start() {
    ledger = LedgerRepositories.open(dir.resolve("schedule.db").toString());
    engine = Engine.start(ledger, Clock.systemUTC(), EngineSettings.DEFAULT);
    engine.createAccount("acme", "Acme", SyncPolicy.DEFAULT).join();
    putChannel("webhook", true);
    schedule =
        new ChannelSchedule(
            "test",
            engine,
            job,
            clock,
            new ChannelSchedule.Settings(
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), 2));
  }

  @AfterEach
  void stop() {
    schedule.close();
    engine.close();
    ledger.close();
  }

  private void putChannel(String type, boolean enabled) {
    engine
        .execute(
            "acme",
            (a, c, now) -> {
              a.putChannel(
                  new ChannelRow(
                      "acme",
                      "shop",
                      type,
                      "http://127.0.0.1:9/shop",
                      "{}",
                      "secret",
                      List.of(),
                      enabled,
                      ChannelRules.DEFAULT),
                  now,
                  c);
              return null;
            })
        .join();
  }

  @Test
  void aChannelFirstRunsOneIntervalOnThenEveryInterval() {
    schedule.tick();
    assertThat(schedule.watched()).containsExactly(new ChannelKey("acme", "shop"));
    assertThat(runs.get()).isZero();

    clock.advance(Duration.ofSeconds(61));
    schedule.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
    schedule.tick();
    clock.advance(Duration.ofSeconds(30));
    schedule.tick();
    assertThat(runs.get()).isEqualTo(1); // not due again before its interval

    clock.advance(Duration.ofSeconds(31));
    schedule.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
  }

  @Test
  void aRunAskedForDuringARunIsNotLostAndItsFutureWaitsForIt() throws Exception {
    schedule.tick();
    holdRun = new CountDownLatch(1);
    CompletableFuture<Void> first = schedule.soon("acme", "shop");
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);

    CompletableFuture<Void> second = schedule.soon("acme", "shop"); // while the first runs
    assertThat(first).isNotDone();
    holdRun.countDown();
    holdRun = null;

    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS); // only once a run that started after it has ended
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void aChannelTheScheduleDoesNotRunIsAnsweredAtOnce() {
    assertThat(schedule.soon("acme", "elsewhere")).isDone();
  }

  @Test
  void failedRunsBackOffDoublingUpToTheLongestWait() throws Exception {
    Duration minute = Duration.ofSeconds(60);
    assertThat(schedule.backoff(minute, 1)).isEqualTo(minute);
    assertThat(schedule.backoff(minute, 2)).isEqualTo(Duration.ofSeconds(120));
    assertThat(schedule.backoff(minute, 3)).isEqualTo(Duration.ofSeconds(240));
    assertThat(schedule.backoff(minute, 10)).isEqualTo(Duration.ofMinutes(5));

    schedule.tick();
    fail = true;
    schedule.soon("acme", "shop").get(10, TimeUnit.SECONDS);
    schedule.soon("acme", "shop").get(10, TimeUnit.SECONDS); // two failures in a row
    int before = runs.get();
    clock.advance(Duration.ofSeconds(61));
    schedule.tick();
    assertThat(runs.get()).isEqualTo(before); // the second failure waits 120 s
    clock.advance(Duration.ofSeconds(60));
    schedule.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == before + 1);
  }

  @Test
  void aChannelDisabledOrWithoutTheCapabilityIsNoLongerRun() {
    schedule.tick();
    assertThat(schedule.watched()).hasSize(1);

    putChannel("webhook", false); // the commit asks for a refresh
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              schedule.tick();
              return schedule.watched().isEmpty();
            });
    assertThat(dropped).containsExactly(new ChannelKey("acme", "shop"));
  }
}
