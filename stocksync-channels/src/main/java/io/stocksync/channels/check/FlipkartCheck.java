package io.stocksync.channels.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.channels.flipkart.FlipkartConnector;
import io.stocksync.channels.flipkart.FlipkartTokens;
import io.stocksync.core.port.Rows.ChannelRow;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flipkart's check: the client-credentials token of {@code appId} and {@code appSecret}, then the
 * listings v3 read ({@code GET /sellers/listings/v3/{sku,…}}, {@link #BATCH} seller SKUs a call)
 * for each listing: found, at {@code settings.locationId}, and with the listing's {@code productId}
 * where Flipkart shows one. Flipkart counts one quota for the seller API: each call takes a token
 * from the channel's shared bucket (the pushes' one) and from the test's own share.
 */
final class FlipkartCheck implements ChannelCheck {
  /** Seller SKUs a read asks for, as many as an inventory update takes. */
  static final int BATCH = 10;

  private static final Logger log = LoggerFactory.getLogger(FlipkartCheck.class);

  private final ChannelRow channel;
  private final String root;
  private final String locationId;
  private final FlipkartTokens tokens;
  private final ConnectorContext context;
  private final TokenBucketPacer share;
  private final TokenBucketPacer shared;

  FlipkartCheck(ChannelRow channel, ChannelDescriptor.Configuration c, ConnectorContext context) {
    this.channel = channel;
    this.root = c.baseUrl();
    this.locationId = c.text("locationId");
    this.tokens =
        new FlipkartTokens(root, c.credential("appId"), c.credential("appSecret"), context);
    this.context = context;
    // A fifth of the assumed seller-API rate for the test, bursts of three.
    TokenBucketPacer pushes = ChannelPacing.shared(channel, FlipkartConnector.PACING, c::pacer);
    this.shared = pushes;
    this.share = ChannelPacing.shared(channel, "test", () -> new TokenBucketPacer(0.4, 3));
  }

  @Override
  public void run(List<Listing> listings, Instant deadline, Consumer<Check> results) {
    FlipkartTokens.Grant grant = tokens.token().join();
    if (grant.token() == null) {
      results.accept(Check.failed("credentials", detail(grant.failure())));
      ShopifyCheck.notChecked(listings, results, "no access token");
      return;
    }
    results.accept(Check.ok("credentials", "Flipkart issued an access token"));
    CheckCalls calls = new CheckCalls(context, deadline, share, shared);
    int atLocation = 0;
    int elsewhere = 0;
    for (int from = 0; from < listings.size(); from += BATCH) {
      List<Listing> batch = listings.subList(from, Math.min(listings.size(), from + BATCH));
      String skus =
          batch.stream()
              .map(
                  l ->
                      URLEncoder.encode(l.externalId(), StandardCharsets.UTF_8).replace("+", "%20"))
              .collect(Collectors.joining(","));
      CheckCalls.Answer a =
          calls.send(
              HttpRequest.newBuilder(URI.create(root + "/sellers/listings/v3/" + skus))
                  .header("Accept", "application/json")
                  .header("Authorization", "Bearer " + grant.token().value())
                  .GET());
      if (a.status() == 401 && from == 0) {
        results.accept(Check.failed("credentials", "the token was refused: " + a.reason()));
        return;
      }
      JsonNode available = a.json().path("available");
      for (Listing l : batch) {
        String name = Check.listing(l);
        if (!a.ok()) {
          results.accept(Check.failed(name, a.reason()));
          continue;
        }
        JsonNode item = available.path(l.externalId());
        if (!item.isObject()) {
          results.accept(
              Check.failed(name, "Flipkart has no listing with seller SKU " + l.externalId()));
          continue;
        }
        String productId =
            CheckCalls.tree(l.fieldsJson()).path(FlipkartConnector.PRODUCT_ID_FIELD).asText("");
        if (item.path("product_id").isTextual()
            && !item.path("product_id").asText().equals(productId)) {
          results.accept(
              Check.failed(
                  name,
                  "Flipkart lists seller SKU "
                      + l.externalId()
                      + " as product "
                      + item.path("product_id").asText()
                      + ", not "
                      + productId));
          continue;
        }
        boolean here = false;
        for (JsonNode loc : item.path("locations")) {
          here |= locationId.equals(loc.path("id").asText());
        }
        if (here) {
          atLocation++;
          results.accept(
              Check.ok(name, "seller SKU " + l.externalId() + " listed at the location"));
        } else {
          elsewhere++;
          results.accept(
              Check.failed(
                  name, "seller SKU " + l.externalId() + " is not listed at " + locationId));
        }
      }
      if (listings.size() > BATCH * 10 && (from / BATCH) % 10 == 9) {
        log.info(
            "channel {} test: {} of {} listings checked",
            channel.id(),
            from + batch.size(),
            listings.size());
      }
    }
    results.accept(
        atLocation > 0
            ? Check.ok("settings.locationId", atLocation + " listings found at this location")
            : elsewhere > 0
                ? Check.failed(
                    "settings.locationId",
                    "none of the " + elsewhere + " listings found is at this location")
                : Check.ok(
                    "settings.locationId",
                    "not checked alone: Flipkart shows a location only with the listings at it"));
  }

  private static String detail(CallOutcome failure) {
    if (failure instanceof CallOutcome.Refused r) {
      return r.detail();
    }
    if (failure instanceof CallOutcome.Unavailable u) {
      return u.detail();
    }
    if (failure instanceof CallOutcome.Throttled t) {
      return t.detail();
    }
    return String.valueOf(failure);
  }
}
