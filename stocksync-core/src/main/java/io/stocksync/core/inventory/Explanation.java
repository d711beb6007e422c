package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.policy.SyncPolicy;
import java.time.Instant;
import java.util.List;

/**
 * Why a channel is sent what it is sent for one SKU (SPEC §11 explain): every step of SPEC §4 with
 * its figures and a sentence, then where the listing's push stands. Immutable.
 *
 * @param locations a plain SKU's locations as the channel sees them (empty for a bundle)
 * @param components a bundle's components, each with its own base (empty for a plain SKU)
 * @param base the stock base of §4
 * @param rules the channel's rules in §4's order, each with the figure before and after it
 * @param target the figure §4 gives; the listing's target
 * @param acknowledged the last figure the channel confirmed, or null
 * @param queued the target queued or in flight, or null when nothing is
 * @param sentence the whole in one sentence
 */
public record Explanation(
    String sku,
    String channel,
    String channelType,
    boolean channelEnabled,
    List<LocationStep> locations,
    List<ComponentStep> components,
    long base,
    String baseSentence,
    List<RuleStep> rules,
    long target,
    String targetSentence,
    SyncPolicy policy,
    long pending,
    Instant lastSyncedAt,
    String policySentence,
    Long acknowledged,
    Instant acknowledgedAt,
    Long queued,
    long version,
    ListingState state,
    String stateSentence,
    String sentence) {

  /**
   * One location of a plain SKU.
   *
   * @param drawn whether its stock feeds the channel (sellable, and among the channel's locations)
   * @param available onHand − reserved there
   */
  public record LocationStep(
      String code,
      boolean sellable,
      boolean drawn,
      long onHand,
      long reserved,
      long available,
      String sentence) {}

  /**
   * One component of a bundle: its own base on the channel and the bundles it allows.
   *
   * @param bundles floor(base / quantity)
   */
  public record ComponentStep(
      String sku,
      long quantity,
      List<LocationStep> locations,
      long base,
      long bundles,
      String sentence) {}

  /**
   * One rule of SPEC §4.
   *
   * @param name {@code zeroAtOrBelow}, {@code buffer}, {@code percent} or {@code max}
   * @param value the channel's setting; null for a {@code max} it does not have
   * @param applied false when an earlier step already decided (a base at or below zeroAtOrBelow)
   */
  public record RuleStep(
      String name, Long value, long before, long after, boolean applied, String sentence) {}
}
