package io.stocksync.channels.check;

import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.core.port.Rows.ChannelRow;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The check of a {@code webhook} channel. Its shop has no marketplace API to ask about a secret or
 * a listing id: the secret is the shop's to check on each signed push, and a listing's {@code
 * externalId} is whatever the shop calls it. So the test says that there is nothing to check beyond
 * the offline checks; a channel with {@code settings.ordersUrl} gets one {@code GET} of it (the
 * order poll's read, one order at most), which must answer 2xx with an {@code orders} array.
 */
final class WebhookCheck implements ChannelCheck {
  private final String ordersUrl;
  private final ConnectorContext context;
  private final TokenBucketPacer share;

  WebhookCheck(ChannelRow channel, ChannelDescriptor.Configuration c, ConnectorContext context) {
    this.ordersUrl = c.text("ordersUrl");
    this.context = context;
    this.share = ChannelPacing.shared(channel, "test", () -> new TokenBucketPacer(1, 2));
  }

  @Override
  public void run(List<Listing> listings, Instant deadline, Consumer<Check> results) {
    results.accept(
        Check.ok(
            "credentials",
            "nothing to check beyond the offline checks: the shop checks the secret on each"
                + " signed push"));
    if (ordersUrl != null) {
      CheckCalls calls = new CheckCalls(context, deadline, share, null);
      String sep = URI.create(ordersUrl).getQuery() == null ? "?" : "&";
      CheckCalls.Answer a =
          calls.send(
              HttpRequest.newBuilder(URI.create(ordersUrl + sep + "limit=1"))
                  .header("Accept", "application/json")
                  .GET());
      if (a.ok() && a.json().path("orders").isArray()) {
        results.accept(Check.ok("settings.ordersUrl", "answered its orders"));
      } else if (a.ok()) {
        results.accept(Check.failed("settings.ordersUrl", "answered no \"orders\" array"));
      } else {
        results.accept(Check.failed("settings.ordersUrl", a.reason()));
      }
    }
    if (!listings.isEmpty()) {
      results.accept(
          Check.ok(
              "listings",
              "nothing to check beyond the offline checks: the shop has no API to ask about its"
                  + " ids ("
                  + listings.size()
                  + " listings)"));
    }
  }
}
