package io.stocksync.channels;

import io.stocksync.channels.amazon.AmazonConnector;
import io.stocksync.channels.flipkart.FlipkartConnector;
import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.channels.webhook.WebhookConnector;
import io.stocksync.channels.woocommerce.WooCommerceConnector;
import java.util.HashMap;
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
