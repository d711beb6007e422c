package io.stocksync.channels.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.NotApplied;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelField;
import io.stocksync.channels.Connector;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes to a Shopify store through the Admin GraphQL API 2026-10: {@code inventorySetQuantities}
 * with {@code name: "available"}, up to 250 quantities a call at the channel's location, each with
 * an explicit {@code changeFromQuantity}, under an {@code @idempotent} key (see {@code
 * docs/connectors/shopify.md}).
 *
 * <p><b>changeFromQuantity.</b> An increase and a decrease carry the figure Shopify last
 * acknowledged (or the figure read after a conflict): a decrease below the last acknowledged figure
 * can still raise what Shopify shows when Shopify sold units the ledger has not heard of (it
 * acknowledged 10, sold 4 and shows 6: writing 8 would sell 2 of them again). A push to 0 and a
 * listing never acknowledged carry {@code null} (no check): 0 never raises anything, and with
 * nothing acknowledged there is nothing to compare against. On {@code CHANGE_FROM_QUANTITY_STALE}
 * the connector reads the level's {@code available} figure and answers it with the refusal: the
 * engine takes it as the figure the channel shows, so a target above it waits for the order feed
 * (no inflation) and one below it goes again at once, compared against it.
 *
 * <p><b>Idempotency key.</b> {@code stocksync-} and 32 hex digits of SHA-256 over the account,
 * channel, location, and each item's inventory item, SKU, version of its target, quantity and
 * compare figure, and the retry round: the same call sent again after a timeout keeps its key (so
 * Shopify applies it once), and a call after a definitive failure gets a new one.
 *
 * <p><b>Limits.</b> Paced to the cost bucket Shopify reports in every answer ({@link
 * CostBucketPacer}); a {@code THROTTLED} error (HTTP 200 or 429) waits for the bucket to hold the
 * call's cost, or {@code Retry-After}, whichever is longer.
 *
 * <p>Thread-safe.
 */
public final class ShopifyConnector implements Connector {

  /** The channel type. */
  public static final String TYPE = "shopify";

  /** The Admin API version spoken. */
  public static final String API_VERSION = "2026-10";

  /** The GraphQL endpoint below the store's base URL. */
  public static final String GRAPHQL_PATH = "/admin/api/" + API_VERSION + "/graphql.json";

  /** The header that carries the app's access token. */
  public static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";

  /**
   * Shopify caps every input array at 250 items ("Input arrays … limited to 250 items",
   * https://shopify.dev/docs/api/usage/limits).
   */
  public static final int MAX_QUANTITIES_PER_CALL = 250;

  /**
   * The largest quantity sent: higher targets are sent as this. Shopify's exact bound is not
   * published beside {@code INVALID_QUANTITY_TOO_HIGH}; 1,000,000,000 is the emulator's, below the
   * GraphQL {@code Int} limit.
   */
  public static final long MAX_QUANTITY = 1_000_000_000L;

  /** The inventory change reason sent: the figure is corrected to the ledger's. */
  public static final String REASON = "correction";

  /** Calls in flight at once unless {@code settings.maxInFlight} says otherwise. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 2;

  /**
   * What a {@code shopify} channel takes (SPEC §7): {@code settings.locationId} a Location gid (one
   * channel per Shopify location), {@code credentials.accessToken}, optional {@code
   * credentials.webhookSecret} (the app's client secret, §9); listing {@code externalId} an
   * InventoryItem gid. Shopify's numeric gids are what the Admin API returns for both.
   */
  public static final ChannelDescriptor DESCRIPTOR =
      ChannelDescriptor.of(TYPE)
          .setting(
              ChannelField.text("locationId")
                  .required()
                  .shaped(
                      s -> s.matches("gid://shopify/Location/[1-9][0-9]{0,18}"),
                      "must be a Location gid (gid://shopify/Location/<number>)"))
          .setting(
              ChannelField.whole(
                  "batchSize", 1, MAX_QUANTITIES_PER_CALL, (long) MAX_QUANTITIES_PER_CALL))
          .setting(ChannelField.whole("maxInFlight", 1, 8, (long) DEFAULT_MAX_IN_FLIGHT))
          .credential(ChannelField.text("accessToken").length(1, 10_000).required())
          .credential(ChannelField.text("webhookSecret").length(1, 10_000))
          .externalId(
              ChannelField.text("externalId")
                  .required()
                  .shaped(
                      s -> s.matches("gid://shopify/InventoryItem/[1-9][0-9]{0,18}"),
                      "must be an InventoryItem gid (gid://shopify/InventoryItem/<number>)"))
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String accountId;
  private final String channelId;
  private final URI endpoint;
  private final String accessToken;
  private final String locationId;
  private final int batchSize;
  private final int maxInFlight;
  private final ConnectorContext context;
  private final CostBucketPacer pacer = new CostBucketPacer();

