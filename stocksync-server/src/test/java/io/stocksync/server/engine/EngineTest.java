package io.stocksync.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.InvalidRequestException;
import io.stocksync.core.inventory.NotFoundException;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.StoreException;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import io.stocksync.store.LedgerRepositories;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  static final String ACCOUNT = "acme";

  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  LedgerRepository repository;
  Engine engine;

  @BeforeEach
  void start() {
    repository = LedgerRepositories.open(dir.resolve("stocksync.db").toString());
    engine = Engine.start(repository, clock, EngineSettings.DEFAULT);
  }

  @AfterEach
  void stop() {
    engine.close();
    repository.close();
  }

  private void restart() {
    engine.close();
    repository.close();
    repository = LedgerRepositories.open(dir.resolve("stocksync.db").toString());
    engine = Engine.start(repository, clock, EngineSettings.DEFAULT);
  }

  private void setUpShop(long stock) {
    assertThat(engine.createAccount(ACCOUNT, "Acme", SyncPolicy.DEFAULT).join()).isTrue();
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
    if (stock > 0) {
      assertThat(submit(event("stock", EventType.PUTAWAY, stock))).containsExactly(Status.APPLIED);
    }
  }

  private static InventoryEvent event(String id, EventType type, long quantity) {
    return new InventoryEvent(id, type, "MUG", "WH1", quantity, null);
  }

  private List<Status> submit(InventoryEvent... events) {
    return engine.submit(ACCOUNT, List.of(events)).join().stream()
        .map(EventResult::status)
        .toList();
  }

  private SkuView mug() {
    return engine.execute(ACCOUNT, (a, c, now) -> a.view("MUG")).join();
  }

  @Test
  void anAppliedEventIsInTheStoreWhenItsResultArrives() {
    setUpShop(100);
    assertThat(submit(event("o-1", EventType.ORDER_PLACED, 5))).containsExactly(Status.APPLIED);
    assertThat(repository.containsEvent(ACCOUNT, "o-1")).isTrue();
    assertThat(mug().available()).isEqualTo(95);
  }

  @Test
  void aRepeatedIdIsADuplicateInTheSameBatchAndAfterARestart() {
    setUpShop(100);
    assertThat(
            submit(
                event("o-1", EventType.ORDER_PLACED, 5), event("o-1", EventType.ORDER_PLACED, 5)))
        .containsExactly(Status.APPLIED, Status.DUPLICATE);
    restart();
    assertThat(submit(event("o-1", EventType.ORDER_PLACED, 5))).containsExactly(Status.DUPLICATE);
    assertThat(mug().reserved()).isEqualTo(5);
  }

  @Test
  void aRejectedIdMayBeSentAgainOnceCorrected() {
    setUpShop(100);
    assertThat(submit(event("o-1", EventType.ORDER_PLACED, -5))).containsExactly(Status.REJECTED);
    assertThat(submit(event("o-1", EventType.ORDER_PLACED, 5))).containsExactly(Status.APPLIED);
  }

  @Test
  void restartRebuildsBalancesSyncStateAndQueuedPushes() {
    setUpShop(5000);
    for (int i = 0; i < 9; i++) {
      submit(event("o-" + i, EventType.ORDER_PLACED, 1));
    }
    SkuView before = mug();
    restart();
    SkuView after = mug();
    assertThat(after).isEqualTo(before);
    assertThat(after.sync().pending()).isEqualTo(9);
    assertThat(after.listings())
        .singleElement()
        .satisfies(l -> assertThat(l.queued()).isEqualTo(5000));
    submit(event("o-9", EventType.ORDER_PLACED, 1));
    assertThat(mug().listings().get(0).queued()).isEqualTo(4990);
  }

  @Test
  void anUnknownAccountFailsWithNotFound() {
    assertThatThrownBy(
            () -> engine.submit("nobody", List.of(event("x", EventType.PUTAWAY, 1))).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(NotFoundException.class);
  }

  @Test
  void anInvalidConfigurationFailsAtOnceAndChangesNothing() {
    setUpShop(0);
    CompletableFuture<Object> f =
        engine.execute(
            ACCOUNT,
            (a, c, now) -> {
              a.putSku(
                  "SET",
                  "Mug set",
                  List.of(new io.stocksync.core.inventory.Component("NOPE", 2)),
                  now,
                  c);
              return null;
            });
    assertThatThrownBy(f::join).hasCauseInstanceOf(InvalidRequestException.class);
    assertThat(engine.execute(ACCOUNT, (a, c, now) -> a.hasSku("SET")).join()).isFalse();
    restart();
    assertThat(engine.execute(ACCOUNT, (a, c, now) -> a.hasSku("SET")).join()).isFalse();
  }

  @Test
  void aTransactionAboveTheThresholdSyncsWhenItReachesTheStalenessBound() {
    setUpShop(5000);
    engine
        .execute(
            ACCOUNT,
            (a, c, now) -> {
              a.setPolicy(new SyncPolicy(2000, 10, 100, 60), now, c);
              return null;
            })
        .join();
    submit(event("o-1", EventType.ORDER_PLACED, 1));
    clock.advance(Duration.ofSeconds(59));
    engine.syncStale().join();
    assertThat(mug().sync().pending()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    engine.syncStale().join();
    assertThat(mug().sync().pending()).isZero();
    assertThat(mug().listings().get(0).queued()).isEqualTo(4999);
  }

  @Test
  void closingCommitsEverythingAcceptedBeforeIt() {
    setUpShop(100_000);
    List<CompletableFuture<List<EventResult>>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(engine.submit(ACCOUNT, List.of(event("o-" + i, EventType.ORDER_PLACED, 1))));
    }
    engine.close();
    assertThat(futures)
        .allSatisfy(f -> assertThat(f.join().get(0).status()).isEqualTo(Status.APPLIED));
    restart();
    assertThat(mug().reserved()).isEqualTo(200);
  }

  @Test
  void aFailedCommitFailsItsBatchAndTheEngineGoesOnFromTheStore() {
    engine.close();
    FailingOnce failing = new FailingOnce(repository);
    engine = Engine.start(failing, clock, EngineSettings.DEFAULT);
    setUpShop(100);
    failing.failNext.set(1);
    assertThatThrownBy(
            () -> engine.submit(ACCOUNT, List.of(event("o-1", EventType.ORDER_PLACED, 5))).join())
        .hasCauseInstanceOf(StoreException.class);
    assertThat(repository.containsEvent(ACCOUNT, "o-1")).isFalse();
    assertThat(mug().reserved()).isZero();
    assertThat(submit(event("o-1", EventType.ORDER_PLACED, 5))).containsExactly(Status.APPLIED);
    assertThat(mug().reserved()).isEqualTo(5);
  }

  @Test
  void aWriterThatDiesFailsTheWorkItWasGivenAndAllThatFollowsInsteadOfHanging() {
    setUpShop(100);
    CompletableFuture<Object> fatal =
        engine.execute(
            ACCOUNT,
            (a, c, now) -> {
              throw new StackOverflowError("simulated");
            });
    assertThatThrownBy(fatal::join).hasCauseInstanceOf(StackOverflowError.class);
    assertThatThrownBy(
            () -> engine.submit(ACCOUNT, List.of(event("o-1", EventType.ORDER_PLACED, 1))).join())
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("writer stopped");
  }

  /** The real repository, made to fail chosen commits (a disk error cannot be had on demand). */
  static final class FailingOnce implements LedgerRepository {
    final LedgerRepository real;
    final AtomicInteger failNext = new AtomicInteger();

    FailingOnce(LedgerRepository real) {
      this.real = real;
    }

    @Override
    public void load(Predicate<String> accounts, StoredStateVisitor visitor) {
      real.load(accounts, visitor);
    }

    @Override
    public void commit(WriteSet writes) {
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new StoreException("disk full (simulated)", null);
      }
      real.commit(writes);
    }

    @Override
    public boolean containsEvent(String accountId, String eventId) {
      return real.containsEvent(accountId, eventId);
    }

    @Override
    public void close() {}
  }
}
