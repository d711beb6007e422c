package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreOwnerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void theLockOfASqliteStoreIsAFileBesideTheDatabase() {
    assertThat(StoreOwner.lockFileOf(dir.resolve("data/stocksync.db")))
        .isEqualTo(dir.resolve("data/stocksync.db.lock").toAbsolutePath());
  }

  @Test
  void aSecondOwnerOfASqliteStoreInAnotherProcessIsRefusedNamingTheHolder() throws Exception {
    String db = dir.resolve("stocksync.db").toString();
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                StoreOwnerChild.class.getName(),
                db)
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("HELD")) {
        // the JVM's own start-up output, if any
      }
      assertThat(line).as("the child took the store").startsWith("HELD");

      assertThatThrownBy(() -> StoreOwner.acquire(db, CLOCK))
          .isInstanceOf(StoreInUseException.class)
          .hasMessageContaining("pid " + child.pid())
          .hasMessageContaining("on host ")
          .hasMessageContaining(" since ")
          .hasMessageContaining("stocksync.db.lock");
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // Killed, the child held nothing any more: its stale lock file does not stand in the way.
    try (StoreOwner owner = StoreOwner.acquire(db, CLOCK)) {
      assertThat(owner.holder()).contains("pid " + ProcessHandle.current().pid());
    }
  }

  @Test
  void aSecondOwnerOfASqliteStoreInTheSameProcessIsRefusedUntilTheFirstLetsGo() {
    String db = dir.resolve("stocksync.db").toString();
    StoreOwner first = StoreOwner.acquire(db, CLOCK);
    assertThatThrownBy(() -> StoreOwner.acquire(db, CLOCK))
        .isInstanceOf(StoreInUseException.class)
        .hasMessageContaining(first.holder());
    assertThat(first.holder())
        .isEqualTo(
            "pid "
                + ProcessHandle.current().pid()
                + " on host "
                + hostOf(first)
                + " since "
                + "2026-12-02T10:00:00Z");
    first.close();
    StoreOwner.acquire(db, CLOCK).close();
    // Another file is another store.
    try (StoreOwner a = StoreOwner.acquire(dir.resolve("a.db").toString(), CLOCK);
        StoreOwner b = StoreOwner.acquire(dir.resolve("b.db").toString(), CLOCK)) {
      assertThat(a.holder()).isEqualTo(b.holder());
    }
  }

  @Test
  void aSecondOwnerOfAPostgresSchemaIsRefusedNamingTheHolderAndAnotherSchemaIsFree()
      throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.create();
        PostgresTestDatabase other = PostgresTestDatabase.create()) {
      StoreOwner first = StoreOwner.acquire(database.url(), CLOCK);
      assertThatThrownBy(() -> StoreOwner.acquire(database.url(), CLOCK))
          .isInstanceOf(StoreInUseException.class)
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("since 2026-12-02T10:00:00Z")
          .hasMessageContaining("schema " + database.schema());
      try (StoreOwner elsewhere = StoreOwner.acquire(other.url(), CLOCK)) {
        assertThat(elsewhere.holder()).isEqualTo(first.holder());
      }
      first.close();
      StoreOwner.acquire(database.url(), CLOCK).close();
    }
  }

  private static String hostOf(StoreOwner owner) {
    String h = owner.holder();
    return h.substring(h.indexOf(" on host ") + " on host ".length(), h.indexOf(" since "));
  }
}
