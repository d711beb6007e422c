package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.ChannelRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkuQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final Changes changes = new Changes();
  private final AccountState account =
      AccountState.create("a", "A", new SyncPolicy(100, 10, 1_000_000, 0), NOW, changes);
  private int ids;

  SkuQueryTest() {
    account.putLocation("WH1", "Main", true, NOW, changes);
  }

  private void sku(String code, long putaway) {
    account.putSku(code, code, null, NOW, changes);
    if (putaway > 0) {
      account.apply(
          new InventoryEvent("e" + ids++, EventType.PUTAWAY, code, "WH1", putaway, NOW),
          NOW,
          changes);
    }
  }

  private static List<String> codes(SkuQuery.Page page) {
    List<String> codes = new ArrayList<>();
    page.skus().forEach(v -> codes.add(v.sku()));
    return codes;
  }

  @Test
  void pagesThroughEverySkuInCodeOrder() {
    for (String code : List.of("D", "B", "E", "A", "C")) {
      sku(code, 0);
    }

    SkuQuery.Page first = SkuQuery.page(account, SkuQuery.Filter.NONE, null, 2);
    SkuQuery.Page second = SkuQuery.page(account, SkuQuery.Filter.NONE, first.next(), 2);
    SkuQuery.Page last = SkuQuery.page(account, SkuQuery.Filter.NONE, second.next(), 2);

    assertThat(codes(first)).containsExactly("A", "B");
    assertThat(codes(second)).containsExactly("C", "D");
    assertThat(codes(last)).containsExactly("E");
    assertThat(last.next()).isNull();
    assertThat(first.matched()).isEqualTo(5);
  }

  @Test
  void aFullLastPageHasNoNextCursor() {
    sku("A", 0);
    sku("B", 0);

    assertThat(SkuQuery.page(account, SkuQuery.Filter.NONE, null, 2).next()).isNull();
  }

  @Test
  void filtersOutOfStockAndAtOrBelowTheSkusOwnThreshold() {
    sku("EMPTY", 0);
    sku("LOW", 100); // exactly X: at or below
    sku("HIGH", 101);
    sku("OWN", 150);
    account.setSkuPolicy("OWN", new PolicyOverride(200L, null, null, null), NOW, changes);

    assertThat(codes(SkuQuery.page(account, new SkuQuery.Filter(false, true, false), null, 10)))
        .containsExactly("EMPTY");
    assertThat(codes(SkuQuery.page(account, new SkuQuery.Filter(true, false, false), null, 10)))
        .containsExactly("EMPTY", "LOW", "OWN");
    assertThat(SkuQuery.effectivePolicy(account, "OWN").threshold()).isEqualTo(200);
    assertThat(SkuQuery.override(account, "OWN").threshold()).isEqualTo(200);
  }

  @Test
  void pendingSyncMeansWaitingTransactionsOrAQueuedPush() {
    sku("WAITING", 5000); // above X, one transaction of ten: waits
    sku("QUIET", 0);
    sku("LISTED", 0);
    account.putChannel(
        new ChannelRow(
            "a", "c", "webhook", "http://x", "{}", null, List.of(), true, ChannelRules.DEFAULT),
        NOW,
        changes);
    account.putListing("c", "LISTED", "ext", null, NOW, changes); // target 0, never acknowledged

    assertThat(codes(SkuQuery.page(account, new SkuQuery.Filter(false, false, true), null, 10)))
        .containsExactly("LISTED", "WAITING");
  }
}
