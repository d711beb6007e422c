package io.stocksync.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.InvalidRequestException;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.StoreException;
import io.stocksync.store.LedgerRepositories;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed commit does to the engine (SPEC §6): a store outage fails the work in flight and
 * the writer goes on by itself; a write set the store refuses because of one task's values fails
 * that task alone.
 */
class CommitFailureTest {
  static final List<String> ACCOUNTS = List.of("acme", "globex");

  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  FaultyRepository repository;
  Engine engine;

  @BeforeEach
  void start() {
    repository = new FaultyRepository(LedgerRepositories.open(db()));
    engine = Engine.start(repository, clock, EngineSettings.DEFAULT);
    for (String account : ACCOUNTS) {
      assertThat(engine.createAccount(account, account, SyncPolicy.DEFAULT).join()).isTrue();
      engine
          .execute(
              account,
              (a, c, now) -> {
                a.putLocation("WH1", "Main", true, now, c);
                a.putSku("MUG", "Blue mug", null, now, c);
                return null;
              })
          .join();
    }
  }

  @AfterEach
  void stop() {
    repository.release();
    repository.down = false;
    engine.close();
    repository.close();
  }

  private String db() {
    return dir.resolve("stocksync.db").toString();
  }

  private static InventoryEvent putaway(String id, long quantity) {
    return new InventoryEvent(id, EventType.PUTAWAY, "MUG", "WH1", quantity, null);
  }

  private long onHand(Engine e, String account) {
    return e.execute(account, (a, c, now) -> a.view("MUG").onHand()).join();
  }

  /** The on-hand figure a fresh engine reads from the store. */
  private Map<String, Long> storedOnHand() {
    engine.close();
    repository.close();
    repository = new FaultyRepository(LedgerRepositories.open(db()));
    engine = Engine.start(repository, clock, EngineSettings.DEFAULT);
    Map<String, Long> stored = new HashMap<>();
    for (String account : ACCOUNTS) {
      stored.put(account, onHand(engine, account));
    }
    return stored;
  }

