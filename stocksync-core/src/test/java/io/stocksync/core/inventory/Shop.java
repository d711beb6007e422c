package io.stocksync.core.inventory;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.WriteSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One account for example-based tests, driven through {@link AccountState} the way the engine
 * drives it: configuration, events in order, a fake clock the test moves, and a {@link Changes}
 * drained after each step so a test sees exactly what one step wrote.
 */
final class Shop {
  static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  /** The seed's figures with the staleness bound off, as the worked examples of SPEC §3 assume. */
  static final SyncPolicy SEED = new SyncPolicy(2000, 10, 100, 0);

  final Changes changes = new Changes();
  final AccountState account;
  private Instant now = START;
  private int nextEventId;

  private Shop(SyncPolicy policy) {
    account = AccountState.create("acct-1", "Test shop", policy, now, changes);
  }

  /** An empty account with {@code policy}. */
  static Shop empty(SyncPolicy policy) {
    return new Shop(policy);
  }

  /**
   * Location {@code WH1}, SKU {@code MUG}, channel {@code shop} with default rules drawing from
   * every sellable location, and the listing of {@code MUG} on it; drained.
   */
  static Shop standard(SyncPolicy policy) {
    Shop shop = new Shop(policy);
    shop.location("WH1", true).sku("MUG").channel("shop", ChannelRules.DEFAULT);
    shop.listing("shop", "MUG");
    shop.drain();
    return shop;
  }

  Shop location(String code, boolean sellable) {
    account.putLocation(code, code + " name", sellable, now, changes);
    return this;
  }

  Shop sku(String code) {
    account.putSku(code, code + " name", List.of(), now, changes);
    return this;
  }

  Shop bundle(String code, Component... components) {
    account.putSku(code, code + " name", Arrays.asList(components), now, changes);
    return this;
  }

  Shop channel(String id, ChannelRules rules, String... locations) {
    account.putChannel(channelRow(id, rules, true, locations), now, changes);
    return this;
  }

  static ChannelRow channelRow(
      String id, ChannelRules rules, boolean enabled, String... locations) {
    return new ChannelRow(
        "acct-1",
        id,
        "webhook",
        "http://127.0.0.1:1/webhook",
        "{}",
        "secret",
        List.of(locations),
        enabled,
        rules);
  }

  Shop listing(String channel, String sku) {
    account.putListing(channel, sku, channel + ":" + sku, "{}", now, changes);
    return this;
  }

  Instant now() {
    return now;
  }

  Shop advance(Duration d) {
    now = now.plus(d);
    return this;
  }

  EventResult event(EventType type, String sku, String location, long quantity) {
    return account.apply(
        new InventoryEvent("e-" + ++nextEventId, type, sku, location, quantity, null),
        now,
        changes);
  }

  /** An event on {@code MUG} at {@code WH1}. */
  EventResult event(EventType type, long quantity) {
    return event(type, "MUG", "WH1", quantity);
  }

  WriteSet drain() {
    return changes.drain();
  }

  /**
   * Drains, and has every channel confirm every push queued in the drained writes, as a connector
   * would once the marketplace answered; drains again. Afterwards the channels "show" the targets.
   */
  Shop settle() {
    for (PushRow p : drain().pushes()) {
      account.acknowledge(p.channelId(), p.sku(), p.version(), p.target(), now, changes);
    }
    drain();
    return this;
  }

  /** The target of the push queued for {@code sku} on {@code channel} in {@code writes}, if any. */
  static Optional<Long> pushed(WriteSet writes, String channel, String sku) {
    return writes.pushes().stream()
        .filter(p -> p.channelId().equals(channel) && p.sku().equals(sku))
        .map(PushRow::target)
        .findFirst();
  }

  SkuView view(String sku) {
    return account.view(sku);
  }

  SkuView.ListingView listingView(String sku, String channel) {
    return view(sku).listings().stream()
        .filter(l -> l.channel().equals(channel))
        .findFirst()
        .orElseThrow();
  }
}
