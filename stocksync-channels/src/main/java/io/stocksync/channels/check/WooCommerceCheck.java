package io.stocksync.channels.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.channels.woocommerce.WooCommerceConnector;
import io.stocksync.core.port.Rows.ChannelRow;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WooCommerce's check, with the REST API v3 reads: {@code GET /products?per_page=1} for the
 * consumer key and secret (WooCommerce answers {@code woocommerce_rest_authentication_error} to a
 * wrong one), then {@code GET /products?include=…} for the products listed and {@code GET
 * /products/{id}/variations?include=…} for the variations of each parent, {@link #BATCH} ids a call
 * (WooCommerce's largest {@code per_page}). An id the answer leaves out does not exist.
 */
final class WooCommerceCheck implements ChannelCheck {
  /** Ids a read asks for: WooCommerce's largest page. */
  static final int BATCH = 100;

  private static final Logger log = LoggerFactory.getLogger(WooCommerceCheck.class);

  private final ChannelRow channel;
  private final String root;
  private final String basic;
  private final ConnectorContext context;
  private final TokenBucketPacer share;

  WooCommerceCheck(
      ChannelRow channel, ChannelDescriptor.Configuration c, ConnectorContext context) {
    this.channel = channel;
    this.root = c.baseUrl() + WooCommerceConnector.API_ROOT;
    this.basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (c.credential("consumerKey") + ":" + c.credential("consumerSecret"))
                        .getBytes(StandardCharsets.UTF_8));
    this.context = context;
    // WooCommerce publishes no rate: two reads a second for a test, bursts of four.
    this.share = ChannelPacing.shared(channel, "test", () -> new TokenBucketPacer(2, 4));
  }

  @Override
  public void run(List<Listing> listings, Instant deadline, Consumer<Check> results) {
    CheckCalls calls = new CheckCalls(context, deadline, share, null);
    CheckCalls.Answer keys = get(calls, "/products?per_page=1&_fields=id");
    if (!keys.ok()) {
      results.accept(Check.failed("credentials", reason(keys)));
      ShopifyCheck.notChecked(listings, results, "the keys were refused");
      return;
    }
    results.accept(Check.ok("credentials", "WooCommerce accepted the consumer key and secret"));
    // Products first, then each parent's variations, each in batches.
    Map<String, List<Listing>> byParent = new LinkedHashMap<>();
    for (Listing l : listings) {
      int slash = l.externalId().indexOf('/');
      String parent = slash < 0 ? "" : l.externalId().substring(0, slash);
      byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(l);
    }
    int done = 0;
    for (Map.Entry<String, List<Listing>> group : byParent.entrySet()) {
      String parent = group.getKey();
      List<Listing> all = group.getValue();
      for (int from = 0; from < all.size(); from += BATCH) {
        List<Listing> batch = all.subList(from, Math.min(all.size(), from + BATCH));
        String ids =
            batch.stream()
                .map(l -> own(l.externalId()))
                .distinct()
                .collect(Collectors.joining(","));
        String path =
            (parent.isEmpty() ? "/products" : "/products/" + parent + "/variations")
                + "?include="
                + ids
                + "&per_page="
                + BATCH
                + "&_fields=id,manage_stock";
        CheckCalls.Answer a = get(calls, path);
        Set<String> found = new HashSet<>();
        Map<String, JsonNode> items = new LinkedHashMap<>();
        if (a.ok()) {
          for (JsonNode item : a.json()) {
            found.add(item.path("id").asText());
            items.put(item.path("id").asText(), item);
          }
        }
        for (Listing l : batch) {
          String name = Check.listing(l);
          String id = own(l.externalId());
          String what =
              parent.isEmpty() ? "product " + id : "variation " + id + " of product " + parent;
          if (!a.ok()) {
            results.accept(Check.failed(name, reason(a)));
          } else if (!found.contains(id)) {
            results.accept(Check.failed(name, "WooCommerce has no " + what));
          } else if (Boolean.FALSE.equals(manages(items.get(id)))) {
            results.accept(
                Check.failed(name, what + " does not manage its stock (manage_stock is false)"));
          } else {
            results.accept(Check.ok(name, what));
          }
        }
        done += batch.size();
        if (listings.size() > BATCH) {
          log.info(
              "channel {} test: {} of {} listings checked", channel.id(), done, listings.size());
        }
      }
    }
  }

  private static Boolean manages(JsonNode item) {
    JsonNode m = item.path("manage_stock");
    return m.isBoolean() ? m.asBoolean() : null;
  }

  private static String own(String externalId) {
    int slash = externalId.indexOf('/');
    return slash < 0 ? externalId : externalId.substring(slash + 1);
  }

  private CheckCalls.Answer get(CheckCalls calls, String path) {
    return calls.send(
        HttpRequest.newBuilder(URI.create(root + path))
            .header("Accept", "application/json")
            .header("Authorization", basic)
            .GET());
  }

  private static String reason(CheckCalls.Answer a) {
    JsonNode code = a.json().path("code");
    if (code.isTextual()) {
      return "HTTP " + a.status() + " " + code.asText() + ": " + a.json().path("message").asText();
    }
    return a.reason();
  }
}