  @Test
  void aTaskWhoseValuesTheStoreRefusesFailsAloneAndEveryOtherTaskOfItsBatchesIsApplied() {
    repository.poisoned.add("poison");
    repository.holdCommits();
    // The first batch waits in the store, so the next tasks pile up in the batches behind it.
    CompletableFuture<List<EventResult>> first =
        engine.submit("acme", List.of(putaway("first", 1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> repository.commitEntered.getCount() == 0);
    Map<String, Long> expected = new HashMap<>(Map.of("acme", 1L, "globex", 0L));
    List<CompletableFuture<List<EventResult>>> innocent = new ArrayList<>();
    CompletableFuture<List<EventResult>> poisoned = null;
    for (int i = 0; i < 40; i++) {
      String account = ACCOUNTS.get(i % 2);
      if (i == 17) {
        poisoned = engine.submit(account, List.of(putaway("poison", 1000)));
        continue;
      }
      long quantity = i + 1;
      innocent.add(engine.submit(account, List.of(putaway("e-" + i, quantity))));
      expected.merge(account, quantity, Long::sum);
    }
    repository.release();

    assertThat(first.join()).extracting(EventResult::status).containsExactly(Status.APPLIED);
    for (CompletableFuture<List<EventResult>> f : innocent) {
      assertThat(f.join()).extracting(EventResult::status).containsExactly(Status.APPLIED);
    }
    CompletableFuture<List<EventResult>> refused = poisoned;
    assertThat(refused)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(InvalidRequestException.class)
        .withMessageContaining("value too long");
    // The refused write set carried other tasks' events: they were split off, not failed.
    assertThat(repository.refusedLedgerSizes.get(0)).isGreaterThan(1);
    assertThat(engine.health().canWrite()).isTrue();
    for (String account : ACCOUNTS) {
      assertThat(onHand(engine, account)).as(account).isEqualTo(expected.get(account));
    }
    assertThat(storedOnHand()).isEqualTo(expected);
    assertThat(repository.containsEvent("acme", "poison")).isFalse();
    assertThat(repository.containsEvent("globex", "poison")).isFalse();
  }

  @Test
  void theRefusedTaskMayBeSentAgainWithAValueTheStoreTakes() {
    repository.poisoned.add("poison");
    assertThat(engine.submit("acme", List.of(putaway("poison", 5))))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(InvalidRequestException.class);
    repository.poisoned.clear();
    assertThat(engine.submit("acme", List.of(putaway("poison", 5))).join())
        .extracting(EventResult::status)
        .containsExactly(Status.APPLIED);
    assertThat(onHand(engine, "acme")).isEqualTo(5);
    assertThat(storedOnHand()).containsEntry("acme", 5L);
  }

  @Test
  void anOutageOfAnyLengthFailsTheWorkInFlightAndTheWriterGoesOnByItselfWhenTheStoreIsBack() {
    assertThat(engine.submit("acme", List.of(putaway("before", 3))).join())
        .extracting(EventResult::status)
        .containsExactly(Status.APPLIED);
    repository.down = true;

    CompletableFuture<List<EventResult>> inFlight =
        engine.submit("acme", List.of(putaway("during", 4)));
    assertThat(inFlight)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(StoreException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              EngineHealth health = engine.health();
              assertThat(health.canWrite()).isFalse();
              assertThat(health.reason()).contains("An I/O error occurred");
              assertThat(health.since()).isEqualTo(clock.instant());
            });
    // The writer keeps trying to rebuild, however long it lasts, and answers meanwhile.
    int refusedSoFar = repository.callsRefusedWhileDown.get();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> repository.callsRefusedWhileDown.get() >= refusedSoFar + 5);
    assertThat(engine.submit("globex", List.of(putaway("meanwhile", 1))))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(StoreException.class);

    repository.down = false;
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.health().canWrite());
    assertThat(engine.submit("acme", List.of(putaway("during", 4))).join())
        .extracting(EventResult::status)
        .containsExactly(Status.APPLIED);
    assertThat(engine.submit("globex", List.of(putaway("meanwhile", 1))).join())
        .extracting(EventResult::status)
        .containsExactly(Status.APPLIED);
    assertThat(onHand(engine, "acme")).isEqualTo(7);
    assertThat(storedOnHand()).isEqualTo(Map.of("acme", 7L, "globex", 1L));
  }

  @Test
  void aStoreFailureIsNotMistakenForOneTasksValues() {
    assertThat(
            CommitFailures.mayBeTiedToOneTask(
                new StoreException("x", new java.sql.SQLException("gone", "08006"))))
        .isFalse();
    assertThat(
            CommitFailures.mayBeTiedToOneTask(
                new StoreException("x", new java.sql.SQLException("too long", "22001"))))
        .isTrue();
    java.sql.BatchUpdateException batch =
        new java.sql.BatchUpdateException("batch entry 3 aborted", null, 0, new int[0]);
    batch.setNextException(new java.sql.SQLException("duplicate key", "23505"));
    assertThat(CommitFailures.mayBeTiedToOneTask(new StoreException("x", batch))).isTrue();
    // sqlite-jdbc: no SQLState, the primary result code (SQLITE_BUSY 5, SQLITE_FULL 13,
    // SQLITE_TOOBIG 18) as the error code.
    assertThat(
            CommitFailures.mayBeTiedToOneTask(
                new StoreException("x", new java.sql.SQLException("busy", null, 5))))
        .isFalse();
    assertThat(
            CommitFailures.mayBeTiedToOneTask(
                new StoreException("x", new java.sql.SQLException("full", null, 13))))
        .isFalse();
    assertThat(
            CommitFailures.mayBeTiedToOneTask(
                new StoreException("x", new java.sql.SQLException("too big", null, 18))))
        .isTrue();
    assertThat(CommitFailures.mayBeTiedToOneTask(new CompletionException(null))).isFalse();
  }
}
