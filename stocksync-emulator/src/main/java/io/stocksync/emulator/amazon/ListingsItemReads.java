package io.stocksync.emulator.amazon;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What getListingsItem adds beyond the figures: the check of its {@code marketplaceIds} against
 * Amazon's published marketplace ids (an unknown one is a 400 {@code InvalidInput} naming it, as a
 * connection test needs) and the {@code summaries} of the {@code Item} model. Stateless.
 */
final class ListingsItemReads {
  /**
   * The marketplace ids of Amazon's stores that the emulator knows (Amazon's published list of
   * marketplace ids: North America, South America, Europe, Middle East, Asia-Pacific).
   */
  static final Set<String> MARKETPLACES =
      Set.of(
          "ATVPDKIKX0DER",
          "A2EUQ1WTGCTBG2",
          "A1AM78C64UM0Y8",
          "A2Q3Y263D00KWC",
          "A1F83G8C2ARO7P",
          "A1PA6795UKMFR9",
          "A13V1IB3VIYZZH",
          "APJ6JRA9NG5V4",
          "A1RKKUPIHCS9HS",
          "A1805IZSGTT6HS",
          "A2NODRKZP88ZB9",
          "A1C3SOZRARQ6R3",
          "A33AVAJ2PDY3EV",
          "A21TJRUUN4KGV",
          "A1VC38T7YXB528",
          "A39IBJ37TRP1C6",
          "A19VAU5U5O7RUS",
          "A2VIGQ35RCS4UG",
          "A17E79C6D8DWNP",
          "ARBP9OOSHTCHU");

  private ListingsItemReads() {}

  /** The first id of {@code marketplaceIds} (comma-separated) Amazon does not have, or null. */
  static String unknownMarketplace(String marketplaceIds) {
    for (String id : marketplaceIds.split(",", -1)) {
      if (!MARKETPLACES.contains(id)) {
        return id;
      }
    }
    return null;
  }

  /**
   * One {@code ItemSummaryByMarketplace} per marketplace asked: {@code productType} {@code
   * PRODUCT}, {@code status} {@code BUYABLE} while the quantity is above 0, both dates the time of
   * the read (the emulator keeps none per listing).
   */
  static List<Map<String, Object>> summaries(
      String sku, String marketplaceIds, long quantity, Instant now) {
    String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Map<String, Object>> summaries = new ArrayList<>();
    for (String id : marketplaceIds.split(",", -1)) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("marketplaceId", id);
      s.put("productType", "PRODUCT");
      s.put("conditionType", "new_new");
      s.put("status", quantity > 0 ? List.of("BUYABLE", "DISCOVERABLE") : List.of("DISCOVERABLE"));
      s.put("itemName", sku);
      s.put("createdDate", at);
      s.put("lastUpdatedDate", at);
      summaries.add(s);
    }
    return summaries;
  }
}
