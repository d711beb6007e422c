package io.stocksync.channels;

import io.stocksync.channels.amazon.AmazonConnector;
import io.stocksync.channels.flipkart.FlipkartConnector;
import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.channels.webhook.WebhookConnector;
import io.stocksync.channels.woocommerce.WooCommerceConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector factories by channel type ({@code shopify}, {@code amazon}, {@code flipkart},
 * {@code woocommerce}, {@code webhook}), one package each. A channel of a type with no factory
 * keeps its pushes queued, and each attempt is logged {@code MISCONFIGURED}. Immutable.
 */
public final class Connectors {

  private final Map<String, ConnectorFactory> byType;

  private Connectors(Map<String, ConnectorFactory> byType) {
    this.byType = Map.copyOf(byType);
  }

  /**
   * Every connector this module has: {@code shopify}, {@code amazon}, {@code webhook}, {@code
   * flipkart} and {@code woocommerce}.
   */
  public static Connectors standard() {
    return new Connectors(
        Map.of(
            ShopifyConnector.TYPE,
            ShopifyConnector::create,
            AmazonConnector.TYPE,
            AmazonConnector::create,
            WebhookConnector.TYPE,
            WebhookConnector::create,
            FlipkartConnector.TYPE,
            FlipkartConnector::create,
            WooCommerceConnector.TYPE,
            WooCommerceConnector::create));
  }

  /**
   * The declaration of a standard channel type (SPEC §7): the one rule set its settings,
   * credentials and listing fields are checked by, at {@code PUT} and in its connector.
   */
  public static Optional<ChannelDescriptor> descriptor(String type) {
    return Optional.ofNullable(DESCRIPTORS.get(type));
  }

  /** The standard channel types, in SPEC §7's order. */
  public static List<String> types() {
    return TYPES;
  }

  private static final List<String> TYPES =
      List.of(
          ShopifyConnector.TYPE,
          AmazonConnector.TYPE,
          FlipkartConnector.TYPE,
          WooCommerceConnector.TYPE,
          WebhookConnector.TYPE);

  private static final Map<String, ChannelDescriptor> DESCRIPTORS =
      Map.of(
          ShopifyConnector.TYPE,
          ShopifyConnector.DESCRIPTOR,
          AmazonConnector.TYPE,
          AmazonConnector.DESCRIPTOR,
          FlipkartConnector.TYPE,
          FlipkartConnector.DESCRIPTOR,
          WooCommerceConnector.TYPE,
          WooCommerceConnector.DESCRIPTOR,
          WebhookConnector.TYPE,
          WebhookConnector.DESCRIPTOR);

  /** These with {@code factory} for {@code type} as well (or instead). */
  public Connectors with(String type, ConnectorFactory factory) {
    Map<String, ConnectorFactory> more = new HashMap<>(byType);
    more.put(type, factory);
    return new Connectors(more);
  }

  /** The factory of a channel type, if there is one. */
  public Optional<ConnectorFactory> factory(String type) {
    return Optional.ofNullable(byType.get(type));
  }
}
