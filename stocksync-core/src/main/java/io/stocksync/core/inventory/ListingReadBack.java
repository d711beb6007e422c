package io.stocksync.core.inventory;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertSubject;
import io.stocksync.core.order.OrderLineState;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.core.readback.DriftCheck;
import io.stocksync.core.readback.DriftCheck.Outcome;
import io.stocksync.core.readback.DriftCheck.Sale;
import io.stocksync.core.readback.DriftCheck.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Read-back on the account's writer (SPEC §12): the figures a channel's marketplace holds, compared
 * with what its listings last acknowledged less the channel's sales since ({@link DriftCheck}), and
 * what follows from a difference the order feed cannot explain: {@code DRIFT} opens with both
 * figures and, where the channel repairs, the held figure becomes the listing's acknowledged one,
 * so that the current target is queued as any push (a decrease goes at once; an increase obeys no
 * inflation, {@link InflationGuard}). {@code DRIFT} resolves when a read finds the listing in sync,
 * or when the marketplace acknowledges a push to it (it then shows that figure).
 *
 * <p>A listing with a push in flight is not compared: the push may have landed already, so what it
 * holds is unknown until the marketplace answers. A push queued but not sent leaves the comparison
 * as it is. Confined to the account's writer, like {@link AccountState}; records what it changes in
 * the {@link Changes} passed in.
 */
public final class ListingReadBack {
  private ListingReadBack() {}

  /**
   * A figure read for a listing.
   *
   * @param externalId the listing's id the figure was read at (a listing moved since is not
   *     compared)
   * @param held the figure read; null when it could not be read
   */
  public record Read(String sku, String externalId, Long held) {}

  /**
   * What a comparison found for one listing.
   *
   * @param verdict the comparison; {@code UNKNOWN} also for a listing with a push on its way, one
   *     gone or moved, or one not read
   * @param why for {@code UNKNOWN}, why; null otherwise
   * @param repaired whether a push of the current target was queued to repair a drift
   */
  public record Checked(String sku, Verdict verdict, String why, boolean repaired) {
    public Outcome outcome() {
      return verdict.outcome();
    }
  }

  /**
   * Compares each read figure with its listing. A listing found in sync has its {@code DRIFT}
   * resolved; nothing else changes (a difference is checked again after the order feed was polled,
   * with {@link #settle}). Unknown channels throw {@link NotFoundException}.
   */
  public static List<Checked> compare(
      AccountState account, String channelId, List<Read> reads, Instant now, Changes out) {
    return check(account, channelId, reads, false, false, now, out);
  }

  /**
   * Compares again after the order feed was polled, and acts: in sync resolves {@code DRIFT}; a
   * difference still there opens {@code DRIFT} with both figures and, with {@code repair}, makes
   * the held figure the listing's acknowledged one, which queues a push of its current target.
   */
  public static List<Checked> settle(
      AccountState account,
      String channelId,
      List<Read> reads,
      boolean repair,
      Instant now,
      Changes out) {
    return check(account, channelId, reads, true, repair, now, out);
  }

  private static List<Checked> check(
      AccountState account,
      String channelId,
      List<Read> reads,
      boolean settle,
      boolean repair,
      Instant now,
      Changes out) {
    ChannelState channel = account.channelState(channelId);
    Map<String, Listing> bySku = new HashMap<>();
    for (Listing l : channel.listings) {
      bySku.put(l.sku.code, l);
    }
    Map<Listing, List<Sale>> sales = sales(account, channelId, bySku);
    List<Checked> checked = new ArrayList<>(reads.size());
    for (Read r : reads) {
      Listing l = bySku.get(r.sku());
      if (l == null || !Objects.equals(l.externalId, r.externalId())) {
        checked.add(unknown(r, "the listing is gone or moved since it was read"));
        continue;
      }
      if (l.mayLandAnother()) {
        checked.add(unknown(r, "a push to the listing is in flight"));
        continue;
      }
      if (!channel.enabled()) {
        checked.add(unknown(r, "the channel is disabled"));
        continue;
      }
      Verdict v =
          DriftCheck.compare(
              l.acknowledged,
              Changes.instant(l.acknowledgedAt),
              r.held(),
              sales.getOrDefault(l, List.of()));
      AlertSubject subject = AlertSubject.ofListing(AlertKind.DRIFT, channelId, l.sku.code);
      boolean repaired = false;
      if (v.outcome() == Outcome.IN_SYNC) {
        account.alerts().book.resolve(subject, now, out::alert);
      } else if (v.drift() && settle) {
        if (repair) {
          repaired = repair(account, l, r.held(), now, out);
        }
        // Opened after the acknowledgement above, which resolves a listing's DRIFT.
        account.alerts().book.open(subject, v.sentence(channelId, l.sku.code), now, out::alert);
      }
      String why =
          v.outcome() != Outcome.UNKNOWN
              ? null
              : v.acknowledged() == null
                  ? "nothing acknowledged yet to compare with"
                  : "the figure could not be read";
      checked.add(new Checked(r.sku(), v, why, repaired));
    }
    return checked;
  }

  /**
   * The marketplace holds {@code held}: as far as pushes go, that is now what it acknowledged, so
   * the listing's current target is pushed against it, as any push (a decrease at once, an increase
   * under no inflation). With nothing queued, that is an acknowledgement of {@code held}, which
   * queues the target; with a push queued (not in flight), that push stays and is judged against
   * {@code held}.
   */
  private static boolean repair(
      AccountState account, Listing l, long held, Instant now, Changes out) {
    if (l.queuedTarget == null) {
      account.acknowledge(l.channel.id, l.sku.code, l.version, held, now, out);
    } else {
      l.acknowledged = held;
      l.acknowledgedAt = now.toEpochMilli();
      l.staleAt = SkuState.NO_TIME;
      out.listingChanged(l);
    }
    return l.queuedTarget != null;
  }

  private static Checked unknown(Read r, String why) {
    return new Checked(
        r.sku(), new Verdict(Outcome.UNKNOWN, null, null, 0, null, r.held()), why, false);
  }

  /** The channel's order lines per listing: matched to its SKU, or unmatched with its id. */
  private static Map<Listing, List<Sale>> sales(
      AccountState account, String channelId, Map<String, Listing> bySku) {
    Map<String, Listing> byExternalId = new HashMap<>();
    for (Listing l : bySku.values()) {
      byExternalId.put(l.externalId, l);
    }
    Map<Listing, List<Sale>> sales = new HashMap<>();
    for (OrderLineRow line : account.orders().channelLines(channelId)) {
      Listing l = line.sku() != null ? bySku.get(line.sku()) : byExternalId.get(line.externalId());
      if (l == null || line.firstSeenAt() == null) {
        continue;
      }
      sales
          .computeIfAbsent(l, k -> new ArrayList<>())
          .add(
              new Sale(
                  line.quantity(), line.firstSeenAt(), line.state() == OrderLineState.CANCELLED));
    }
    return sales;
  }
}
