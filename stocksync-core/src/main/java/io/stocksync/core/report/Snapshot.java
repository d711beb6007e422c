package io.stocksync.core.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The snapshot of SPEC §11: every SKU and location as StockSync held it at an instant, by the time
 * it recorded each ledger line, and what each channel had acknowledged by then.
 *
 * <p>A pure fold: the balance at an instant is the sum of the deltas of the lines recorded at or
 * before it (SPEC §6: a balance equals the sum of its ledger deltas). It reads its inputs once,
 * lazily, and holds one SKU at a time.
 */
public final class Snapshot {

  private Snapshot() {}

  /**
   * The snapshot's rows, one per SKU that had a ledger line or an acknowledgement at or before
   * {@code at}, in code-point order of the SKU codes.
   *
   * @param at the instant; lines and acknowledgements after it are skipped
   * @param sellable which location codes are sellable (for {@link SnapshotRow#available})
   * @param lines sorted by SKU then location (code-point order); any order within a location
   * @param acknowledgements sorted by SKU then channel (code-point order), oldest first within a
   *     listing
   * @throws IllegalArgumentException from the returned iterator, when an input is out of order
   */
  public static Iterator<SnapshotRow> rows(
      Instant at,
      Predicate<String> sellable,
      Iterator<LedgerLine> lines,
      Iterator<Acknowledgement> acknowledgements) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(sellable, "sellable");
    return new Rows(at, sellable, new Peeking<>(lines), new Peeking<>(acknowledgements));
  }

  private static final class Rows implements Iterator<SnapshotRow> {
    private final Instant at;
    private final Predicate<String> sellable;
    private final Peeking<LedgerLine> lines;
    private final Peeking<Acknowledgement> acks;
    private String lastSku;
    private SnapshotRow next;

    Rows(
        Instant at,
        Predicate<String> sellable,
        Peeking<LedgerLine> lines,
        Peeking<Acknowledgement> acks) {
      this.at = at;
      this.sellable = sellable;
      this.lines = lines;
      this.acks = acks;
    }

    @Override
    public boolean hasNext() {
      while (next == null && (lines.peek() != null || acks.peek() != null)) {
        next = nextSku();
      }
      return next != null;
    }

    @Override
    public SnapshotRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SnapshotRow row = next;
      next = null;
      return row;
    }

    /** Folds the next SKU of either input; null when nothing of it was recorded by {@code at}. */
    private SnapshotRow nextSku() {
      String sku = smaller(lines.peek() == null ? null : lines.peek().sku(), acks.peek());
      if (lastSku != null && Codes.compare(sku, lastSku) <= 0) {
        throw new IllegalArgumentException("the inputs are not sorted by SKU at '" + sku + "'");
      }
      lastSku = sku;
      List<LocationBalance> locations = new ArrayList<>();
      long onHand = 0;
      long reserved = 0;
      long available = 0;
      String lastLocation = null;
      while (lines.peek() != null && lines.peek().sku().equals(sku)) {
        String location = lines.peek().location();
        if (lastLocation != null && Codes.compare(location, lastLocation) <= 0) {
          throw new IllegalArgumentException(
              "the lines of '" + sku + "' are not sorted by location at '" + location + "'");
        }
        lastLocation = location;
        long h = 0;
        long r = 0;
        boolean seen = false;
        while (lines.peek() != null
            && lines.peek().sku().equals(sku)
            && lines.peek().location().equals(location)) {
          LedgerLine line = lines.take();
          if (!line.recordedAt().isAfter(at)) {
            h = Math.addExact(h, line.onHandDelta());
            r = Math.addExact(r, line.reservedDelta());
            seen = true;
          }
        }
        if (seen) {
          locations.add(new LocationBalance(location, h, r));
          onHand = Math.addExact(onHand, h);
          reserved = Math.addExact(reserved, r);
          if (sellable.test(location)) {
            available = Math.addExact(available, h - r);
          }
        }
      }
      List<Acknowledgement> listings = new ArrayList<>();
      String lastChannel = null;
      while (acks.peek() != null && acks.peek().sku().equals(sku)) {
        String channel = acks.peek().channel();
        if (lastChannel != null && Codes.compare(channel, lastChannel) <= 0) {
          throw new IllegalArgumentException(
              "the acknowledgements of '"
                  + sku
                  + "' are not sorted by channel at '"
                  + channel
                  + "'");
        }
        lastChannel = channel;
        Acknowledgement latest = null;
        while (acks.peek() != null
            && acks.peek().sku().equals(sku)
            && acks.peek().channel().equals(channel)) {
          Acknowledgement a = acks.take();
          if (!a.at().isAfter(at) && (latest == null || !a.at().isBefore(latest.at()))) {
            latest = a;
          }
        }
        if (latest != null) {
          listings.add(latest);
        }
      }
      if (locations.isEmpty() && listings.isEmpty()) {
        return null;
      }
      return new SnapshotRow(sku, locations, onHand, reserved, available, listings);
    }

    private static String smaller(String lineSku, Acknowledgement ack) {
      if (ack == null) {
        return lineSku;
      }
      if (lineSku == null) {
        return ack.sku();
      }
      return Codes.compare(lineSku, ack.sku()) <= 0 ? lineSku : ack.sku();
    }
  }
}
