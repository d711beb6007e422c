package io.stocksync.channels.order;

import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelPacing;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.amazon.AmazonConnector;
import io.stocksync.channels.amazon.LwaTokens;
import io.stocksync.channels.amazon.SpApi;
import io.stocksync.channels.flipkart.FlipkartConnector;
import io.stocksync.channels.flipkart.FlipkartTokens;
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
 * marketplace signs them and a secret is set, polling where its order API is read here: every
 * standard type (a webhook shop only with {@code settings.ordersUrl}). Amazon's and Flipkart's
 * feeds are kept per channel session ({@link FeedSessions}) so that their usage plans and tokens
 * outlive a pass.
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

  /**
   * The channel's webhook registration through its marketplace's API, or empty when its type has
   * none here or it has no {@code credentials.webhookSecret} to check deliveries with (a webhook
   * StockSync cannot verify would be refused anyway). The {@code webhook} type registers nothing:
   * the seller's own shop is told the address by the seller.
   */
  public static Optional<WebhookRegistration> registration(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    String secret = credentials.get("webhookSecret");
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    switch (channel.type()) {
      case "shopify" -> {
        ChannelDescriptor.Configuration c =
            ShopifyConnector.DESCRIPTOR.configure(channel, credentials);
        return Optional.of(
            new ShopifyWebhookRegistration(
                URI.create(c.baseUrl() + ShopifyConnector.GRAPHQL_PATH),
                c.credential("accessToken"),
                context.http(),
                context.requestTimeout()));
      }
      case "woocommerce" -> {
        ChannelDescriptor.Configuration c =
            WooCommerceConnector.DESCRIPTOR.configure(channel, credentials);
        return Optional.of(
            new WooCommerceWebhookRegistration(
                URI.create(c.baseUrl()),
                "Basic " + basic(c),
                secret,
                context.http(),
                context.requestTimeout()));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static String basic(ChannelDescriptor.Configuration c) {
    return Base64.getEncoder()
        .encodeToString(
            (c.credential("consumerKey") + ":" + c.credential("consumerSecret"))
                .getBytes(StandardCharsets.UTF_8));
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
        return new WooCommerceOrders(
            channel.id(),
            credentials.get("webhookSecret"),
            URI.create(c.baseUrl()),
            "Basic " + basic(c),
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
      case AmazonConnector.TYPE -> {
        return FeedSessions.of(channel, credentials, () -> amazon(channel, credentials, context));
      }
      case FlipkartConnector.TYPE -> {
        return FeedSessions.of(channel, credentials, () -> flipkart(channel, credentials, context));
      }
      default -> {
        return null;
      }
    }
  }

  private static OrderFeed amazon(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration c = AmazonConnector.DESCRIPTOR.configure(channel, credentials);
    LwaTokens tokens =
        new LwaTokens(
            URI.create(c.text("tokenUrl")),
            c.credential("clientId"),
            c.credential("clientSecret"),
            c.credential("refreshToken"),
            context);
    return new AmazonOrders(
        channel.id(), URI.create(c.baseUrl()), c.text("marketplaceId"), new SpApi(tokens, context));
  }

  private static OrderFeed flipkart(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    ChannelDescriptor.Configuration c =
        FlipkartConnector.DESCRIPTOR.configure(channel, credentials);
    return new FlipkartOrders(
        channel.id(),
        c.baseUrl(),
        new FlipkartTokens(c.baseUrl(), c.credential("appId"), c.credential("appSecret"), context),
        ChannelPacing.shared(channel, FlipkartConnector.PACING, c::pacer),
        context.http(),
        context.requestTimeout());
  }
}
