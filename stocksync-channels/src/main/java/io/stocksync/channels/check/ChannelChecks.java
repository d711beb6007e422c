package io.stocksync.channels.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.Connectors;
import io.stocksync.channels.amazon.AmazonConnector;
import io.stocksync.channels.check.ChannelCheck.Check;
import io.stocksync.channels.check.ChannelCheck.Listing;
import io.stocksync.channels.check.ChannelCheck.Report;
import io.stocksync.channels.flipkart.FlipkartConnector;
import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.channels.webhook.WebhookConnector;
import io.stocksync.channels.woocommerce.WooCommerceConnector;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which check a channel has, and a whole test run: the offline checks of its type first (the same
 * rules as at {@code PUT}), then its marketplace's {@link ChannelCheck} with read calls, within a
 * time bound. Stateless; thread-safe.
 */
public final class ChannelChecks {
  private ChannelChecks() {}

  /**
   * The check of {@code channel} as configured with {@code credentials}.
   *
   * @throws IllegalArgumentException when the channel does not pass its type's offline checks
   *     (naming the first field), or its type is unknown
   */
  public static ChannelCheck of(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    return switch (channel.type()) {
      case ShopifyConnector.TYPE ->
          new ShopifyCheck(
              channel, ShopifyConnector.DESCRIPTOR.configure(channel, credentials), context);
      case AmazonConnector.TYPE ->
          new AmazonCheck(
              channel, AmazonConnector.DESCRIPTOR.configure(channel, credentials), context);
      case FlipkartConnector.TYPE ->
          new FlipkartCheck(
              channel, FlipkartConnector.DESCRIPTOR.configure(channel, credentials), context);
      case WooCommerceConnector.TYPE ->
          new WooCommerceCheck(
              channel, WooCommerceConnector.DESCRIPTOR.configure(channel, credentials), context);
      case WebhookConnector.TYPE ->
          new WebhookCheck(
              channel, WebhookConnector.DESCRIPTOR.configure(channel, credentials), context);
      default ->
          throw new IllegalArgumentException("type has no connection test: " + channel.type());
    };
  }

  /**
   * Tests {@code channel}: the offline checks, then (when they pass) the marketplace's, until
   * {@code budget} runs out; checks not reached by then fail as not checked. Never throws for a
   * marketplace's answer.
   */
  public static Report test(
      ChannelRow channel,
      Map<String, String> credentials,
      List<Listing> listings,
      ConnectorContext context,
      Duration budget) {
    Instant deadline = context.clock().instant().plus(budget);
    List<Check> checks = new ArrayList<>();
    ChannelDescriptor descriptor = Connectors.descriptor(channel.type()).orElse(null);
    if (descriptor == null) {
      checks.add(Check.failed("type", "unknown channel type " + channel.type()));
      return Report.of(checks);
    }
    List<FieldError> offline =
        descriptor.problems(channel.baseUrl(), settings(channel), credentialsNode(credentials));
    for (FieldError e : offline) {
      checks.add(Check.failed(e.field(), e.message()));
    }
    List<Listing> online = new ArrayList<>();
    for (Listing l : listings) {
      FieldError e = descriptor.listingProblem(l.externalId(), l.fieldsJson());
      if (e != null) {
        checks.add(Check.failed(Check.listing(l), e.field() + " " + e.message()));
      } else {
        online.add(l);
      }
    }
    if (!offline.isEmpty()) {
      checks.add(
          Check.failed("marketplace", "not checked: the channel does not pass its offline checks"));
      return Report.of(checks);
    }
    ChannelCheck check = of(channel, credentials, context);
    List<Check> reached = new ArrayList<>();
    try {
      check.run(online, deadline, reached::add);
    } catch (ChannelCheck.OutOfTime e) {
      Set<String> names = new HashSet<>();
      reached.forEach(c -> names.add(c.name()));
      String why = "not checked: the test ran out of its " + budget.toSeconds() + " s";
      if (!names.contains("credentials")) {
        reached.add(Check.failed("credentials", why));
      }
      int missing = 0;
      for (Listing l : online) {
        if (!names.contains(Check.listing(l))) {
          missing++;
        }
      }
      if (missing > 0 && !names.contains("listings")) {
        reached.add(Check.failed("listings", why + " (" + missing + " listings)"));
      }
    }
    checks.addAll(0, reached);
    return Report.of(checks);
  }

  private static ObjectNode settings(ChannelRow channel) {
    String json = channel.settingsJson();
    try {
      JsonNode node = json == null || json.isBlank() ? null : CheckCalls.json().readTree(json);
      return node instanceof ObjectNode o ? o : CheckCalls.json().createObjectNode();
    } catch (IOException e) {
      return CheckCalls.json().createObjectNode();
    }
  }

  private static ObjectNode credentialsNode(Map<String, String> credentials) {
    ObjectNode node = CheckCalls.json().createObjectNode();
    if (credentials != null) {
      credentials.forEach(node::put);
    }
    return node;
  }
}
