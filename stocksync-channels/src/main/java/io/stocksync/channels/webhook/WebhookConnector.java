package io.stocksync.channels.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelField;
import io.stocksync.channels.Connector;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pushes to any HTTP receiver (a custom channel): {@code POST} to the channel's {@code baseUrl}
 * with {@code {"items":[{"externalId","sku","quantity","version"}]}}, signed when the channel has a
 * {@code secret}: {@code X-StockSync-Timestamp} (unix seconds) and {@code X-StockSync-Signature:
 * v1=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>}; {@code X-StockSync-Delivery} names the
 * batch (the same when a batch is sent again after a timeout).
 *
 * <p>A 2xx answer acknowledges every item, except those the receiver lists in an optional {@code
 * "rejected":[{"externalId","error"}]} of a JSON answer. 429 waits for {@code Retry-After} (1 s
 * without one); 408 and 5xx, timeouts and broken connections send the batch again after a backoff;
 * any other status refuses it. See {@code docs/connectors/webhook.md}.
 *
 * <p>Thread-safe.
 */
public final class WebhookConnector implements Connector {

  /** The channel type. */
  public static final String TYPE = "webhook";

  /** The header with the send time, unix seconds. */
  public static final String TIMESTAMP_HEADER = "X-StockSync-Timestamp";

  /** The header with the signature, {@code v1=<hex>}. */
  public static final String SIGNATURE_HEADER = "X-StockSync-Signature";

  /** The header naming the batch: the same for a batch sent again. */
  public static final String DELIVERY_HEADER = "X-StockSync-Delivery";

  /**
   * Items per call unless {@code settings.batchSize} says otherwise (ours: no marketplace limit).
   */
  public static final int DEFAULT_BATCH = 500;

  /** The most {@code settings.batchSize} may ask for. */
  public static final int MAX_BATCH = 5_000;

  /** Calls in flight at once unless {@code settings.maxInFlight} says otherwise. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 4;

  /** The wait after a 429 without {@code Retry-After}. */
  static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofSeconds(1);

  /**
   * What a {@code webhook} channel takes (SPEC §7): {@code credentials.secret}, the HMAC key every
   * push is signed with (required: an unsigned push could be forged by anyone who can reach the
   * receiver); optional {@code settings.ordersUrl}, where the seller's shop offers its orders for
   * polling (§9).
   */
  public static final ChannelDescriptor DESCRIPTOR = descriptor();

  private static ChannelDescriptor descriptor() {
    ChannelDescriptor.Builder b =
        ChannelDescriptor.of(TYPE).setting(ChannelField.url("ordersUrl", null));
    ChannelDescriptor.pacing(null, MAX_BATCH, DEFAULT_BATCH, 32, DEFAULT_MAX_IN_FLIGHT)
        .forEach(b::setting);
    return b.credential(ChannelField.text("secret").length(1, 10_000).required()).build();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final WebhookSigner signer;
  private final int batchSize;
  private final int maxInFlight;
  private final TokenBucketPacer pacer;
  private final ConnectorContext context;

  private WebhookConnector(
      URI url,
      WebhookSigner signer,
      int batchSize,
      int maxInFlight,
      TokenBucketPacer pacer,
      ConnectorContext context) {
    this.url = url;
    this.signer = signer;
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
    this.pacer = pacer;
    this.context = context;
  }

  /**
   * The connector of a {@code webhook} channel: {@code baseUrl} the receiver's URL, {@code
   * credentials.secret} the HMAC key (optional: unsigned without it); optional settings {@code
   * batchSize} (1–5000), {@code maxInFlight} (1–32) and {@code maxRequestsPerSecond} (with {@code
   * burst}, default the same).
   */
  public static WebhookConnector create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration config = DESCRIPTOR.configure(channel, credentials);
    URI url = URI.create(channel.baseUrl().strip()); // the webhook URL is used as given
    return new WebhookConnector(
        url,
        new WebhookSigner(config.credential("secret")),
        (int) config.whole("batchSize"),
        (int) config.whole("maxInFlight"),
        config.pacer(),
        context);
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
    return pacer == null ? Duration.ZERO : pacer.delay(now);
  }

  @Override
  public double budgetInUse(Instant now) {
    return pacer == null ? Double.NaN : pacer.inUse(now); // no rate set: unpaced
  }

  /** One delivery: its body, and the id it keeps when sent again. */
  record WebhookCall(List<PendingPush> pushes, byte[] body, String deliveryId) implements Call {}

  @Override
  public WebhookCall prepare(List<PendingPush> pushes, int retryRound) {
    List<PendingPush> chosen =
        pushes.size() > batchSize ? List.copyOf(pushes.subList(0, batchSize)) : List.copyOf(pushes);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    StringBuilder digest = new StringBuilder();
    for (PendingPush p : chosen) {
      ObjectNode item = items.addObject();
      item.put("externalId", p.externalId());
      item.put("sku", p.sku());
      item.put("quantity", p.target());
      item.put("version", p.version());
      digest
          .append(p.accountId())
          .append('/')
          .append(p.channelId())
          .append('/')
          .append(p.sku())
          .append('@')
          .append(p.version())
          .append('\n');
    }
    digest.append("round ").append(retryRound);
    try {
      return new WebhookCall(
          chosen, JSON.writeValueAsBytes(body), sha256(digest.toString()).substring(0, 32));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public CompletableFuture<CallOutcome> send(Call call) {
    WebhookCall c = (WebhookCall) call;
    Instant now = context.clock().instant();
    if (pacer != null) {
      pacer.take(now);
    }
    long timestamp = now.getEpochSecond();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(context.requestTimeout())
            .header("Content-Type", "application/json")
            .header(TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(DELIVERY_HEADER, c.deliveryId())
            .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
    if (signer != null) {
      request.header(SIGNATURE_HEADER, signer.sign(timestamp, c.body()));
    }
    return context
        .http()
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(response -> read(c, response))
        .exceptionally(HttpAnswers::noAnswer);
  }

  private CallOutcome read(WebhookCall call, HttpResponse<String> response) {
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
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.REFUSED) {
      return new CallOutcome.Refused(
          status, "HTTP " + status + ": " + HttpAnswers.quote(response.body()));
    }
    Map<String, String> rejected = rejected(response.body());
    List<ItemResult> results = new ArrayList<>();
    for (PendingPush p : call.pushes()) {
      String error = rejected.get(p.externalId());
      results.add(
          error == null
              ? new Applied(p.target())
              : new Rejected(AttemptStatus.REJECTED, "rejected", error));
    }
    return new CallOutcome.Answered(status, results);
  }

  /** The receiver's optional {@code rejected} list, by external id. */
  private static Map<String, String> rejected(String body) {
    Map<String, String> rejected = new HashMap<>();
    if (body == null || body.isBlank()) {
      return rejected;
    }
    try {
      JsonNode answer = JSON.readTree(body);
      for (JsonNode r : answer.path("rejected")) {
        if (r.path("externalId").isTextual()) {
          rejected.put(
              r.path("externalId").asText(), HttpAnswers.quote(r.path("error").asText("rejected")));
        }
      }
    } catch (IOException notJson) {
      // A 2xx without a JSON body acknowledges everything.
    }
    return rejected;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
