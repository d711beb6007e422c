package io.stocksync.channels;

import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.channels.webhook.WebhookConnector;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The connector factories by channel type ({@code shopify}, {@code webhook}, …). Amazon, Flipkart
 * and WooCommerce plug in here, one package each, when their connectors exist; until then their
 * channels' pushes stay queued and each attempt is logged {@code MISCONFIGURED}. Immutable.
 */
public final class Connectors {

  private final Map<String, ConnectorFactory> byType;

  private Connectors(Map<String, ConnectorFactory> byType) {
    this.byType = Map.copyOf(byType);
  }

  /** Every connector this module has: {@code shopify} and {@code webhook}. */
  public static Connectors standard() {
    return new Connectors(
        Map.of(
            ShopifyConnector.TYPE,
            ShopifyConnector::create,
            WebhookConnector.TYPE,
            WebhookConnector::create));
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
