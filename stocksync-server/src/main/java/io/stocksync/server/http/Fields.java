package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.StorableValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one JSON object of a request body, collecting an error for each bad one
 * (named as the HTTP contract spells it, with a prefix for nested objects: {@code rules.percent},
 * {@code components[1].sku}). Every string is checked against what the store can hold, and every
 * code is normalised, by {@link StorableValues}. Not thread-safe; one per object read.
 */
final class Fields {

  /** The longest code (SKU, location, channel id) accepted, in characters. */
  static final int MAX_CODE = StorableValues.MAX_CODE_LENGTH;

  /** The longest free text (a name, an external id) accepted, in characters. */
  static final int MAX_TEXT = StorableValues.MAX_NAME_LENGTH;

  private final ObjectNode node;
  private final String prefix;
  private final List<FieldError> errors;

  Fields(ObjectNode node, String prefix, List<FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** The fields of {@code node}, or an error when it is not an object. */
  static Fields of(JsonNode node, String name, List<FieldError> errors) {
    if (node instanceof ObjectNode o) {
      return new Fields(o, name.isEmpty() ? "" : name + ".", errors);
    }
    errors.add(new FieldError(name.isEmpty() ? "body" : name, "must be a JSON object"));
    return null;
  }

  String name(String field) {
    return prefix + field;
  }

  void error(String field, String message) {
    errors.add(new FieldError(name(field), message));
  }

  /** How many fields the object has. */
  int size() {
    return node.size();
  }

  /** The object's field names, in the body's order. */
  List<String> names() {
    List<String> names = new java.util.ArrayList<>(node.size());
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  boolean has(String field) {
    return node.has(field);
  }

  /** Refuses every field not in {@code known}. */
  void onlyKnown(Set<String> known) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String n = field.getKey();
      if (!known.contains(n)) {
        errors.add(new FieldError(name(n), "unknown field"));
      }
    }
  }

  /** A string of at most {@code max} characters; null when absent or null. */
  String text(String field, boolean required, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      error(field, "must be a string");
      return null;
    }
    String s = v.textValue();
    if (required && s.isBlank()) {
      error(field, "must not be blank");
      return null;
    }
    String problem = StorableValues.problemWithText(s, max);
    if (problem != null) {
      error(field, problem);
      return null;
    }
    return s;
  }

  /** A code (SPEC §7), trimmed and NFC-normalised; null (with an error when bad) otherwise. */
  String code(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      error(field, "must be a string");
      return null;
    }
    String code = StorableValues.normaliseCode(v.textValue());
    String problem = StorableValues.problemWithCode(code);
    if (problem != null) {
      error(field, problem);
      return null;
    }
    return code;
  }

  static boolean hasControlCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** An integer in {@code [min, max]}; null when absent or null. */
  Long integer(String field, boolean required, long min, long max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isIntegralNumber()) {
      error(field, "must be an integer");
      return null;
    }
    if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      error(field, "must be between " + min + " and " + max);
      return null;
    }
    return v.longValue();
  }

  /** A number greater than 0 and at most {@code max}; null when absent or null. */
  Double positive(String field, double max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      error(field, "must be a number");
      return null;
    }
    double d = v.doubleValue();
    if (!(d > 0) || d > max) {
      error(field, "must be greater than 0 and at most " + (long) max);
      return null;
    }
    return d;
  }

  /** A boolean; null when absent or null. */
  Boolean bool(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isBoolean()) {
      error(field, "must be true or false");
      return null;
    }
    return v.booleanValue();
  }

  /** A nested object's fields; null when absent or null. */
  Fields object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!(v instanceof ObjectNode o)) {
      error(field, "must be an object");
      return null;
    }
    return new Fields(o, name(field) + ".", errors);
  }

  /** An array; null when absent or null. */
  ArrayNode array(String field, int maxItems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!(v instanceof ArrayNode a)) {
      error(field, "must be an array");
      return null;
    }
    if (a.size() > maxItems) {
      error(field, "must have at most " + maxItems + " items");
      return null;
    }
    return a;
  }

  ObjectNode node() {
    return node;
  }

  /**
   * A code taken from the path ({@code {sku}}, {@code {code}}, {@code {id}}), normalised as one in
   * a body is (so {@code /v1/skus/%20MUG} is {@code MUG}); a bad one is a 400 naming {@code field}.
   */
  static String code(String field, String value) {
    String code = StorableValues.normaliseCode(value);
    if (code == null || code.isEmpty()) {
      throw Problem.field(field, "must not be blank");
    }
    String problem = StorableValues.problemWithCode(code);
    if (problem != null) {
      throw Problem.field(field, problem);
    }
    return code;
  }
}
