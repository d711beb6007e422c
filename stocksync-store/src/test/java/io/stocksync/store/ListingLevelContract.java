package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.store.ListingLevelRepository.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read-back's table (V9): the last figure each listing's marketplace held, kept per account,
 * channel and SKU; a failed read keeps the last figure read; forgotten with its listing, channel or
 * SKU; no account reads another's.
 */
abstract class ListingLevelContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.250Z");

  private ListingLevelRepository levels;

  /** A fresh, empty store for each test. */
  protected abstract String database();

  private ListingLevelRepository levels() {
    if (levels == null) {
      String db = database();
      try (LedgerRepository ledger = LedgerRepositories.open(db)) {
        ledger.commit(
            WriteSets.of(
                new AccountRow("alice", "Alice", SyncPolicy.DEFAULT, T0),
                new AccountRow("bob", "Bob", SyncPolicy.DEFAULT, T0)));
      }
      levels = ListingLevelRepository.open(db);
    }
    return levels;
  }

  @AfterEach
  void close() {
    if (levels != null) {
      levels.close();
      levels = null;
    }
  }

  private static Level read(String account, String channel, String sku, long held, Instant at) {
    return new Level(account, channel, sku, sku + "-1", held, at, "IN_SYNC", held, null, at);
  }

  @Test
  void aReadIsKeptAndTheNextReplacesIt() {
    levels().record(List.of(read("alice", "shop", "MUG", 95, T0)));
    levels().record(List.of(read("alice", "shop", "MUG", 90, T0.plusSeconds(60))));

    Level l = levels().of("alice", "shop", "MUG").orElseThrow();
    assertThat(l.held()).isEqualTo(90);
    assertThat(l.heldAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(l.externalId()).isEqualTo("MUG-1");
    assertThat(l.outcome()).isEqualTo("IN_SYNC");
  }

  @Test
  void aFailedReadKeepsTheLastFigureReadAndSaysWhy() {
    levels().record(List.of(read("alice", "shop", "MUG", 95, T0)));
    levels()
        .record(
            List.of(
                new Level(
                    "alice",
                    "shop",
                    "MUG",
                    "MUG-1",
                    null,
                    null,
                    "UNKNOWN",
                    null,
                    "HTTP 503",
                    T0.plusSeconds(60))));

    Level l = levels().of("alice", "shop", "MUG").orElseThrow();
    assertThat(l.held()).isEqualTo(95);
    assertThat(l.heldAt()).isEqualTo(T0);
    assertThat(l.error()).isEqualTo("HTTP 503");
    assertThat(l.checkedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void aListingNeverReadSuccessfullyHasNoFigure() {
    levels()
        .record(
            List.of(new Level("alice", "shop", "MUG", "MUG-1", null, null, null, null, "x", T0)));

    Level l = levels().of("alice", "shop", "MUG").orElseThrow();
    assertThat(l.held()).isNull();
    assertThat(l.heldAt()).isNull();
  }

  @Test
  void readsAreOfOneAccountOnly() {
    levels()
        .record(List.of(read("alice", "shop", "MUG", 95, T0), read("bob", "shop", "MUG", 7, T0)));

    assertThat(levels().ofSkus("alice", List.of("MUG")))
        .extracting(Level::held)
        .containsExactly(95L);
    assertThat(levels().ofChannel("bob", "shop")).extracting(Level::held).containsExactly(7L);
    assertThat(levels().of("alice", "elsewhere", "MUG")).isEmpty();
  }

  @Test
  void manySkusAreReadInChunksInSkuThenChannelOrder() {
    List<Level> many = new ArrayList<>();
    List<String> skus = new ArrayList<>();
    for (int i = 0; i < ListingLevelRepository.SKUS_PER_QUERY + 50; i++) {
      String sku = String.format("S%04d", i);
      skus.add(sku);
      many.add(read("alice", "b", sku, i, T0));
      many.add(read("alice", "a", sku, i, T0));
    }
    levels().record(many);

    List<Level> got = levels().ofSkus("alice", skus);

    assertThat(got).hasSize(many.size());
    assertThat(got.get(0).sku()).isEqualTo("S0000");
    assertThat(got.get(0).channelId()).isEqualTo("a");
    assertThat(got.get(got.size() - 1).sku()).isEqualTo(skus.get(skus.size() - 1));
  }

  @Test
  void readsAreForgottenWithTheirListingChannelOrSku() {
    levels()
        .record(
            List.of(
                read("alice", "shop", "MUG", 1, T0),
                read("alice", "shop", "CUP", 2, T0),
                read("alice", "other", "CUP", 3, T0),
                read("alice", "other", "PLATE", 4, T0),
                read("bob", "shop", "MUG", 5, T0)));

    levels().forgetListing("alice", "shop", "MUG");
    assertThat(levels().of("alice", "shop", "MUG")).isEmpty();
    levels().forgetChannel("alice", "shop");
    assertThat(levels().ofChannel("alice", "shop")).isEmpty();
    levels().forgetSku("alice", "CUP");
    assertThat(levels().ofChannel("alice", "other"))
        .extracting(Level::sku)
        .containsExactly("PLATE");
    assertThat(levels().of("bob", "shop", "MUG")).isPresent();
  }
}
