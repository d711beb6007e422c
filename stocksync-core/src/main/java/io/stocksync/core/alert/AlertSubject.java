package io.stocksync.core.alert;

/**
 * What one alert is about: its kind and the SKU, channel and location it names (each null when the
 * kind's subject has none). At most one alert is open per subject (SPEC §10).
 */
public record AlertSubject(AlertKind kind, String sku, String channel, String location) {

  public AlertSubject {
    if (kind == null) {
      throw new IllegalArgumentException("an alert subject needs a kind");
    }
  }

  /** A SKU's alert (LOW_STOCK, OVERSOLD). */
  public static AlertSubject ofSku(AlertKind kind, String sku) {
    return new AlertSubject(kind, sku, null, null);
  }

  /** A SKU's alert at one location (LOW_STOCK per location). */
  public static AlertSubject ofSkuAt(AlertKind kind, String sku, String location) {
    return new AlertSubject(kind, sku, null, location);
  }

  /** A listing's alert (PUSH_FAILED, DRIFT). */
  public static AlertSubject ofListing(AlertKind kind, String channel, String sku) {
    return new AlertSubject(kind, sku, channel, null);
  }

  /** A channel's alert (CHANNEL_LAGGING, CREDENTIALS_REJECTED, ORDER_FEED_STALLED, ...). */
  public static AlertSubject ofChannel(AlertKind kind, String channel) {
    return new AlertSubject(kind, null, channel, null);
  }
}
