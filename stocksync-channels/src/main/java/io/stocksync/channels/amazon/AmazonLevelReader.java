package io.stocksync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.readback.LevelReader;
import io.stocksync.channels.readback.ReadAnswers;
import io.stocksync.channels.readback.ReadShare;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads back an Amazon seller's seller-fulfilled quantities (SPEC §12): Listings Items API
 * 2021-08-01 {@code getListingsItem} with {@code includedData=fulfillmentAvailability}, one listing
 * a call (the API reads one SKU), the {@code quantity} of the {@code DEFAULT} fulfillment channel
 * (the one StockSync pushes).
 *
 * <p><b>Share.</b> getListingsItem's usage plan is 5 requests a second with a burst of 10 (the
 * operation's description in the official model, {@code listingsItems_2021-08-01.json}); the reader
 * takes a tenth, 0.5 a second with a burst of 1, and follows the {@code x-amzn-RateLimit-Limit} an
 * answer says was applied. The plan is the operation's own, apart from patchListingsItem's and the
 * Feeds API's, so reads never take a push's request. A 429 is {@link
 * io.stocksync.channels.readback.ReadBackPaced}.
 *
 * <p>Thread-safe; called one read at a time per channel. Its Login with Amazon token is its own,
 * kept for the reader's life (one per channel configuration).
 */
public final class AmazonLevelReader implements LevelReader {

  /** getListingsItem's usage plan: "Rate (requests per second) 5, Burst 10" (the model). */
  static final double GET_LISTINGS_ITEM_RATE = 5;

  static final double GET_LISTINGS_ITEM_BURST = 10;

  /** The fulfillment channel of seller-fulfilled stock, the one pushed. */
  static final String DEFAULT_CHANNEL = "DEFAULT";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String sellerId;
  private final String marketplaceId;
  private final SpApi spApi;
  private final ConnectorContext context;
  private final ReadShare share =
      ReadShare.tenthOf("Amazon getListingsItem", GET_LISTINGS_ITEM_RATE, GET_LISTINGS_ITEM_BURST);
  private volatile double appliedRate = GET_LISTINGS_ITEM_RATE;

  AmazonLevelReader(
      String base, String sellerId, String marketplaceId, SpApi spApi, ConnectorContext context) {
    this.base = base;
    this.sellerId = sellerId;
    this.marketplaceId = marketplaceId;
    this.spApi = spApi;
    this.context = context;
  }

  /**
   * The reader of an {@code amazon} channel, configured as its connector is ({@code baseUrl},
   * {@code sellerId}, {@code marketplaceId}, {@code tokenUrl}, the LWA credentials).
   *
   * @throws IllegalArgumentException naming the first field that does not do
   */
  public static AmazonLevelReader create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration c = AmazonConnector.DESCRIPTOR.configure(channel, credentials);
    LwaTokens tokens =
        new LwaTokens(
            URI.create(c.text("tokenUrl")),
            c.credential("clientId"),
            c.credential("clientSecret"),
            c.credential("refreshToken"),
            context);
    return new AmazonLevelReader(
        c.baseUrl(),
        c.text("sellerId"),
        c.text("marketplaceId"),
        new SpApi(tokens, context),
        context);
  }

  /** 1: getListingsItem reads one SKU. */
  @Override
  public int batchSize() {
    return 1;
  }

  /** The reader's share of getListingsItem's plan (tests and diagnostics). */
  ReadShare share() {
    return share;
  }

  @Override
  public List<Level> read(List<Wanted> listings, Instant now) {
    if (listings.size() > 1) {
      throw new IllegalArgumentException("one listing a read, not " + listings.size());
    }
    if (listings.isEmpty()) {
      return List.of();
    }
    Wanted w = listings.get(0);
    FieldError problem = AmazonConnector.DESCRIPTOR.listingProblem(w.externalId(), w.fieldsJson());
    if (problem != null) {
      return List.of(Level.unknown(w, now, "listing " + problem.field() + " " + problem.message()));
    }
    share.take(now);
    URI uri =
        URI.create(
            base
                + "/listings/2021-08-01/items/"
                + AmazonConnector.pathSegment(sellerId)
                + "/"
                + AmazonConnector.pathSegment(w.externalId())
                + "?marketplaceIds="
                + AmazonConnector.pathSegment(marketplaceId)
                + "&includedData=fulfillmentAvailability");
    CompletableFuture<HttpResponse<String>> sent =
        spApi.send(b -> b.uri(uri).header("Accept", "application/json").GET().build());
    HttpResponse<String> response = ReadAnswers.await("Amazon", sent.exceptionally(this::lwa));
    Instant at = context.clock().instant();
    observeRateLimit(response, at);
    if (response.statusCode() == 404) {
      return List.of(Level.unknown(w, at, "Amazon: " + ListingsDocuments.error(response.body())));
    }
    RuntimeException failure =
        ReadAnswers.failure(
            "Amazon",
            response,
            ListingsDocuments.error(response.body()),
            at,
            Duration.ofNanos((long) Math.ceil(1e9 / share.rate())));
    if (failure != null) {
      throw failure;
    }
    return List.of(level(w, parse(response.body()), at));
  }

  private Level level(Wanted w, JsonNode item, Instant at) {
    JsonNode entries = item.path("fulfillmentAvailability");
    if (!entries.isArray()) {
      return Level.unknown(w, at, "Amazon's answer has no fulfillmentAvailability");
    }
    for (JsonNode entry : entries) {
      if (DEFAULT_CHANNEL.equals(entry.path("fulfillmentChannelCode").asText())) {
        JsonNode quantity = entry.path("quantity");
        return quantity.isIntegralNumber()
            ? Level.read(w, quantity.asLong(), at)
            : Level.unknown(w, at, "Amazon shows no quantity for the DEFAULT fulfillment channel");
      }
    }
    return Level.unknown(
        w,
        at,
        "Amazon shows no seller-fulfilled (DEFAULT) availability for "
            + w.externalId()
            + " (fulfilled by Amazon?)");
  }

  /** A failed Login with Amazon exchange: refused credentials, or no answer. */
  private HttpResponse<String> lwa(Throwable error) {
    CallOutcome outcome = LwaTokens.outcomeOf(error);
    if (outcome instanceof CallOutcome.Refused r) {
      throw new IllegalStateException(r.detail() + " (the channel's credentials were refused)");
    }
    if (outcome instanceof CallOutcome.Unavailable u) {
      throw new UncheckedIOException(u.detail(), new IOException(u.detail()));
    }
    Throwable cause = error.getCause() == null ? error : error.getCause();
    throw ReadAnswers.unreachable("Amazon", cause);
  }

  /** Follows the rate Amazon says it applied to getListingsItem, when it says one. */
  private void observeRateLimit(HttpResponse<?> response, Instant at) {
    String header = response.headers().firstValue("x-amzn-RateLimit-Limit").orElse(null);
    if (header == null) {
      return;
    }
    try {
      double rate = Double.parseDouble(header.trim());
      if (rate > 0 && Math.abs(rate - appliedRate) > 1e-9) {
        appliedRate = rate;
        share.resize(rate * ReadShare.SHARE, 1, at);
      }
    } catch (NumberFormatException e) {
      // not a rate: keep the plan's
    }
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
