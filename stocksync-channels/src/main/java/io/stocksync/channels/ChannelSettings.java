package io.stocksync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * A channel's {@code settings} object, read by connectors. Errors name the field, never a value
 * that could be a secret. Immutable.
 */
public final class ChannelSettings {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode node;

  private ChannelSettings(JsonNode node) {
    this.node = node;
  }

  /** Parses the stored settings JSON (null or blank: no settings). */
  public static ChannelSettings parse(String settingsJson) {
    if (settingsJson == null || settingsJson.isBlank()) {
      return new ChannelSettings(JSON.createObjectNode());
    }
    try {
      JsonNode node = JSON.readTree(settingsJson);
      if (!node.isObject()) {
        throw new IllegalArgumentException("settings must be a JSON object");
      }
      return new ChannelSettings(node);
    } catch (IOException e) {
      throw new IllegalArgumentException("settings are not valid JSON");
    }
  }

  /** A required text setting. */
  public String text(String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.textValue().isBlank()) {
      throw new IllegalArgumentException("settings." + field + " is required");
    }
    return v.textValue();
  }

  /** An optional text setting; {@code fallback} when absent or null. */
  public String text(String field, String fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual() || v.textValue().isBlank()) {
      throw new IllegalArgumentException("settings." + field + " must be a non-empty text");
    }
    return v.textValue();
  }

  /** An optional whole number between {@code min} and {@code max}. */
  public int integer(String field, int fallback, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
      throw new IllegalArgumentException(
          "settings." + field + " must be a whole number from " + min + " to " + max);
    }
    return v.intValue();
  }

  /** An optional positive number; {@code fallback} when absent. */
  public double positive(String field, double fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber() || !(v.doubleValue() > 0)) {
      throw new IllegalArgumentException("settings." + field + " must be a positive number");
    }
    return v.doubleValue();
  }

  /**
   * The token bucket of the optional {@code maxRequestsPerSecond} (with {@code burst}, default the
   * same, at least 1); {@code defaultRate} when absent, and no pacing at all (null) when that is
   * {@link Double#NaN}.
   */
  public TokenBucketPacer pacer(double defaultRate) {
    double rate = positive("maxRequestsPerSecond", defaultRate);
    return Double.isNaN(rate)
        ? null
        : new TokenBucketPacer(rate, Math.max(1, positive("burst", rate)));
  }

  /**
   * A channel's {@code baseUrl}, checked to be an http or https URL, without a trailing slash (the
   * connector appends the marketplace's own paths).
   */
  public static String httpRoot(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("baseUrl is required");
    }
    String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri;
    try {
      uri = URI.create(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("baseUrl is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("baseUrl must be an http or https URL");
    }
    return root;
  }

  /** A required credential; the message names the field, never the value. */
  public static String credential(Map<String, String> credentials, String field) {
    String value = credentials == null ? null : credentials.get(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("credentials." + field + " is required");
    }
    return value;
  }
}
