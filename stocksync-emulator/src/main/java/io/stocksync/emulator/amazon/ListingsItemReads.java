package io.stocksync.emulator.amazon;

import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Listings Items {@code getListingsItem} ({@code GET
 * /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=…&includedData=…}): the {@code Item}
 * of the model, with {@code summaries} (the default) and {@code fulfillmentAvailability} when
 * asked. An unknown listing is a 404 {@code NotFound}, an unknown marketplace id a 400 {@code
 * InvalidInput} naming it. Reads never create a listing, whatever the faults say.
 *
 * <p>Thread-safe: the listings are.
 */
final class ListingsItemReads {
  /**
   * The marketplace ids of Amazon's stores that the emulator knows (Amazon's published list of
   * marketplace ids, North America, Europe and Asia-Pacific).
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

  private static final Set<String> INCLUDED =
      Set.of(
          "summaries",
          "attributes",
          "issues",
          "offers",
          "fulfillmentAvailability",
          "procurement",
          "relationships",
          "productTypes");

  private final AmazonListings listings;
  private final Clock clock;

  ListingsItemReads(AmazonListings listings, Clock clock) {
    this.listings = listings;
    this.clock = clock;
  }

  EmulatorResponse get(EmulatorRequest request, List<String> segments) {
    if (segments.size() != 2 || segments.get(0).isEmpty() || segments.get(1).isEmpty()) {
      return invalid("the path must be /listings/2021-08-01/items/{sellerId}/{sku}");
    }
    String marketplaces = request.queryParam("marketplaceIds").orElse("");
    if (marketplaces.isBlank()) {
      return invalid("Missing required parameter: marketplaceIds.");
    }
    List<String> ids = List.of(marketplaces.split(","));
    for (String id : ids) {
      if (!MARKETPLACES.contains(id)) {
        return invalid("Invalid marketplaceIds: '" + id + "' is not a marketplace identifier.");
      }
    }
    List<String> included =
        List.of(request.queryParam("includedData").orElse("summaries").split(","));
    for (String what : included) {
      if (!INCLUDED.contains(what)) {
        return invalid("Invalid includedData: '" + what + "'.");
      }
    }
    String sellerId = segments.get(0);
    String sku = segments.get(1);
    var entry = listings.entry(AmazonListings.key(sellerId, sku));
    if (entry == null) {
      return AmazonEmulator.spApiError(
          404, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace " + ids.get(0), "");
    }
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("sku", sku);
    if (included.contains("summaries")) {
      List<Map<String, Object>> summaries = new ArrayList<>();
      for (String id : ids) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("marketplaceId", id);
        s.put("productType", "PRODUCT");
        s.put("conditionType", "new_new");
        s.put(
            "status",
            FulfillmentAvailability.quantityOf(entry) > 0
                ? List.of("BUYABLE", "DISCOVERABLE")
                : List.of("DISCOVERABLE"));
        s.put("itemName", sku);
        // The emulator keeps no dates per listing: both are the time of the read.
        s.put("createdDate", now);
        s.put("lastUpdatedDate", now);
        summaries.add(s);
      }
      item.put("summaries", summaries);
    }
    if (included.contains("fulfillmentAvailability")) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("fulfillmentChannelCode", FulfillmentAvailability.DEFAULT_CHANNEL);
      f.put("quantity", FulfillmentAvailability.quantityOf(entry));
      item.put("fulfillmentAvailability", List.of(f));
    }
    return EmulatorResponse.json(200, item);
  }

  private static EmulatorResponse invalid(String details) {
    return AmazonEmulator.spApiError(
        400,
        "InvalidInput",
        "Request has missing or invalid parameters and cannot be parsed.",
        details);
  }
}
