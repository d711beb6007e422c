package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against a schema of the OpenAPI document: the subset of JSON Schema it uses
 * ({@code $ref}, {@code type} with {@code null}, {@code properties}, {@code required}, {@code
 * additionalProperties}, {@code items}, {@code enum}, {@code minimum}, {@code maximum}).
 */
final class SchemaCheck {
  private final JsonNode document;

  SchemaCheck(JsonNode document) {
    this.document = document;
  }

  /** Every mismatch, as {@code path: what}; empty when the value fits. */
  List<String> check(JsonNode value, JsonNode schema) {
    List<String> errors = new ArrayList<>();
    check(value, schema, "$", errors);
    return errors;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      schema = document.at(ref.substring(1));
      if (schema.isMissingNode()) {
        throw new IllegalArgumentException("dangling $ref " + ref);
      }
    }
    return schema;
  }

  private void check(JsonNode value, JsonNode schema, String at, List<String> errors) {
    schema = resolve(schema);
    JsonNode type = schema.get("type");
    if (type != null) {
      List<String> types = new ArrayList<>();
      if (type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else {
        types.add(type.asText());
      }
      if (types.stream().noneMatch(t -> is(value, t))) {
        errors.add(at + ": " + kind(value) + " is not " + types);
        return;
      }
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode option : schema.get("enum")) {
        found |= option.equals(value);
      }
      if (!found) {
        errors.add(at + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        errors.add(at + ": below the minimum");
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        errors.add(at + ": above the maximum");
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          errors.add(at + ": missing " + required.asText());
        }
      }
      for (Map.Entry<String, JsonNode> f : value.properties()) {
        String path = at + "." + f.getKey();
        if (properties.has(f.getKey())) {
          check(f.getValue(), properties.get(f.getKey()), path, errors);
        } else {
          JsonNode additional = schema.get("additionalProperties");
          if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
            errors.add(path + ": not in the schema");
          } else if (additional != null && additional.isObject()) {
            check(f.getValue(), additional, path, errors);
          }
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.get("items"), at + "[" + i + "]", errors);
      }
    }
  }

  private static boolean is(JsonNode v, String type) {
    return switch (type) {
      case "null" -> v.isNull();
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> throw new IllegalArgumentException("unknown type " + type);
    };
  }

  private static String kind(JsonNode v) {
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
