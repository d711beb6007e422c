package io.stocksync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

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
}
