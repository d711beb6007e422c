package io.stocksync.server.bench.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.storefront.HeldLog;
import io.stocksync.emulator.storefront.Order;
import io.stocksync.emulator.storefront.OrderLine;
import io.stocksync.emulator.storefront.OrderState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a loop run left behind, read after it: the marketplaces' own record (every order line their
 * storefronts sold, in its state now, and every change of every held figure), the warehouse's
 * put-aways, and the ledger of the tool under test (StockSync's, read through its API, or a
 * baseline's own). Immutable.
 */
public record LoopEvidence(
    LoopShop shop,
    List<Sale> sales,
    Map<String, List<HeldLog.Change>> held,
    List<LoopTraffic.PutAway> putAways,
    List<LedgerLine> ledger) {

  /** One order line a marketplace sold, as the marketplace has it now. */
  public record Sale(
      String marketplace,
      String channelId,
      String orderId,
      String lineId,
      String sku,
      String listing,
      long quantity,
      OrderState state,
      Instant placedAt,
      Instant cancelledAt,
      Instant shippedAt) {

    /** The ledger id of the line's booking of {@code what} (SPEC §9's fixed ids). */
    public String eventId(String what) {
      return channelId + ":" + orderId + ":" + lineId + ":" + what;
    }
  }

  /** One ledger line of a SKU: its id, deltas, and when the tool recorded it. */
  public record LedgerLine(
      String id, String sku, long onHandDelta, long reservedDelta, Instant recordedAt) {}

  /** The marketplaces' sales and held-figure logs, read in-process from the emulators. */
  public static List<Sale> sales(LoopShop shop, EmulatorServer emulators) {
    List<Sale> sales = new ArrayList<>();
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      for (Order o : emulators.emulator(c.marketplace()).storefront().orElseThrow().orders()) {
        for (OrderLine l : o.lines()) {
          sales.add(
              new Sale(
                  c.marketplace(),
                  c.id(),
                  o.id(),
                  l.lineId(),
                  shop.skuOf(c, l.listing()),
                  l.listing(),
                  l.quantity(),
                  o.state(),
                  o.createdAt(),
                  o.cancelledAt(),
                  o.shippedAt()));
        }
      }
    }
    return sales;
  }

  /** Every marketplace's log of its held figures. */
  public static Map<String, List<HeldLog.Change>> held(EmulatorServer emulators) {
    Map<String, List<HeldLog.Change>> held = new LinkedHashMap<>();
    for (LoopShop.Channel c : LoopShop.CHANNELS) {
      held.put(
          c.marketplace(), emulators.emulator(c.marketplace()).heldLog().orElseThrow().changes());
    }
    return held;
  }

  /** StockSync's ledger lines of the shop's SKUs, read page by page through the API. */
  public static List<LedgerLine> ledger(LoopShop shop, LoopApi api) {
    List<LedgerLine> lines = new ArrayList<>();
    for (String sku : shop.skus()) {
      String cursor = null;
      do {
        JsonNode page =
            api.require(
                "GET",
                "/v1/skus/"
                    + sku
                    + "/events?limit=1000"
                    + (cursor == null
                        ? ""
                        : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                null);
        for (JsonNode e : page.path("events")) {
          lines.add(
              new LedgerLine(
                  e.path("id").asText(),
                  sku,
                  e.path("onHandDelta").asLong(),
                  e.path("reservedDelta").asLong(),
                  Instant.parse(e.path("recordedAt").asText())));
        }
        cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
      } while (cursor != null);
    }
    return lines;
  }
}
