package io.stocksync.core.inventory;

import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LocationRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Read-only listings of an account's configuration that {@link AccountState} does not answer
 * itself: its locations, its channels and a channel's listings, each in pages ordered by code (the
 * same order as {@link SkuQuery#page}). Pure; called on the account's writer like the account state
 * itself (not thread-safe).
 */
public final class ConfigurationQuery {

  private ConfigurationQuery() {}

  /**
   * One page, in code order.
   *
   * @param next the last code of this page when more follow (the cursor of the next), else null
   */
  public record Page<T>(List<T> items, String next) {}

  /** One listing: its SKU, the channel's other ids for it (JSON, or null) and its state. */
  public record ListingEntry(String sku, String fieldsJson, SkuView.ListingView view) {}

  /** The locations whose code sorts after {@code after} (null: from the first). */
  public static Page<LocationRow> locations(
      AccountState a, Boolean sellable, String after, int limit) {
    List<LocationState> all = new ArrayList<>(a.locationStates());
    return page(
        all,
        l -> l.code,
        l -> sellable == null || l.sellable == sellable,
        l -> new LocationRow(a.id(), l.code, l.name, l.sellable),
        after,
        limit);
  }

  /** The channels (of {@code type}, and enabled or not, when given) after {@code after}. */
  public static Page<ChannelRow> channels(
      AccountState a, String type, Boolean enabled, String after, int limit) {
    List<ChannelState> all = new ArrayList<>(a.channelStates());
    return page(
        all,
        c -> c.id,
        c ->
            (type == null || c.row.type().equals(type))
                && (enabled == null || c.row.enabled() == enabled),
        c -> c.row,
        after,
        limit);
  }

  /** The listings of a channel, by SKU code; throws {@link NotFoundException} for no channel. */
  public static Page<ListingEntry> listings(
      AccountState a, String channel, String after, int limit) {
    ChannelState c = a.channelState(channel);
    return page(
        new ArrayList<>(c.listings), l -> l.sku.code, l -> true, l -> entry(a, l), after, limit);
  }

  /** How many listings a channel has, and how many are in each listing state. */
  public record ListingTally(int listings, java.util.SortedMap<String, Integer> states) {}

  /** The tally of a channel's listings; throws {@link NotFoundException} for no channel. */
  public static ListingTally tally(AccountState a, String channel) {
    ChannelState c = a.channelState(channel);
    java.util.SortedMap<String, Integer> states = new java.util.TreeMap<>();
    for (Listing l : c.listings) {
      states.merge(entry(a, l).view().state().name(), 1, Integer::sum);
    }
    return new ListingTally(c.listings.size(), states);
  }

  /** One listing; throws {@link NotFoundException} when the channel or the listing is unknown. */
  public static ListingEntry listing(AccountState a, String channel, String sku) {
    ChannelState c = a.channelState(channel);
    for (Listing l : c.listings) {
      if (l.sku.code.equals(sku)) {
        return entry(a, l);
      }
    }
    throw new NotFoundException("listing", channel + "/" + sku);
  }

  private static ListingEntry entry(AccountState a, Listing l) {
    for (SkuView.ListingView v : a.view(l.sku.code).listings()) {
      if (v.channel().equals(l.channel.id)) {
        return new ListingEntry(l.sku.code, l.fieldsJson, v);
      }
    }
    throw new IllegalStateException("a listing missing from its SKU's view");
  }

  private static <S, T> Page<T> page(
      List<S> all,
      Function<S, String> code,
      Predicate<S> keep,
      Function<S, T> show,
      String after,
      int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    List<S> kept = new ArrayList<>();
    for (S s : all) {
      if (keep.test(s) && (after == null || code.apply(s).compareTo(after) > 0)) {
        kept.add(s);
      }
    }
    kept.sort(Comparator.comparing(code));
    List<T> items = new ArrayList<>(Math.min(limit, kept.size()));
    for (int i = 0; i < kept.size() && i < limit; i++) {
      items.add(show.apply(kept.get(i)));
    }
    String next = kept.size() > limit ? code.apply(kept.get(limit - 1)) : null;
    return new Page<>(items, next);
  }
}
