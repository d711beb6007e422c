package io.stocksync.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.store.LedgerRepositories;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §3's staleness bound runs on time as it passes: the engine on an {@link ElapsedClock}
 * neither delays nor fires a sync when the wall clock steps.
 */
class ElapsedClockTest {

  static final String ACCOUNT = "acme";

  final MutableClock wall = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  final AtomicLong nanos = new AtomicLong(123_456_789L);

  @TempDir Path dir;
  LedgerRepository repository;
  Engine engine;

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
      repository.close();
    }
  }

  private void pass(Duration d) {
    nanos.addAndGet(d.toNanos());
    wall.advance(d);
  }

  @Test
  void movesWithMonotonicTimeAndNotWithTheWallClock() {
    ElapsedClock clock = new ElapsedClock(wall, nanos::get);

    pass(Duration.ofSeconds(5));
    wall.advance(Duration.ofHours(-1)); // the system clock is stepped back

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-27T10:00:05Z"));
    wall.advance(Duration.ofHours(3)); // and forward
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-27T10:00:05Z"));
    pass(Duration.ofMillis(1));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-27T10:00:05.001Z"));
  }

  private void startShopWithStalenessOf60Seconds() {
    repository = LedgerRepositories.open(dir.resolve("stocksync.db").toString());
    engine = Engine.start(repository, new ElapsedClock(wall, nanos::get), EngineSettings.DEFAULT);
    assertThat(engine.createAccount(ACCOUNT, "Acme", new SyncPolicy(2000, 10, 100, 60)).join())
        .isTrue();
    engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              a.putLocation("WH1", "Main", true, now, c);
              a.putChannel(
                  new ChannelRow(
                      ACCOUNT,
                      "shop",
                      "webhook",
                      "http://127.0.0.1:9/",
                      "{}",
                      null,
                      List.of(),
                      true,
                      ChannelRules.DEFAULT),
                  now,
                  c);
              a.putSku("MUG", "Blue mug", null, now, c);
              a.putListing("shop", "MUG", "mug-1", null, now, c);
              return null;
            })
        .join();
    submit("stock", EventType.PUTAWAY, 5000);
  }

  private void submit(String id, EventType type, long quantity) {
    assertThat(
            engine
                .submit(
                    ACCOUNT, List.of(new InventoryEvent(id, type, "MUG", "WH1", quantity, null)))
                .join())
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(Status.APPLIED));
  }

  private SkuView mug() {
    return engine.execute(ACCOUNT, (a, c, now) -> a.view("MUG")).join();
  }

  @Test
  void aWallClockSteppedBackDoesNotDelayTheStalenessSync() {
    startShopWithStalenessOf60Seconds();
    submit("o-1", EventType.ORDER_PLACED, 1); // above X: waits, at most 60 s
    assertThat(mug().sync().pending()).isEqualTo(1);

    wall.advance(Duration.ofHours(-1));
    pass(Duration.ofSeconds(60));
    engine.syncStale().join();

    assertThat(mug().sync().pending()).isZero();
    assertThat(mug().listings().get(0).queued()).isEqualTo(4999);
  }

  @Test
  void aWallClockSteppedForwardDoesNotFireTheStalenessSyncEarly() {
    startShopWithStalenessOf60Seconds();
    submit("o-1", EventType.ORDER_PLACED, 1);

    wall.advance(Duration.ofHours(1));
    pass(Duration.ofSeconds(59));
    engine.syncStale().join();

    assertThat(mug().sync().pending()).isEqualTo(1);
    pass(Duration.ofSeconds(1));
    engine.syncStale().join();
    assertThat(mug().sync().pending()).isZero();
  }
}
