package io.stocksync.channels.readback;

import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.amazon.AmazonConnector;
import io.stocksync.channels.amazon.AmazonLevelReader;
import io.stocksync.channels.flipkart.FlipkartConnector;
import io.stocksync.channels.flipkart.FlipkartLevelReader;
import io.stocksync.channels.shopify.ShopifyConnector;
import io.stocksync.channels.shopify.ShopifyLevelReader;
import io.stocksync.channels.woocommerce.WooCommerceConnector;
import io.stocksync.channels.woocommerce.WooCommerceLevelReader;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.Map;
import java.util.Optional;

/**
 * Which channel can read its marketplace's held figures back (SPEC §12), and its reader: Shopify
 * ({@link ShopifyLevelReader}), Amazon ({@link AmazonLevelReader}), Flipkart ({@link
 * FlipkartLevelReader}) and WooCommerce ({@link WooCommerceLevelReader}). The {@code webhook} type
 * has none: a seller's own shop offers StockSync no read API. A reader holds its read share and its
 * token, so it is kept per channel configuration: the same channel, as configured, gets the same
 * reader on every call. Thread-safe.
 */
public final class ReadBackCapabilities {
  private ReadBackCapabilities() {}

  /**
   * The channel's level reader, or empty when its type has no read API here.
   *
   * @throws IllegalArgumentException naming the first field of the channel that does not do
   */
  public static Optional<LevelReader> reader(
      ChannelRow channel, Map<String, String> credentials, ConnectorContext context) {
    return switch (channel.type()) {
      case ShopifyConnector.TYPE ->
          Optional.of(
              ReaderSessions.of(
                  channel,
                  credentials,
                  () -> ShopifyLevelReader.create(channel, credentials, context)));
      case AmazonConnector.TYPE ->
          Optional.of(
              ReaderSessions.of(
                  channel,
                  credentials,
                  () -> AmazonLevelReader.create(channel, credentials, context)));
      case FlipkartConnector.TYPE ->
          Optional.of(
              ReaderSessions.of(
                  channel,
                  credentials,
                  () -> FlipkartLevelReader.create(channel, credentials, context)));
      case WooCommerceConnector.TYPE ->
          Optional.of(
              ReaderSessions.of(
                  channel,
                  credentials,
                  () -> WooCommerceLevelReader.create(channel, credentials, context)));
      default -> Optional.empty();
    };
  }
}
