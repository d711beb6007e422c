package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stocksync.core.event.EventType;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.LedgerRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalCheckpointerTest {
  @TempDir Path dir;

  @Test
  void committedPagesReachTheDatabaseFileWithoutACheckpointInsideACommit() throws Exception {
    Path file = dir.resolve("ledger.db");
    Instant t = Instant.parse("2026-11-27T10:00:00Z");
    try (SqliteLedgerRepository repository = new SqliteLedgerRepository(file)) {
      long sizeBefore = Files.size(file);
      repository.commit(WriteSets.of(new AccountRow("acme", "Acme", SyncPolicy.DEFAULT, t)));
      for (int batch = 0; batch < 20; batch++) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
          rows.add(
              new LedgerRow(
                  "acme",
                  "e-" + batch + "-" + i,
                  0,
                  EventType.PUTAWAY,
                  "MUG",
                  "WH1",
                  1,
                  1,
                  0,
                  t,
                  t));
        }
        repository.commit(WriteSets.of(rows.toArray()));
      }
      // The writer never checkpoints (wal_autocheckpoint = 0): only the background checkpointer
      // can have grown the database file.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(Files.size(file)).isGreaterThan(sizeBefore + 500_000));
      assertThat(repository.containsEvent("acme", "e-19-999")).isTrue();
    }
  }
}
