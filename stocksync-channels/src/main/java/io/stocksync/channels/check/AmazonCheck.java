package io.stocksync.channels.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.channels.amazon.LwaTokens;
import io.stocksync.core.port.Rows.ChannelRow;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon's check: the Login with Amazon exchange of the refresh token (the client id, secret and
 * refresh token), then Listings Items {@code getListingsItem} with {@code includedData=summaries}
 * for each listing's seller SKU under {@code settings.sellerId} in {@code settings.marketplaceId}.
 * A 400 naming the marketplace fails {@code marketplaceId}; a 403 with a token LWA just issued
 * fails {@code sellerId} (the authorization does not cover that seller); a 404 fails the listing.
 *
 * <p>{@code getListingsItem} has a usage plan of its own (5 a second, burst 10, in {@code
 * listingsItems_2021-08-01.json}), apart from the pushes' {@code patchListingsItem} and feeds: the
 * test takes half of it ({@link #SHARE_RATE}), leaving the rest to read-back.
 */
final class AmazonCheck implements ChannelCheck {
  /** Half of getListingsItem's default rate of 5 a second. */
  static final double SHARE_RATE = 2.5;

  /** Seller SKUs between progress lines in the log. */
  static final int PROGRESS = 100;

  private static final Logger log = LoggerFactory.getLogger(AmazonCheck.class);

  private final ChannelRow channel;
  private final String root;
  private final String sellerId;
  private final String marketplaceId;
  private final LwaTokens tokens;
  private final ConnectorContext context;
  private final TokenBucketPacer share;

  AmazonCheck(ChannelRow channel, ChannelDescriptor.Configuration c, ConnectorContext context) {
    this.channel = channel;
    this.root = c.baseUrl();
    this.sellerId = c.text("sellerId");
    this.marketplaceId = c.text("marketplaceId");
    // A token of the test's own: a wrong secret is found by this exchange, not by a cached token.
    this.tokens =
        new LwaTokens(
            URI.create(c.text("tokenUrl")),
            c.credential("clientId"),
            c.credential("clientSecret"),
            c.credential("refreshToken"),
            context);
    this.context = context;
    this.share = ChannelPacing.shared(channel, "test", () -> new TokenBucketPacer(SHARE_RATE, 5));
  }

  @Override
  public void run(List<Listing> listings, Instant deadline, Consumer<Check> results) {
    String token;
    try {
      token = tokens.token().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      results.accept(Check.failed("credentials", String.valueOf(cause.getMessage())));
      ShopifyCheck.notChecked(listings, results, "no access token");
      return;
    }
    results.accept(Check.ok("credentials", "Login with Amazon issued an access token"));
    CheckCalls calls = new CheckCalls(context, deadline, share, null);
    int found = 0;
    int missing = 0;
    for (int i = 0; i < listings.size(); i++) {
      Listing l = listings.get(i);
      CheckCalls.Answer a =
          calls.send(
              HttpRequest.newBuilder(uri(l.externalId()))
                  .header("Accept", "application/json")
                  .header("x-amz-access-token", token)
                  .GET());
      String reason = reason(a);
      if (a.status() == 400 && reason.toLowerCase(java.util.Locale.ROOT).contains("marketplace")) {
        results.accept(Check.failed("settings.marketplaceId", "Amazon refused it: " + reason));
        ShopifyCheck.notChecked(
            listings.subList(i, listings.size()), results, "the marketplace id was refused");
        return;
      }
      if (a.status() == 403) {
        results.accept(
            Check.failed(
                "settings.sellerId",
                "Amazon denied access with a fresh token (the authorization does not cover seller "
                    + sellerId
                    + "): "
                    + reason));
        ShopifyCheck.notChecked(listings.subList(i, listings.size()), results, "access was denied");
        return;
      }
      String name = Check.listing(l);
      if (a.ok()) {
        found++;
        results.accept(Check.ok(name, "seller SKU " + l.externalId() + summary(a.json())));
      } else if (a.status() == 404) {
        missing++;
        results.accept(
            Check.failed(
                name, "Amazon has no listing with seller SKU " + l.externalId() + ": " + reason));
      } else {
        results.accept(Check.failed(name, reason));
      }
      if ((i + 1) % PROGRESS == 0) {
        log.info(
            "channel {} test: {} of {} listings checked", channel.id(), i + 1, listings.size());
      }
    }
    results.accept(Check.ok("settings.marketplaceId", "accepted by getListingsItem"));
    if (found == 0 && missing > 0) {
      results.accept(
          Check.failed(
              "settings.sellerId",
              "none of the " + missing + " seller SKUs was found under seller " + sellerId));
    } else if (found > 0) {
      results.accept(Check.ok("settings.sellerId", found + " listings found under this seller"));
    } else {
      results.accept(
          Check.ok(
              "settings.sellerId",
              "not checked alone: Amazon checks the seller id with each listing read, and the"
                  + " channel has none"));
    }
  }

  private URI uri(String sku) {
    return URI.create(
        root
            + "/listings/2021-08-01/items/"
            + segment(sellerId)
            + "/"
            + segment(sku)
            + "?marketplaceIds="
            + segment(marketplaceId)
            + "&includedData=summaries");
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String reason(CheckCalls.Answer a) {
    JsonNode first = a.json().path("errors").path(0);
    if (first.isObject()) {
      String details = first.path("details").asText("");
      return first.path("code").asText()
          + ": "
          + first.path("message").asText()
          + (details.isEmpty() ? "" : " " + details);
    }
    return a.reason();
  }

  private String summary(JsonNode item) {
    for (JsonNode s : item.path("summaries")) {
      if (marketplaceId.equals(s.path("marketplaceId").asText())) {
        StringBuilder b = new StringBuilder();
        if (s.path("asin").isTextual()) {
          b.append(", ASIN ").append(s.path("asin").asText());
        }
        b.append(", status ")
            .append(s.path("status").isArray() ? s.path("status").toString() : "[]");
        return b.toString();
      }
    }
    return " (no summary in this marketplace)";
  }
}
