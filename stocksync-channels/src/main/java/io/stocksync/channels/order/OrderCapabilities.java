package io.stocksync.channels.order;

import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.channels.webhook.WebhookConnector;
import io.stocksync.channels.woocommerce.WooCommerceConnector;
import io.stocksync.core.port.Rows.ChannelRow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Which order-feed capabilities a channel has, for its configuration (SPEC §9): webhooks where its
 * marketplace signs them and a secret is set, polling where its order API is read here. Amazon's
 * and Flipkart's order APIs are not read yet (docs/orders.md).
 */
public final class OrderCapabilities {
  private OrderCapabilities() {}

  /** The channel's webhook intake, or empty when its type has none or it has no secret. */
  public static Optional<WebhookIntake> webhooks(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    return switch (channel.type()) {
      case "shopify", "woocommerce", "webhook" -> {
        Object both = both(channel, credentials, context);
        yield both instanceof WebhookIntake w ? Optional.of(w) : Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  /** The channel's order polling, or empty when its type's order API is not read here. */
  public static Optional<OrderFeed> polling(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    Object both = both(channel, credentials, context);
    if (both instanceof WebhookOrders w && !w.polls()) {
      return Optional.empty();
    }
    return both instanceof OrderFeed f ? Optional.of(f) : Optional.empty();
  }

  private static Object both(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    switch (channel.type()) {
      case "shopify" -> {
        ChannelDescriptor.Configuration c =
            ShopifyConnector.DESCRIPTOR.configure(channel, credentials);
        return new ShopifyOrders(
            channel.id(),
            credentials.get("webhookSecret"),
            URI.create(c.baseUrl() + ShopifyConnector.GRAPHQL_PATH),
            c.credential("accessToken"),
            context.http(),
            context.requestTimeout());
      }
      case "woocommerce" -> {
        ChannelDescriptor.Configuration c =
            WooCommerceConnector.DESCRIPTOR.configure(channel, credentials);
        String basic =
            Base64.getEncoder()
                .encodeToString(
                    (c.credential("consumerKey") + ":" + c.credential("consumerSecret"))
                        .getBytes(StandardCharsets.UTF_8));
        return new WooCommerceOrders(
            channel.id(),
            credentials.get("webhookSecret"),
            URI.create(c.baseUrl()),
            "Basic " + basic,
            context.http(),
            context.requestTimeout());
      }
      case "webhook" -> {
        ChannelDescriptor.Configuration c =
            WebhookConnector.DESCRIPTOR.configure(channel, credentials);
        String ordersUrl = c.text("ordersUrl");
        return new WebhookOrders(
            channel.id(),
            c.credential("secret"),
            ordersUrl == null ? null : URI.create(ordersUrl),
            context.http(),
            context.requestTimeout());
      }
      default -> {
        return null;
      }
    }
  }
}
