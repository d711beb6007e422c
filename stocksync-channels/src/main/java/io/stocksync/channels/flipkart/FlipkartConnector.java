package io.stocksync.channels.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelField;
import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.Connector;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes to a Flipkart seller through the Marketplace Seller API: {@code POST
 * /sellers/listings/v3/update/inventory} with up to 10 seller SKUs a call, each set to its target
 * at the channel's one location, under an OAuth client-credentials token (see {@code
 * docs/connectors/flipkart.md}).
 *
 * <p><b>Per-SKU answer.</b> A 200 carries a {@code status} per SKU: {@code SUCCESS} acknowledges
 * it, {@code FAILURE} refuses it (charged; the first of its {@code errors} or {@code
 * attribute_errors} is recorded), and {@code WARNING} is read as applied and logged — our reading,
 * as Flipkart documents warnings without saying whether the inventory was taken. A SKU the answer
 * does not mention is refused with {@code NO_STATUS}.
 *
 * <p><b>Token.</b> Kept until shortly before its {@code expires_in}; a 401 from the inventory
 * endpoint drops it, fetches a new one and sends the call once more; a second 401 refuses the call.
 *
 * <p><b>Limits.</b> Flipkart publishes no request rate we could confirm: calls are paced to {@code
 * settings.maxRequestsPerSecond} (default {@value #DEFAULT_REQUESTS_PER_SECOND}, our conservative
 * choice); a 429 waits for {@code Retry-After}, or {@link #DEFAULT_THROTTLE_WAIT} without one.
 *
 * <p>Thread-safe.
 */
public final class FlipkartConnector implements Connector {

  /** The channel type. */
  public static final String TYPE = "flipkart";

  /**
   * The one quota every Seller API call of a channel draws from (pushes and order polls alike):
   * Flipkart publishes no per-operation limit we could confirm, so one assumed bucket for all.
   */
  public static final String PACING = "seller-api";

  /** The inventory endpoint below the API root. */
  public static final String INVENTORY_PATH = "/sellers/listings/v3/update/inventory";

  /**
   * The most SKUs one update carries: "Max batch size allowed is “10”"
   * (https://seller.flipkart.com/api-docs/listing-api-docs/v3/UpdateListingsInventoryAPI.html).
   */
  public static final int MAX_SKUS_PER_CALL = 10;

  /**
   * Calls a second unless {@code settings.maxRequestsPerSecond} says otherwise. Flipkart publishes
   * no rate limit we could confirm; 2 a second (20 SKUs a second) is our conservative choice.
   */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 2;

  /** Calls in flight at once unless {@code settings.maxInFlight} says otherwise. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1;

  /** The wait after a 429 without {@code Retry-After} (Flipkart documents none). */
  static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofSeconds(1);

  /** The listing field with Flipkart's product id (FSN), 13 to 16 characters. */
  public static final String PRODUCT_ID_FIELD = "productId";

  /**
   * What a {@code flipkart} channel takes (SPEC §7): {@code settings.locationId}; credentials
   * {@code appId}, {@code appSecret}; listing {@code productId}, mandatory and 13 to 16 characters
   * ("product_id … Mandatory … Length Range -> 13 to 16 characters", UpdateListingsInventoryAPI).
   */
  public static final ChannelDescriptor DESCRIPTOR = descriptor();

  private static ChannelDescriptor descriptor() {
    ChannelDescriptor.Builder b =
        ChannelDescriptor.of(TYPE).setting(ChannelField.text("locationId").required());
    ChannelDescriptor.pacing(
            DEFAULT_REQUESTS_PER_SECOND,
            MAX_SKUS_PER_CALL,
            MAX_SKUS_PER_CALL,
            4,
            DEFAULT_MAX_IN_FLIGHT)
        .forEach(b::setting);
    return b.credential(ChannelField.text("appId").length(1, 10_000).required())
        .credential(ChannelField.text("appSecret").length(1, 10_000).required())
        .listingField(ChannelField.text(PRODUCT_ID_FIELD).length(13, 16).required())
        .build();
  }

  private static final Logger log = LoggerFactory.getLogger(FlipkartConnector.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String channelId;
  private final URI inventoryUri;
  private final String locationId;
  private final int batchSize;
  private final int maxInFlight;
  private final TokenBucketPacer pacer;
  private final FlipkartTokens tokens;
  private final ConnectorContext context;

  private FlipkartConnector(
      String channelId,
      String root,
      String locationId,
      int batchSize,
      int maxInFlight,
      TokenBucketPacer pacer,
      FlipkartTokens tokens,
      ConnectorContext context) {
    this.channelId = channelId;
    this.inventoryUri = URI.create(root + INVENTORY_PATH);
    this.locationId = locationId;
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
    this.pacer = pacer;
    this.tokens = tokens;
    this.context = context;
  }

  /**
   * The connector of a {@code flipkart} channel: {@code baseUrl} the API root ({@code
   * https://api.flipkart.net}), {@code settings.locationId}, {@code credentials.appId} and {@code
   * appSecret}; optional settings {@code batchSize} (1–10), {@code maxInFlight} (1–4) and {@code
   * maxRequestsPerSecond} (with {@code burst}, default the same).
   */
  public static FlipkartConnector create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration config = DESCRIPTOR.configure(channel, credentials);
    String root = config.baseUrl();
    return new FlipkartConnector(
        channel.id(),
        root,
        config.text("locationId"),
        (int) config.whole("batchSize"),
        (int) config.whole("maxInFlight"),
        ChannelPacing.shared(channel, PACING, config::pacer),
        new FlipkartTokens(
            root, config.credential("appId"), config.credential("appSecret"), context),
        context);
  }

  /** How many token requests this connector has made (tests and diagnostics). */
  int tokenFetches() {
    return tokens.fetches();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public Duration delayBeforeNextCall(Instant now) {
    return pacer.delay(now);
  }

  @Override
  public double budgetInUse(Instant now) {
    return pacer.inUse(now);
  }

  /** One inventory update, ready to send (and to send again as it is). */
  /**
   * One inventory update; {@code body} null when its listings break a rule of {@link #DESCRIPTOR}
   * (a missing or malformed {@code productId}): then nothing is sent and each is refused with
   * {@code refusal}.
   */
  record FlipkartCall(List<PendingPush> pushes, byte[] body, String refusal) implements Call {

    @Override
    public long quantitySent(PendingPush push) {
      return Math.max(0, push.target());
    }
  }

  @Override
  public FlipkartCall prepare(List<PendingPush> pushes, int retryRound) {
    // A listing stored before productId was checked at PUT is never sent without it: Flipkart's
    // product_id is mandatory. It fails with the reason, and the rest go on.
    FieldErrorOf first = FieldErrorOf.of(pushes.get(0));
    if (first != null) {
      List<PendingPush> refused = new ArrayList<>();
      for (PendingPush p : pushes) {
        FieldErrorOf e = FieldErrorOf.of(p);
        if (e != null && e.message().equals(first.message()) && refused.size() < batchSize) {
          refused.add(p);
        }
      }
      return new FlipkartCall(List.copyOf(refused), null, first.message());
    }
    List<PendingPush> chosen = new ArrayList<>();
    Set<String> skus = new HashSet<>();
    for (PendingPush p : pushes) {
      // The body is keyed by seller SKU: a second listing of the same SKU waits for the next call.
      if (chosen.size() < batchSize && FieldErrorOf.of(p) == null && skus.add(p.externalId())) {
        chosen.add(p);
      }
    }
    ObjectNode body = JSON.createObjectNode();
    for (PendingPush p : chosen) {
      ObjectNode update = body.putObject(p.externalId());
      update.put("product_id", productId(p.fieldsJson()));
      ObjectNode location = update.putArray("locations").addObject();
      location.put("id", locationId);
      location.put("inventory", Math.max(0, p.target()));
    }
    try {
      return new FlipkartCall(List.copyOf(chosen), JSON.writeValueAsBytes(body), null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A listing's first problem by {@link #DESCRIPTOR}, as the attempt log says it. */
  private record FieldErrorOf(String message) {
    static FieldErrorOf of(PendingPush p) {
      FieldError e = DESCRIPTOR.listingProblem(p.externalId(), p.fieldsJson());
      return e == null ? null : new FieldErrorOf("listing " + e.field() + " " + e.message());
    }
  }

  private static String productId(String fieldsJson) {
    try {
      return JSON.readTree(fieldsJson).get(PRODUCT_ID_FIELD).textValue();
    } catch (IOException e) {
      throw new IllegalStateException("checked by the descriptor", e);
    }
  }

  @Override
  public CompletableFuture<CallOutcome> send(Call call) {
    FlipkartCall c = (FlipkartCall) call;
    if (c.body() == null) {
      List<ItemResult> refused = new ArrayList<>();
      for (int i = 0; i < c.pushes().size(); i++) {
        refused.add(new Rejected(AttemptStatus.REJECTED, "INVALID_LISTING", c.refusal()));
      }
      return CompletableFuture.completedFuture(new CallOutcome.Answered(200, refused));
    }
    pacer.take(context.clock().instant());
    return sendWithToken(c, true).exceptionally(HttpAnswers::noAnswer);
  }

  private CompletableFuture<CallOutcome> sendWithToken(FlipkartCall call, boolean mayRefresh) {
    return tokens
        .token()
        .thenCompose(
            grant -> {
              if (grant.token() == null) {
                return CompletableFuture.completedFuture(grant.failure());
              }
              return post(call, grant.token())
                  .thenCompose(
                      response -> {
                        if (response.statusCode() == 401) {
                          tokens.invalidate(grant.token());
                          if (mayRefresh) {
                            return sendWithToken(call, false);
                          }
                        }
                        return CompletableFuture.completedFuture(read(call, response));
                      });
            });
  }

  private CompletableFuture<HttpResponse<String>> post(
      FlipkartCall call, FlipkartTokens.Token token) {
    HttpRequest request =
        HttpRequest.newBuilder(inventoryUri)
            .timeout(context.requestTimeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token.value())
            .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()))
            .build();
    return context
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private CallOutcome read(FlipkartCall call, HttpResponse<String> response) {
    Instant now = context.clock().instant();
    int status = response.statusCode();
    Duration retryAfter = HttpAnswers.retryAfter(response, now);
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.THROTTLED) {
      return new CallOutcome.Throttled(
          status, retryAfter == null ? DEFAULT_THROTTLE_WAIT : retryAfter, "HTTP 429");
    }
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.TRANSIENT) {
      return new CallOutcome.Unavailable(
          status, retryAfter, "HTTP " + status + ": " + HttpAnswers.quote(response.body()), true);
    }
    if (status != 200) {
      // 401 after a fresh token, 400 (a malformed or oversized request): sending it again as it is
      // does not help.
      return new CallOutcome.Refused(
          status, "HTTP " + status + ": " + HttpAnswers.quote(response.body()));
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body() == null ? "" : response.body());
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      return new CallOutcome.Refused(
          status, "HTTP 200 without a JSON object: " + HttpAnswers.quote(response.body()));
    }
    List<ItemResult> results = new ArrayList<>();
    for (PendingPush p : call.pushes()) {
      results.add(item(p, answer.get(p.externalId())));
    }
    return new CallOutcome.Answered(status, results);
  }

  private ItemResult item(PendingPush push, JsonNode response) {
    String status = response == null ? "" : response.path("status").asText("");
    switch (status) {
      case "SUCCESS":
        return new Applied(Math.max(0, push.target()));
      case "WARNING":
        // Our reading: a warning does not stop the update (FAILURE is the refusal).
        log.warn(
            "Flipkart channel {}: SKU {} set to {} with a warning: {}",
            channelId,
            push.externalId(),
            push.target(),
            firstError(response));
        return new Applied(Math.max(0, push.target()));
      case "FAILURE":
        JsonNode error = firstErrorNode(response);
        return new Rejected(
            AttemptStatus.REJECTED,
            error == null ? "FAILURE" : error.path("code").asText("FAILURE"),
            firstError(response));
      default:
        return new Rejected(
            AttemptStatus.REJECTED,
            "NO_STATUS",
            response == null
                ? "the answer has no entry for this SKU"
                : "unknown status: " + HttpAnswers.quote(response.toString()));
    }
  }

  private static JsonNode firstErrorNode(JsonNode response) {
    for (String list : List.of("errors", "attribute_errors")) {
      JsonNode errors = response.path(list);
      if (errors.isArray() && !errors.isEmpty()) {
        return errors.get(0);
      }
    }
    return null;
  }

  private static String firstError(JsonNode response) {
    JsonNode error = firstErrorNode(response);
    if (error == null) {
      return "status " + response.path("status").asText();
    }
    String path = error.path("path").asText("");
    return HttpAnswers.quote(
        error.path("description").asText("") + (path.isEmpty() ? "" : " (" + path + ")"));
  }
}
