package io.stocksync.core.inventory;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.inventory.Explanation.ComponentStep;
import io.stocksync.core.inventory.Explanation.LocationStep;
import io.stocksync.core.inventory.Explanation.RuleStep;
import io.stocksync.core.policy.SyncPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link Explanation} from an account's live state, step by step as SPEC §4 computes the
 * target; the last step is the same {@link ChannelRules#target} that the sync uses, and the
 * explanation refuses to exist if its own steps arrive elsewhere (a bug, not an answer).
 *
 * <p>Runs on the account's writer (it reads live state), like {@link AccountState}.
 */
public final class Explain {

  private Explain() {}

  /**
   * The explanation of the listing of {@code sku} on {@code channelId}.
   *
   * @throws NotFoundException when the SKU, the channel or the listing is unknown
   */
  public static Explanation of(AccountState account, String sku, String channelId) {
    SkuState s = account.skuState(sku);
    ChannelState c = account.channelState(channelId);
    Listing l = null;
    if (s.listings != null) {
      for (Listing candidate : s.listings) {
        if (candidate.channel == c) {
          l = candidate;
        }
      }
    }
    if (l == null) {
      throw new NotFoundException("listing", channelId + "/" + sku);
    }

    List<LocationStep> locations = List.of();
    List<ComponentStep> components = new ArrayList<>();
    long base;
    String baseSentence;
    if (s.isBundle()) {
      base = Long.MAX_VALUE;
      StringBuilder why = new StringBuilder();
      for (int i = 0; i < s.componentStates.length; i++) {
        SkuState part = s.componentStates[i];
        long quantity = s.components[i].quantity();
        List<LocationStep> partLocations = locations(part, c);
        long partBase = sum(partLocations);
        long bundles = Math.floorDiv(partBase, quantity);
        components.add(
            new ComponentStep(
                part.code,
                quantity,
                partLocations,
                partBase,
                bundles,
                part.code
                    + ": base "
                    + partBase
                    + ", "
                    + quantity
                    + " per bundle, so "
                    + bundles
                    + " bundle(s)"));
        base = Math.min(base, bundles);
        why.append(i == 0 ? "" : ", ").append(part.code).append(" allows ").append(bundles);
      }
      if (components.isEmpty()) {
        base = 0;
      }
      baseSentence =
          "base " + base + ": the fewest whole bundles any component allows (" + why + ")";
    } else {
      locations = locations(s, c);
      base = sum(locations);
      List<String> drawn = new ArrayList<>();
      for (LocationStep step : locations) {
        if (step.drawn()) {
          drawn.add(
              step.onHand() + " on hand at " + step.code() + ", " + step.reserved() + " reserved");
        }
      }
      baseSentence =
          "base "
              + base
              + (drawn.isEmpty()
                  ? ": no stock at any location this channel draws from"
                  : ": " + String.join("; ", drawn));
    }

    ChannelRules rules = c.rules();
    List<RuleStep> steps = new ArrayList<>();
    long figure = base;
    boolean zero = base <= rules.zeroAtOrBelow();
    steps.add(
        new RuleStep(
            "zeroAtOrBelow",
            rules.zeroAtOrBelow(),
            base,
            zero ? 0 : base,
            true,
            zero
                ? "base " + base + " is at or below zeroAtOrBelow " + rules.zeroAtOrBelow() + ": 0"
                : "base " + base + " is above zeroAtOrBelow " + rules.zeroAtOrBelow()));
    if (zero) {
      figure = 0;
    }
    long afterBuffer = Math.max(0, figure - rules.buffer());
    steps.add(
        new RuleStep(
            "buffer",
            rules.buffer(),
            figure,
            zero ? 0 : afterBuffer,
            !zero,
            zero
                ? "not applied"
                : "less a buffer of " + rules.buffer() + " (never below 0): " + afterBuffer));
    if (!zero) {
      figure = afterBuffer;
    }
    // floor(a × p / 100) without overflow, as ChannelRules computes it
    long offered = figure / 100 * rules.percent() + figure % 100 * rules.percent() / 100;
    steps.add(
        new RuleStep(
            "percent",
            (long) rules.percent(),
            figure,
            zero ? 0 : offered,
            !zero,
            zero
                ? "not applied"
                : rules.percent() + "% of " + figure + ", rounded down: " + offered));
    if (!zero) {
      figure = offered;
    }
    Long max = rules.max();
    long capped = max == null ? figure : Math.min(max, figure);
    steps.add(
        new RuleStep(
            "max",
            max,
            figure,
            zero ? 0 : capped,
            !zero && max != null,
            zero ? "not applied" : max == null ? "no cap" : "capped at " + max + ": " + capped));
    if (!zero) {
      figure = capped;
    }
    long target = rules.target(base);
    if (figure != target) {
      throw new IllegalStateException(
          "explain of " + sku + " on " + channelId + " reached " + figure + ", the sync " + target);
    }
    String targetSentence = "target " + target;

    SyncPolicy policy = account.policy().with(s.override);
    String policySentence =
        s.pending == 0
            ? "nothing pending: the channel was last synced "
                + (s.lastSyncedAt == SkuState.NO_TIME ? "never" : Changes.instant(s.lastSyncedAt))
            : s.pending
                + " transaction(s) pending under threshold "
                + policy.threshold()
                + ", batch size "
                + policy.batchSize()
                + ": the channel shows the last synced figure until the policy syncs";

    ListingState state = ListingTargets.shownState(l);
    Long queued = l.queuedTarget;
    String stateSentence =
        switch (state) {
          case DISABLED -> "the channel is disabled: nothing is sent";
          case FAILED -> "the last push failed after its retries; it goes again at the next sync";
          case QUEUED -> queued + " is queued";
          case IN_FLIGHT -> queued + " is on its way";
          case WAITING -> "the sync policy holds pending transactions";
          case HELD -> "an increase waits for the order feed";
          case IN_SYNC -> "in sync";
        };
    String ack =
        l.acknowledged == null
            ? "nothing acknowledged yet"
            : "acknowledged " + l.acknowledged + " at " + Changes.instant(l.acknowledgedAt);
    String ruleWords = describeRules(rules);
    String sentence =
        "Channel "
            + c.id
            + " ("
            + c.row.type()
            + ") is sent "
            + target
            + " for "
            + s.code
            + ": "
            + baseSentence
            + "; "
            + ruleWords
            + "; "
            + ack
            + "; "
            + stateSentence
            + ".";
    return new Explanation(
        s.code,
        c.id,
        c.row.type(),
        c.enabled(),
        locations,
        components,
        base,
        baseSentence,
        steps,
        target,
        targetSentence,
        policy,
        s.pending,
        Changes.instant(s.lastSyncedAt),
        policySentence,
        l.acknowledged,
        Changes.instant(l.acknowledgedAt),
        queued,
        l.version,
        state,
        stateSentence,
        sentence);
  }

  private static String describeRules(ChannelRules r) {
    List<String> words = new ArrayList<>();
    if (r.zeroAtOrBelow() > 0) {
      words.add("0 at or below " + r.zeroAtOrBelow());
    }
    if (r.buffer() > 0) {
      words.add("buffer " + r.buffer());
    }
    if (r.percent() != 100) {
      words.add(r.percent() + "%");
    }
    if (r.max() != null) {
      words.add("max " + r.max());
    }
    return words.isEmpty() ? "no rules" : "rules " + String.join(", ", words);
  }

  /** The SKU's locations, and the channel's own locations it has no stock row at. */
  private static List<LocationStep> locations(SkuState s, ChannelState c) {
    List<LocationStep> out = new ArrayList<>();
    for (int i = 0; i < s.locations.length; i++) {
      out.add(step(s.locations[i], c, s.onHand[i], s.reserved[i]));
    }
    if (c.draws != null) {
      for (LocationState l : c.draws) {
        if (s.indexOf(l) < 0) {
          out.add(step(l, c, 0, 0));
        }
      }
    }
    return out;
  }

  private static LocationStep step(LocationState l, ChannelState c, long onHand, long reserved) {
    boolean drawn = c.drawsFrom(l);
    long available = onHand - reserved;
    String why =
        !l.sellable
            ? "not sellable: never feeds a channel"
            : drawn ? "feeds this channel" : "not among this channel's locations";
    return new LocationStep(
        l.code,
        l.sellable,
        drawn,
        onHand,
        reserved,
        available,
        l.code
            + ": "
            + onHand
            + " on hand, "
            + reserved
            + " reserved, "
            + available
            + " available; "
            + why);
  }

  private static long sum(List<LocationStep> steps) {
    long sum = 0;
    for (LocationStep step : steps) {
      if (step.drawn()) {
        sum = SkuState.saturatedAdd(sum, step.available());
      }
    }
    return sum;
  }
}
