package io.stocksync.channels.shopify;

import io.stocksync.channels.ConnectorContext;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A Shopify emulator on loopback with a clock the test moves, and a connector pointed at it. */
final class ShopifyFixture implements AutoCloseable {

  static final String LOCATION = "gid://shopify/Location/1";

  /** A clock that stands still until moved. Thread-safe. */
  static final class StillClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-27T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final StillClock clock = new StillClock();
  final ShopifyEmulator shopify = new ShopifyEmulator(ShopifyEmulator.Options.defaults(), clock);
  final EmulatorServer server = EmulatorServer.builder().clock(clock).add(shopify).start();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ShopifyConnector connector(Duration timeout) {
    ChannelRow row =
        new ChannelRow(
            "acct",
            "shop",
            ShopifyConnector.TYPE,
            server.baseUrl("shopify"),
            "{\"locationId\":\"" + LOCATION + "\"}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);
    return ShopifyConnector.create(
        row,
        Map.of("accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN),
        new ConnectorContext(http, clock, timeout, () -> 0.5));
  }

  static String item(int n) {
    return "gid://shopify/InventoryItem/" + n;
  }

  static String key(int n) {
    return item(n) + "@" + LOCATION;
  }

  /** A push of {@code target} to item n, where Shopify last acknowledged {@code acked}. */
  static PendingPush push(int n, long target, Long acked, long version) {
    return new PendingPush(
        "acct",
        "shop",
        "SKU-" + n,
        item(n),
        "{}",
        target,
        version,
        Urgency.of(target, acked),
        acked,
        Instant.parse("2026-11-27T10:00:00Z"),
        ListingState.QUEUED);
  }

  @Override
  public void close() {
    server.close();
  }
}
