package io.stocksync.channels.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.readback.LevelReader;
import io.stocksync.channels.readback.ReadAnswers;
import io.stocksync.channels.readback.ReadShare;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads back a Flipkart seller's inventory at the channel's location (SPEC §12): the listings v3
 * read, {@code GET /sellers/listings/v3/{sku_ids}} with up to 10 comma-separated seller SKUs, each
 * listing's {@code locations[].inventory} at {@code settings.locationId}, under the same kind of
 * OAuth client-credentials token as the pushes.
 *
 * <p><b>Share.</b> Flipkart publishes no request rate we could confirm; the pushes are paced to
 * {@code settings.maxRequestsPerSecond} (default 2, our assumption). The reader keeps its own
 * bucket of a tenth of that rate with a burst of 1, apart from the push bucket, so a read never
 * takes a push's turn. A 429 is {@link io.stocksync.channels.readback.ReadBackPaced}.
 *
 * <p>Thread-safe; called one read at a time per channel.
 */
public final class FlipkartLevelReader implements LevelReader {

  /** The listings read below the API root; the SKUs follow, comma-separated. */
  public static final String LISTINGS_PATH = "/sellers/listings/v3/";

  /**
   * SKUs a read: 10, as the inventory update allows (the read's own limit is not confirmed; the
   * emulator holds it to 10 too).
   */
  public static final int MAX_SKUS_PER_READ = FlipkartConnector.MAX_SKUS_PER_CALL;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String root;
  private final String locationId;
  private final FlipkartTokens tokens;
  private final ReadShare share;
  private final ConnectorContext context;

  FlipkartLevelReader(
      String root,
      String locationId,
      FlipkartTokens tokens,
      double pushRate,
      ConnectorContext context) {
    this.root = root;
    this.locationId = locationId;
    this.tokens = tokens;
    this.share = ReadShare.tenthOf("Flipkart's Seller API (assumed)", pushRate, 1);
    this.context = context;
  }

  /**
   * The reader of a {@code flipkart} channel, configured as its connector is ({@code baseUrl},
   * {@code settings.locationId}, {@code maxRequestsPerSecond}, {@code credentials.appId} and {@code
   * appSecret}).
   *
   * @throws IllegalArgumentException naming the first field that does not do
   */
  public static FlipkartLevelReader create(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration c =
        FlipkartConnector.DESCRIPTOR.configure(channel, credentials);
    Double rate = c.number("maxRequestsPerSecond");
    return new FlipkartLevelReader(
        c.baseUrl(),
        c.text("locationId"),
        new FlipkartTokens(c.baseUrl(), c.credential("appId"), c.credential("appSecret"), context),
        rate == null ? FlipkartConnector.DEFAULT_REQUESTS_PER_SECOND : rate,
        context);
  }

  @Override
  public int batchSize() {
    return MAX_SKUS_PER_READ;
  }

  /** The reader's share (tests and diagnostics). */
  ReadShare share() {
    return share;
  }

  @Override
  public List<Level> read(List<Wanted> listings, Instant now) {
    if (listings.size() > batchSize()) {
      throw new IllegalArgumentException(
          "at most " + batchSize() + " listings a read, not " + listings.size());
    }
    if (listings.isEmpty()) {
      return List.of();
    }
    share.take(now);
    StringJoiner skus = new StringJoiner(",");
    listings.stream()
        .map(Wanted::externalId)
        .distinct()
        .map(FlipkartLevelReader::encode)
        .forEach(skus::add);
    URI uri = URI.create(root + LISTINGS_PATH + skus);
    HttpResponse<String> response = send(uri, true);
    Instant at = context.clock().instant();
    RuntimeException failure =
        ReadAnswers.failure(
            "Flipkart",
            response,
            HttpAnswers.quote(response.body()),
            at,
            FlipkartConnector.DEFAULT_THROTTLE_WAIT);
    if (failure != null) {
      throw failure;
    }
    JsonNode answer = parse(response.body());
    if (!answer.isObject()) {
      throw new IllegalStateException(
          "Flipkart answered 200 without a JSON object: " + HttpAnswers.quote(response.body()));
    }
    List<Level> levels = new ArrayList<>();
    for (Wanted w : listings) {
      levels.add(level(w, answer, at));
    }
    return levels;
  }

  private Level level(Wanted w, JsonNode answer, Instant at) {
    JsonNode listing = answer.path("available").path(w.externalId());
    if (listing.isObject()) {
      for (JsonNode location : listing.path("locations")) {
        if (locationId.equals(location.path("id").asText())
            && location.path("inventory").isIntegralNumber()) {
          return Level.read(w, location.path("inventory").asLong(), at);
        }
      }
      return Level.unknown(
          w, at, "Flipkart lists SKU " + w.externalId() + " at no location " + locationId);
    }
    if (contains(answer.path("unavailable"), w.externalId())) {
      return Level.unknown(w, at, "Flipkart has no listing of SKU " + w.externalId());
    }
    if (contains(answer.path("invalid"), w.externalId())) {
      return Level.unknown(w, at, "Flipkart calls SKU " + w.externalId() + " invalid");
    }
    return Level.unknown(w, at, "Flipkart's answer does not mention SKU " + w.externalId());
  }

  private static boolean contains(JsonNode list, String sku) {
    for (JsonNode entry : list) {
      if (sku.equals(entry.isTextual() ? entry.textValue() : entry.path("sku_id").asText())) {
        return true;
      }
    }
    return false;
  }

  private HttpResponse<String> send(URI uri, boolean mayRefresh) {
    FlipkartTokens.Grant grant = ReadAnswers.await("Flipkart", tokens.token());
    if (grant.token() == null) {
      CallOutcome failure = grant.failure();
      if (failure instanceof CallOutcome.Refused r) {
        throw new IllegalStateException(
            "Flipkart: " + r.detail() + " (the channel's credentials were refused)");
      }
      String detail =
          failure instanceof CallOutcome.Unavailable u ? u.detail() : String.valueOf(failure);
      throw new UncheckedIOException("Flipkart: " + detail, new IOException(detail));
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(context.requestTimeout())
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + grant.token().value())
            .GET()
            .build();
    HttpResponse<String> response =
        ReadAnswers.await(
            "Flipkart",
            context
                .http()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    if (response.statusCode() == 401) {
      tokens.invalidate(grant.token());
      if (mayRefresh) {
        return send(uri, false);
      }
    }
    return response;
  }

  /** RFC 3986 percent-encoding of a SKU in the path (a comma in a SKU is encoded too). */
  private static String encode(String sku) {
    StringBuilder out = new StringBuilder();
    for (byte b : sku.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
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