  /** Figures read after a conflict, by inventory item id, until the item is acknowledged. */
  private final Map<String, Long> observed = new ConcurrentHashMap<>();

  private ShopifyConnector(
      ChannelRow channel,
      String accessToken,
      String locationId,
      int batchSize,
      int maxInFlight,
      ConnectorContext context) {
    this.accountId = channel.accountId();
    this.channelId = channel.id();
    this.endpoint = endpoint(channel.baseUrl());
    this.accessToken = accessToken;
    this.locationId = locationId;
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
    this.context = context;
  }

  /**
   * The connector of a {@code shopify} channel: {@code baseUrl} the store's root ({@code
   * https://{shop}.myshopify.com}), {@code settings.locationId} a Location gid, {@code
   * credentials.accessToken}; optional {@code settings.batchSize} (1–250) and {@code
   * settings.maxInFlight} (1–8).
   */
  public static ShopifyConnector create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration config = DESCRIPTOR.configure(channel, credentials);
    return new ShopifyConnector(
        channel,
        config.credential("accessToken"),
        config.text("locationId"),
        (int) config.whole("batchSize"),
        (int) config.whole("maxInFlight"),
        context);
  }

  private static URI endpoint(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("baseUrl is required");
    }
    String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    try {
      return URI.create(root + GRAPHQL_PATH);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("baseUrl is not a URL");
    }
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

  /** One {@code inventorySetQuantities} call, ready to send (and to send again as it is). */
  record ShopifyCall(
      List<PendingPush> pushes,
      List<Long> quantities,
      List<Long> changeFrom,
      String idempotencyKey,
      byte[] body)
      implements Call {

    @Override
    public long quantitySent(PendingPush push) {
      int i = pushes.indexOf(push);
      return i >= 0 ? quantities.get(i) : push.target();
    }
  }

  @Override
  public ShopifyCall prepare(List<PendingPush> pushes, int retryRound) {
    List<PendingPush> chosen = new ArrayList<>();
    Set<String> items = new HashSet<>();
    for (PendingPush p : pushes) {
      // Shopify refuses the same item and location twice in one call
      // (NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR): a second listing of it waits.
      if (chosen.size() < batchSize && items.add(p.externalId())) {
        chosen.add(p);
      }
    }
    List<Long> quantities = new ArrayList<>();
    List<Long> changeFrom = new ArrayList<>();
    StringBuilder digest =
        new StringBuilder(accountId).append('\n').append(channelId).append('\n').append(locationId);
    for (PendingPush p : chosen) {
      long quantity = clamp(p.target());
      Long from = changeFrom(p);
      quantities.add(quantity);
      changeFrom.add(from);
      digest
          .append('\n')
          .append(p.externalId())
          .append('|')
          .append(p.sku())
          .append('|')
          .append(p.version())
          .append('|')
          .append(quantity)
          .append('|')
          .append(from);
    }
    digest.append("\nround ").append(retryRound);
    String key = "stocksync-" + sha256(digest.toString()).substring(0, 32);

    ObjectNode input = JSON.createObjectNode();
    input.put("name", "available");
    input.put("reason", REASON);
    input.put("referenceDocumentUri", "gid://stocksync/ChannelPush/" + key);
    ArrayNode list = input.putArray("quantities");
    for (int i = 0; i < chosen.size(); i++) {
      ObjectNode q = list.addObject();
      q.put("inventoryItemId", chosen.get(i).externalId());
      q.put("locationId", locationId);
      q.put("quantity", quantities.get(i));
      if (changeFrom.get(i) == null) {
        q.putNull("changeFromQuantity"); // explicit: 2026-10 requires the field on every item
      } else {
        q.put("changeFromQuantity", changeFrom.get(i));
      }
    }
    ObjectNode variables = JSON.createObjectNode();
    variables.set("input", input);
    variables.put("idempotencyKey", key);
    return new ShopifyCall(
        List.copyOf(chosen),
        List.copyOf(quantities),
        java.util.Collections.unmodifiableList(changeFrom),
        key,
        body(
            ShopifyDocuments.SET_QUANTITIES, ShopifyDocuments.SET_QUANTITIES_OPERATION, variables));
  }

  /** The compare figure of a push: see the class comment. */
  private Long changeFrom(PendingPush p) {
    if (p.target() <= 0 || p.acknowledged() == null) {
      return null;
    }
    Long read = observed.get(p.externalId());
    return clamp(read != null ? read : p.acknowledged());
  }

  @Override
  public CompletableFuture<CallOutcome> send(Call call) {
    ShopifyCall c = (ShopifyCall) call;
    Instant sentAt = context.clock().instant();
    pacer.took(pacer.mutationCost(), sentAt);
    return post(c.body())
        .thenCompose(response -> read(c, response))
        .exceptionally(HttpAnswers::noAnswer);
  }

  private CompletableFuture<HttpResponse<String>> post(byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(context.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header(ACCESS_TOKEN_HEADER, accessToken)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return context.http().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<CallOutcome> read(ShopifyCall call, HttpResponse<String> response) {
    Instant now = context.clock().instant();
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    pacer.observe(body.path("extensions").path("cost"), true, now);
    Duration retryAfter = HttpAnswers.retryAfter(response, now);
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.THROTTLED
        || hasErrorCode(body, "THROTTLED")) {
      Duration wait = pacer.waitFor(pacer.mutationCost(), now, Duration.ofSeconds(1));
      if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
        wait = retryAfter;
      }
      return done(new CallOutcome.Throttled(status, wait, "THROTTLED (HTTP " + status + ")"));
    }
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.TRANSIENT) {
      return done(
          new CallOutcome.Unavailable(
              status,
              retryAfter,
              "HTTP " + status + ": " + HttpAnswers.quote(response.body()),
              true));
    }
    if (status != 200) {
      return done(
          new CallOutcome.Refused(
              status, "HTTP " + status + ": " + HttpAnswers.quote(response.body())));
    }
    JsonNode payload = body.path("data").path("inventorySetQuantities");
    if (!payload.isObject()) {
      return done(new CallOutcome.Refused(status, "no payload: " + errors(body)));
    }
    JsonNode userErrors = payload.path("userErrors");
    JsonNode group = payload.path("inventoryAdjustmentGroup");
    List<PendingPush> pushes = call.pushes();
    if (userErrors.size() == 0 && group.isObject()) {
      return done(new CallOutcome.Answered(status, applied(call, group)));
    }
    if (userErrors.size() == 0) {
      return done(new CallOutcome.Refused(status, "no adjustment group and no user errors"));
    }
    // All or nothing: the items the errors name are refused, every other one was not applied.
    Map<Integer, JsonNode> byItem = new HashMap<>();
    JsonNode callWide = null;
    for (JsonNode error : userErrors) {
      Integer index = itemIndex(error.path("field"), pushes.size());
      if (index == null) {
        callWide = callWide == null ? error : callWide;
      } else {
        byItem.putIfAbsent(index, error);
      }
    }
    if (callWide != null && "IDEMPOTENCY_CONCURRENT_REQUEST".equals(code(callWide))) {
      // The same key is still being applied: send it again as it is, later.
      return done(new CallOutcome.Unavailable(status, retryAfter, describe(callWide), true));
    }
    List<ItemResult> results = new ArrayList<>();
    List<Integer> stale = new ArrayList<>();
    for (int i = 0; i < pushes.size(); i++) {
      JsonNode error = byItem.get(i);
      if (error == null && callWide != null) {
        error = callWide;
      }
      if (error == null) {
        String blame = byItem.isEmpty() ? "" : ": " + code(byItem.values().iterator().next());
        results.add(new NotApplied("another item of the call failed" + blame));
      } else if (ShopifyDocuments.STALE_CODES.contains(code(error))) {
        stale.add(i);
        results.add(new Rejected(AttemptStatus.STALE, code(error), error.path("message").asText()));
      } else {
        results.add(
            new Rejected(AttemptStatus.REJECTED, code(error), error.path("message").asText()));
      }
    }
    if (stale.isEmpty()) {
      return done(new CallOutcome.Answered(status, results));
    }
    return readStale(call, stale, results).thenApply(r -> new CallOutcome.Answered(status, r));
  }

  /** Every item applied: the figure Shopify reports after the change, else the one sent. */
  private List<ItemResult> applied(ShopifyCall call, JsonNode group) {
    Map<String, Long> after = new HashMap<>();
    for (JsonNode change : group.path("changes")) {
      if ("available".equals(change.path("name").asText())
          && change.path("quantityAfterChange").isIntegralNumber()) {
        after.put(
            change.path("item").path("id").asText(), change.path("quantityAfterChange").asLong());
      }
    }
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < call.pushes().size(); i++) {
      String item = call.pushes().get(i).externalId();
      observed.remove(item);
      // No change listed: the quantity did not move, so Shopify holds what was sent.
      results.add(new Applied(after.getOrDefault(item, call.quantities().get(i))));
    }
    return results;
  }

  /**
   * Reads what Shopify holds for the items whose compare failed, so that the next attempt compares
   * against it; the figure read is quoted in the attempt log. A failed read leaves the results as
   * they are (the next attempt compares against the acknowledged figure again).
   */
  private CompletableFuture<List<ItemResult>> readStale(
      ShopifyCall call, List<Integer> stale, List<ItemResult> results) {
    ObjectNode variables = JSON.createObjectNode();
    variables.put("locationId", locationId);
    for (int i = 0; i < stale.size(); i++) {
      variables.put(ShopifyDocuments.alias(i), call.pushes().get(stale.get(i)).externalId());
    }
    pacer.took(stale.size() * 3.0, context.clock().instant());
    byte[] body =
        body(
            ShopifyDocuments.readLevels(stale.size()),
            ShopifyDocuments.READ_LEVELS_OPERATION,
            variables);
    return post(body)
        .handle(
            (response, error) -> {
              if (error != null || response == null || response.statusCode() != 200) {
                return results;
              }
              JsonNode answer = parse(response.body());
              pacer.observe(
                  answer.path("extensions").path("cost"), false, context.clock().instant());
              List<ItemResult> annotated = new ArrayList<>(results);
              for (int i = 0; i < stale.size(); i++) {
                int index = stale.get(i);
                JsonNode quantities =
                    answer
                        .path("data")
                        .path(ShopifyDocuments.alias(i))
                        .path("inventoryLevel")
                        .path("quantities");
                for (JsonNode q : quantities) {
                  if ("available".equals(q.path("name").asText())
                      && q.path("quantity").isNumber()) {
                    long held = q.path("quantity").asLong();
                    PendingPush p = call.pushes().get(index);
                    observed.put(p.externalId(), held);
                    Rejected r = (Rejected) results.get(index);
                    annotated.set(
                        index,
                        new Rejected(
                            r.status(),
                            r.code(),
                            "Shopify holds "
                                + held
                                + " where "
                                + call.changeFrom().get(index)
                                + " was expected; the next attempt compares against "
                                + held,
                            held));
                  }
                }
              }
              return annotated;
            });
  }

  private static Integer itemIndex(JsonNode field, int size) {
    // ["input", "quantities", "<i>", ...]
    if (field.isArray() && field.size() >= 3 && "quantities".equals(field.get(1).asText())) {
      try {
        int i = Integer.parseInt(field.get(2).asText());
        return i >= 0 && i < size ? i : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean hasErrorCode(JsonNode body, String code) {
    for (JsonNode error : body.path("errors")) {
      if (code.equals(error.path("extensions").path("code").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String errors(JsonNode body) {
    JsonNode errors = body.path("errors");
    if (errors.isArray() && errors.size() > 0) {
      JsonNode first = errors.get(0);
      String code = first.path("extensions").path("code").asText("");
      return (code.isEmpty() ? "" : code + ": ")
          + HttpAnswers.quote(first.path("message").asText());
    }
    return HttpAnswers.quote(body.toString());
  }

  private static String code(JsonNode userError) {
    return userError.path("code").asText("UNKNOWN");
  }

  private static String describe(JsonNode userError) {
    return code(userError) + ": " + userError.path("message").asText();
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = JSON.readTree(text == null ? "" : text);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static byte[] body(String query, String operation, ObjectNode variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.put("operationName", operation);
    body.set("variables", variables);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long clamp(long quantity) {
    return Math.max(0, Math.min(MAX_QUANTITY, quantity));
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

  private static CompletableFuture<CallOutcome> done(CallOutcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }
}
