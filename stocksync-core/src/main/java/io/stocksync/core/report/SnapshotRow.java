package io.stocksync.core.report;

import java.util.List;

/**
 * One SKU of a snapshot (SPEC §11): its balance at each location it had stock history at, its
 * totals, and, per listing, the figure its channel had acknowledged.
 *
 * @param locations by location code; a location appears once a ledger line of the SKU was recorded
 *     there, even when its figures are back at 0
 * @param onHand over every location
 * @param reserved over every location
 * @param available {@code onHand − reserved} over the sellable locations only (SPEC §1)
 * @param listings by channel id: the latest acknowledgement of each channel at the instant; a
 *     listing never acknowledged by then is absent
 */
public record SnapshotRow(
    String sku,
    List<LocationBalance> locations,
    long onHand,
    long reserved,
    long available,
    List<Acknowledgement> listings) {

  public SnapshotRow {
    locations = List.copyOf(locations);
    listings = List.copyOf(listings);
  }
}
