package io.stocksync.channels.amazon;

import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelField;
import io.stocksync.channels.Connector;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pushes to one Amazon seller account in one marketplace through the Selling Partner API: the
 * seller-fulfilled quantity ({@code fulfillment_availability}, channel {@code DEFAULT}) of each
 * listing, by seller SKU. See {@code docs/connectors/amazon.md}.
 *
 * <p><b>Per item or by feed.</b> While the pushes the dispatcher can take for the channel are fewer
 * than {@code settings.feedThreshold} (default {@value #DEFAULT_FEED_THRESHOLD}), each call is one
 * {@code patchListingsItem} for one listing, paced to its usage plan (5 requests/s, burst 5) with
 * up to {@value #PATCH_IN_FLIGHT} in flight; {@code ACCEPTED} acknowledges, {@code INVALID} rejects
 * with Amazon's issues. At or above the threshold (a first full sync, a large stock count) the call
 * is one {@code JSON_LISTINGS_FEED} of up to {@value #MAX_FEED_MESSAGES} messages, whose outcome
 * arrives minutes later from its processing report ({@link ListingsFeedRun}); its {@link #send}
 * future stays incomplete until then, its listings stay in flight, and per-item calls for the rest
 * go on beside it ({@link #maxInFlight()} counts feeds separately). Feeds are only chosen while the
 * feed-type limit (5 submissions per 5 minutes) has room; otherwise per-item calls carry on.
 *
 * <p><b>Limits.</b> {@code x-amzn-RateLimit-Limit}, when an answer has it, replaces the assumed
 * patch rate; a 429 {@code QuotaExceeded} (which declares no {@code Retry-After}) pauses the
 * channel for an exponentially growing wait. Access tokens come from Login with Amazon ({@link
 * LwaTokens}); a 403 refreshes the token once.
 *
 * <p>Thread-safe.
 */
public final class AmazonConnector implements Connector {

  /** The channel type. */
  public static final String TYPE = "amazon";

  /** Amazon's Login with Amazon token endpoint, used unless {@code settings.tokenUrl} says so. */
  public static final String DEFAULT_TOKEN_URL = "https://api.amazon.com/auth/o2/token";

  /** The feed type used for bulk updates. */
  static final String FEED_TYPE = "JSON_LISTINGS_FEED";

  /**
   * patchListingsItem's default usage plan: 5 requests/s, burst 5 (listingsItems_2021-08-01.json,
   * operation description;
   * https://developer-docs.amazon.com/sp-api/docs/listings-items-api-rate-limits).
   */
  static final double PATCH_RATE = 5;

  static final int PATCH_BURST = 5;

  /** Per-item calls in flight at once: the burst, so a full bucket can be spent at once. */
  static final int PATCH_IN_FLIGHT = 5;

  /**
   * The most messages one {@code JSON_LISTINGS_FEED} may carry (listings-feed-schema-v2.json {@code
   * maxItems}; changelog "Feed size and rate limit changes for the JSON_LISTINGS_FEED",
   * 2025-05-06).
   */
  public static final int MAX_FEED_MESSAGES = 25_000;

  /** Feed submissions allowed per {@link #FEED_WINDOW} and region (same changelog). */
  static final int FEEDS_PER_WINDOW = 5;

  static final Duration FEED_WINDOW = Duration.ofMinutes(5);

  /** Pushes available at once from which a feed is sent instead of per-item calls. */
  public static final int DEFAULT_FEED_THRESHOLD = 500;

  /** How often a submitted feed is polled unless {@code settings.feedPollSeconds} says so. */
  static final double DEFAULT_FEED_POLL_SECONDS = 30;

  /** How long a feed may take before its outcome counts as unknown. */
  static final double DEFAULT_FEED_TIMEOUT_SECONDS = 2 * 3600;

  /** The longest wait after repeated 429s. */
  static final Duration MAX_THROTTLE_WAIT = Duration.ofSeconds(30);

  // Feeds API usage plans (feeds_2021-06-30.json;
  // https://developer-docs.amazon.com/sp-api/docs/feeds-api-rate-limits).
  private static final double CREATE_FEED_DOCUMENT_RATE = 0.5;
  private static final double CREATE_FEED_RATE = 0.0083;
  private static final double GET_FEED_RATE = 2;
  private static final double GET_FEED_DOCUMENT_RATE = 0.0222;

  /**
   * What an {@code amazon} channel takes (SPEC §7): settings {@code sellerId}, {@code
   * marketplaceId}, {@code tokenUrl} (default Amazon's), {@code feedThreshold} (1–1,000,000; above
   * 25,000 feeds are never used), {@code feedPollSeconds}, {@code feedTimeoutSeconds}; credentials
   * {@code clientId}, {@code clientSecret}, {@code refreshToken}; listing {@code productType}.
   */
  public static final ChannelDescriptor DESCRIPTOR =
      ChannelDescriptor.of(TYPE)
          .setting(ChannelField.text("sellerId").required())
          .setting(ChannelField.text("marketplaceId").required())
          .setting(ChannelField.url("tokenUrl", DEFAULT_TOKEN_URL))
          .setting(ChannelField.whole("feedThreshold", 1, 1_000_000, (long) DEFAULT_FEED_THRESHOLD))
          .setting(ChannelField.positive("feedPollSeconds", 86_400, DEFAULT_FEED_POLL_SECONDS))
          .setting(
              ChannelField.positive("feedTimeoutSeconds", 7 * 86_400, DEFAULT_FEED_TIMEOUT_SECONDS))
          .credential(ChannelField.text("clientId").length(1, 10_000).required())
          .credential(ChannelField.text("clientSecret").length(1, 10_000).required())
          .credential(ChannelField.text("refreshToken").length(1, 10_000).required())
          .listingField(ChannelField.text("productType"))
          .build();

  private final String base;
  private final String sellerId;
  private final String marketplaceId;
  private final int feedThreshold;
  private final SpApi spApi;
  private final LwaTokens tokens;
  private final ConnectorContext context;
  private final Feeds feeds;
  private final AtomicReference<TokenBucketPacer> patchPacer =
      new AtomicReference<>(new TokenBucketPacer(PATCH_RATE, PATCH_BURST));
  private volatile double patchRate = PATCH_RATE;
  private final AtomicInteger feedsInFlight = new AtomicInteger();
  private final AtomicInteger throttledInARow = new AtomicInteger();

  /**
   * What a feed run needs of its connector: the marketplace, the endpoints, the usage plans of the
   * Feeds API operations (shared by all feeds of the channel), the feed-type limit, and timing.
   */
  record Feeds(
      String base,
      String marketplaceId,
      Duration pollInterval,
      Duration timeout,
      FeedSubmissionWindow window,
      TokenBucketPacer createFeedDocumentPacer,
      TokenBucketPacer createFeedPacer,
      TokenBucketPacer getFeedPacer,
      TokenBucketPacer getFeedDocumentPacer) {

    URI uri(String path) {
      return URI.create(base + path);
    }
  }

  private AmazonConnector(
      String base,
      String sellerId,
      String marketplaceId,
      int feedThreshold,
      Duration pollInterval,
      Duration feedTimeout,
      LwaTokens tokens,
      ConnectorContext context) {
    this.base = base;
    this.sellerId = sellerId;
    this.marketplaceId = marketplaceId;
    this.feedThreshold = feedThreshold;
    this.tokens = tokens;
    this.spApi = new SpApi(tokens, context);
    this.context = context;
    this.feeds =
        new Feeds(
            base,
            marketplaceId,
            pollInterval,
            feedTimeout,
            new FeedSubmissionWindow(FEEDS_PER_WINDOW, FEED_WINDOW),
            new TokenBucketPacer(CREATE_FEED_DOCUMENT_RATE, 15),
            new TokenBucketPacer(CREATE_FEED_RATE, 15),
            new TokenBucketPacer(GET_FEED_RATE, 15),
            new TokenBucketPacer(GET_FEED_DOCUMENT_RATE, 10));
  }

  /**
   * The connector of an {@code amazon} channel: {@code baseUrl} the SP-API endpoint of the region
   * (e.g. {@code https://sellingpartnerapi-eu.amazon.com}); settings {@code sellerId}, {@code
   * marketplaceId}, optional {@code tokenUrl}, {@code feedThreshold} (1–1,000,000; above 25,000
   * feeds are never used), {@code feedPollSeconds}, {@code feedTimeoutSeconds}; credentials {@code
   * clientId}, {@code clientSecret}, {@code refreshToken}.
   */
  public static AmazonConnector create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration config = DESCRIPTOR.configure(channel, credentials);
    String base = httpUrl(config.baseUrl(), "baseUrl");
    String sellerId = config.text("sellerId");
    String marketplaceId = config.text("marketplaceId");
    String tokenUrl = httpUrl(config.text("tokenUrl"), "settings.tokenUrl");
    int threshold = (int) config.whole("feedThreshold");
    Duration poll = seconds(config.number("feedPollSeconds"));
    Duration timeout = seconds(config.number("feedTimeoutSeconds"));
    LwaTokens tokens =
        new LwaTokens(
            URI.create(tokenUrl),
            config.credential("clientId"),
            config.credential("clientSecret"),
            config.credential("refreshToken"),
            context);
    return new AmazonConnector(
        base, sellerId, marketplaceId, threshold, poll, timeout, tokens, context);
  }

  private static String httpUrl(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    URI uri;
    try {
      uri = URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(field + " must be an http or https URL");
    }
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }

  // ------------------------------------------------------------------ Connector

  /**
   * {@value #MAX_FEED_MESSAGES} while a feed may be submitted (so that a large backlog shows
   * itself), else 1: per-item calls carry one push each.
   */
  @Override
  public int batchSize() {
    return feedsPossible(context.clock().instant()) ? MAX_FEED_MESSAGES : 1;
  }

  /** Up to {@value #PATCH_IN_FLIGHT} per-item calls, besides the feeds being processed. */
  @Override
  public int maxInFlight() {
    return PATCH_IN_FLIGHT + feedsInFlight.get();
  }

  @Override
  public Duration delayBeforeNextCall(Instant now) {
    return patchPacer.get().delay(now);
  }

  @Override
  public double budgetInUse(Instant now) {
    return patchPacer.get().inUse(now);
  }

  /** One {@code patchListingsItem}. */
  record PatchCall(List<PendingPush> pushes) implements Call {}

  /** One {@code JSON_LISTINGS_FEED}, message {@code i + 1} being push {@code i}. */
  record FeedCall(List<PendingPush> pushes, byte[] document) implements Call {}

  /**
   * A feed of every push (one per seller SKU) when there are at least {@code feedThreshold} and the
   * feed-type limit has room; else a per-item call for the first.
   */
  @Override
  public Call prepare(List<PendingPush> pushes, int retryRound) {
    Instant now = context.clock().instant();
    if (pushes.size() >= feedThreshold && feedsPossible(now)) {
      List<PendingPush> chosen = new ArrayList<>();
      Set<String> skus = new HashSet<>();
      for (PendingPush p : pushes) {
        // Two listings naming one seller SKU would race inside the feed: the second waits.
        if (chosen.size() < MAX_FEED_MESSAGES && skus.add(p.externalId())) {
          chosen.add(p);
        }
      }
      if (chosen.size() >= feedThreshold && feeds.window().tryReserve(now)) {
        return new FeedCall(List.copyOf(chosen), ListingsDocuments.feed(sellerId, chosen));
      }
    }
    return new PatchCall(List.of(pushes.get(0)));
  }

  @Override
  public CompletableFuture<CallOutcome> send(Call call) {
    if (call instanceof FeedCall feed) {
      feedsInFlight.incrementAndGet();
      return new ListingsFeedRun(feeds, spApi, context, feed.pushes(), feed.document())
          .run()
          .whenComplete((o, e) -> feedsInFlight.decrementAndGet());
    }
    PendingPush push = call.pushes().get(0);
    patchPacer.get().take(context.clock().instant());
    String body = ListingsDocuments.patchRequest(push);
    URI uri =
        URI.create(
            base
                + "/listings/2021-08-01/items/"
                + pathSegment(sellerId)
                + "/"
                + pathSegment(push.externalId())
                + "?marketplaceIds="
                + pathSegment(marketplaceId));
    return spApi
        .send(
            b ->
                b.uri(uri)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                    .build())
        .thenApply(response -> readPatch(push, response))
        .exceptionally(
            error -> {
              CallOutcome lwa = LwaTokens.outcomeOf(error);
              return lwa != null ? lwa : HttpAnswers.noAnswer(error);
            });
  }

  private CallOutcome readPatch(PendingPush push, HttpResponse<String> response) {
    int status = response.statusCode();
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.THROTTLED) {
      int n = throttledInARow.incrementAndGet();
      Duration base = seconds(Math.max(1, 1 / patchRate));
      Duration wait = base.multipliedBy(1L << Math.min(n - 1, 10));
      if (wait.compareTo(MAX_THROTTLE_WAIT) > 0) {
        wait = MAX_THROTTLE_WAIT;
      }
      return new CallOutcome.Throttled(
          429, wait, "HTTP 429 " + ListingsDocuments.error(response.body()));
    }
    throttledInARow.set(0);
    observeRateLimit(response);
    String detail = "HTTP " + status + " " + ListingsDocuments.error(response.body());
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.TRANSIENT) {
      // An absolute quantity: sending it again cannot do harm.
      return new CallOutcome.Unavailable(
          status, HttpAnswers.retryAfter(response, context.clock().instant()), detail, true);
    }
    if (status != 200) {
      return new CallOutcome.Refused(status, detail); // 400 InvalidInput, 403 after a refresh, …
    }
    ItemResult result = ListingsDocuments.submission(push, response.body());
    if (result == null) {
      return new CallOutcome.Unavailable(
          status, null, "not a submission response: " + HttpAnswers.quote(response.body()), true);
    }
    return new CallOutcome.Answered(status, List.of(result));
  }

  /** Follows the rate Amazon says it applied to the operation, when it says one. */
  private void observeRateLimit(HttpResponse<?> response) {
    String header = response.headers().firstValue("x-amzn-RateLimit-Limit").orElse(null);
    if (header == null) {
      return;
    }
    double rate;
    try {
      rate = Double.parseDouble(header.trim());
    } catch (NumberFormatException e) {
      return;
    }
    if (rate > 0 && Math.abs(rate - patchRate) > 1e-9) {
      patchRate = rate;
      patchPacer.set(new TokenBucketPacer(rate, Math.max(1, Math.min(rate, PATCH_BURST))));
    }
  }

  private boolean feedsPossible(Instant now) {
    return feedThreshold <= MAX_FEED_MESSAGES && feeds.window().available(now);
  }

  /** The patch rate in force: the usage plan, or what Amazon last said it applied. */
  double patchRate() {
    return patchRate;
  }

  /** How many access tokens were fetched. */
  int tokenRefreshes() {
    return tokens.refreshes();
  }

  /** RFC 3986 percent-encoding of one path segment (or query value): unreserved kept. */
  static String pathSegment(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : bytes) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.write(c);
      } else {
        out.write('%');
        out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.write(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
