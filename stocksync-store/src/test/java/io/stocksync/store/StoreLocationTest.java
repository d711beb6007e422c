package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.store.SqliteLedgerRepository.Synchronous;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreLocationTest {

  @Test
  void readsAPlainPathAsAFullySynchronousSqliteFile() {
    assertThat(StoreLocation.parse("data/stocksync.db"))
        .isEqualTo(new StoreLocation.Sqlite(Path.of("data/stocksync.db"), Synchronous.FULL));
  }

  @Test
  void readsTheSynchronousSettingOfASqliteUrl() {
    assertThat(StoreLocation.parse("jdbc:sqlite:/tmp/s.db?synchronous=NORMAL"))
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/tmp/s.db"), Synchronous.NORMAL));
    assertThat(StoreLocation.parse("jdbc:sqlite:/tmp/s.db"))
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/tmp/s.db"), Synchronous.FULL));
  }

  @Test
  void passesAPostgresUrlThroughAsItIs() {
    String url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=s1";

    assertThat(StoreLocation.parse(url)).isEqualTo(new StoreLocation.Postgres(url));
    assertThat(PostgresConnections.currentSchema(url)).isEqualTo("s1");
    assertThat(PostgresConnections.currentSchema("jdbc:postgresql://h/db")).isNull();
  }

  @Test
  void refusesWhatItCannotOpen() {
    assertThatThrownBy(() -> StoreLocation.parse("jdbc:mysql://h/db"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreLocation.parse("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreLocation.parse("jdbc:sqlite:/tmp/s.db?synchronous=OFF"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreLocation.parse("jdbc:sqlite:/tmp/s.db?cache=shared"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreLocation.parse(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
