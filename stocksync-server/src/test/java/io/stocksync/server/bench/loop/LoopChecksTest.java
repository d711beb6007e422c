package io.stocksync.server.bench.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.emulator.storefront.HeldLog.Cause;
import io.stocksync.emulator.storefront.OrderState;
import io.stocksync.server.bench.loop.LoopEvidence.LedgerLine;
import io.stocksync.server.bench.loop.LoopEvidence.Sale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop's checker on evidence made by hand: one SKU with 10 units, and Amazon's log of its
 * figure. It must find an inflation where a write raised the channel over a sale the ledger had not
 * booked, and none where the write came after the booking; and count oversold units against the
 * marketplace whose sale found nothing left.
 */
class LoopChecksTest {
  private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");
  private final LoopShop shop = LoopShop.of(1, 10, 1, 1);
  private final LoopShop.Channel amazon = LoopShop.channelOf("amazon");
  private final String listing = shop.key(amazon, "LOOP-1");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private Sale sale(String marketplace, String orderId, long units, long second) {
    LoopShop.Channel c = LoopShop.channelOf(marketplace);
    return new Sale(
        marketplace,
        c.id(),
        orderId,
        "1",
        "LOOP-1",
        shop.key(c, "LOOP-1"),
        units,
        OrderState.PLACED,
        at(second),
        null,
        null);
  }

  private LoopEvidence evidence(
      List<Sale> sales, List<HeldLog.Change> amazonLog, List<LedgerLine> ledger) {
    Map<String, List<HeldLog.Change>> held = new LinkedHashMap<>();
    LoopShop.CHANNELS.forEach(c -> held.put(c.marketplace(), List.of()));
    held.put("amazon", amazonLog);
    return new LoopEvidence(
        shop, sales, held, List.of(new LoopTraffic.PutAway(at(0), "LOOP-1", 10)), ledger);
  }

  private static LedgerLine line(String id, long onHand, long reserved, long second) {
    return new LedgerLine(id, "LOOP-1", onHand, reserved, at(second));
  }

  private static HeldLog.Change change(long seq, long second, Long before, long after, Cause c) {
    return new HeldLog.Change(seq, at(second), "A1STOCKSYNCLOOP/LOOP-1", before, after, c);
  }

  @Test
  void aWriteThatRaisesAChannelOverItsOwnUnbookedSaleIsAnInflation() {
    Sale sold = sale("amazon", "A-1", 3, 20);
    List<LedgerLine> ledger = new ArrayList<>();
    ledger.add(line("putaway", 10, 0, 0));
    ledger.add(line("other", 5, 0, 10)); // a restock to 15 that the engine pushes
    ledger.add(line(sold.eventId("placed"), 0, 3, 100)); // booked long after the sale
    List<HeldLog.Change> log =
        List.of(
            change(1, 1, null, 10, Cause.WRITE),
            change(2, 20, 10L, 7L, Cause.SALE),
            change(3, 30, 7L, 15L, Cause.WRITE)); // 15 − 3 unbooked = 12 allowed

    LoopChecks checks = new LoopChecks(evidence(List.of(sold), log, ledger), Duration.ofSeconds(2));

    assertThat(checks.inflations())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.marketplace()).isEqualTo("amazon");
              assertThat(i.after()).isEqualTo(15);
              assertThat(i.bound()).isEqualTo(12);
            });
  }

  @Test
  void aRaiseAfterTheSaleIsBookedIsNoInflation() {
    Sale sold = sale("amazon", "A-1", 3, 20);
    List<LedgerLine> ledger =
        List.of(
            line("putaway", 10, 0, 0),
            line(sold.eventId("placed"), 0, 3, 25),
            line("restock", 5, 0, 28));
    List<HeldLog.Change> log =
        List.of(
            change(1, 1, null, 10, Cause.WRITE),
            change(2, 20, 10L, 7L, Cause.SALE),
            change(3, 30, 7L, 12L, Cause.WRITE));

    LoopChecks checks = new LoopChecks(evidence(List.of(sold), log, ledger), Duration.ofSeconds(2));

    assertThat(checks.inflations()).isEmpty();
    assertThat(checks.bookedAt(sold)).isEqualTo(at(25));
    assertThat(checks.latencies().get("amazon").toLedger()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void unitsSoldBeyondWhatWasLeftCountAgainstTheMarketplaceThatSoldThem() {
    List<Sale> sales =
        List.of(
            sale("shopify", "S-1", 6, 5),
            sale("amazon", "A-1", 3, 6),
            sale("woocommerce", "W-1", 4, 7));

    LoopChecks checks = new LoopChecks(evidence(sales, List.of(), List.of()), Duration.ZERO);

    assertThat(checks.oversold())
        .containsEntry("shopify", 0L)
        .containsEntry("amazon", 0L)
        .containsEntry("woocommerce", 3L);
  }
}
