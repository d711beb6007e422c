package io.stocksync.emulator.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the seller-fulfilled quantity out of a listing submission: the {@code
 * fulfillment_availability} attribute, whose entry with {@code fulfillment_channel_code} {@code
 * DEFAULT} carries the merchant-fulfilled {@code quantity} (entries for Amazon's own channels, such
 * as {@code AMAZON_NA}, are Amazon-managed and ignored). Every other attribute is accepted and not
 * modelled.
 *
 * <p>Stateless and thread-safe.
 */
final class FulfillmentAvailability {

  static final String ATTRIBUTE = "fulfillment_availability";
  static final String PATCH_PATH = "/attributes/" + ATTRIBUTE;
  static final String DEFAULT_CHANNEL = "DEFAULT";

  /** The JSON Patch operations the Listings Items API accepts (PatchOperation.op). */
  static final Set<String> OPERATIONS = Set.of("add", "replace", "merge", "delete");

  /**
   * What a submission does to the quantity.
   *
   * @param quantity the new seller-fulfilled quantity, or null when the submission leaves it alone
   * @param issues why the submission is invalid; empty when it is valid
   */
  record Outcome(Long quantity, List<ListingIssue> issues) {}

  private FulfillmentAvailability() {}

  /**
   * Why {@code patches} is not a list of {@code PatchOperation}s ({@code op} one of add, replace,
   * merge, delete; {@code path} a string; {@code value}, when present, an array of objects), or
   * null when it is one with at least one element.
   */
  static String patchesProblem(JsonNode patches) {
    if (patches == null || !patches.isArray() || patches.isEmpty()) {
      return "patches must be an array of at least one JSON Patch operation";
    }
    for (int i = 0; i < patches.size(); i++) {
      JsonNode patch = patches.get(i);
      String at = "patches[" + i + "]";
      if (!patch.isObject()) {
        return at + " must be an object";
      }
      JsonNode op = patch.get("op");
      if (op == null || !op.isTextual() || !OPERATIONS.contains(op.textValue())) {
        return at + ".op must be one of add, replace, merge, delete";
      }
      JsonNode path = patch.get("path");
      if (path == null || !path.isTextual()) {
        return at + ".path must be a string";
      }
      JsonNode value = patch.get("value");
      if (value != null) {
        if (!value.isArray()) {
          return at + ".value must be an array of objects";
        }
        for (JsonNode element : value) {
          if (!element.isObject()) {
            return at + ".value must be an array of objects";
          }
        }
      }
    }
    return null;
  }

  /** The effect of structurally valid {@code patches} (see {@link #patchesProblem}). */
  static Outcome ofPatches(JsonNode patches) {
    Long quantity = null;
    List<ListingIssue> issues = new ArrayList<>();
    for (JsonNode patch : patches) {
      if (!PATCH_PATH.equals(patch.get("path").textValue())) {
        continue;
      }
      if ("delete".equals(patch.get("op").textValue())) {
        // Without a fulfillment availability the listing has no seller-fulfilled stock.
        quantity = 0L;
        continue;
      }
      Outcome one = ofValue(patch.get("value"));
      issues.addAll(one.issues());
      if (one.quantity() != null) {
        quantity = one.quantity();
      }
    }
    return new Outcome(issues.isEmpty() ? quantity : null, List.copyOf(issues));
  }

  /** The effect of a message's {@code attributes} (UPDATE and PARTIAL_UPDATE feed messages). */
  static Outcome ofAttributes(JsonNode attributes) {
    JsonNode value = attributes.get(ATTRIBUTE);
    if (value == null) {
      return new Outcome(null, List.of());
    }
    if (!value.isArray()) {
      return new Outcome(
          null, List.of(ListingIssue.invalidFulfillmentAvailability("it must be an array")));
    }
    return ofValue(value);
  }

  private static Outcome ofValue(JsonNode value) {
    if (value == null || !value.isArray()) {
      return new Outcome(
          null, List.of(ListingIssue.invalidFulfillmentAvailability("a value array is required")));
    }
    Long quantity = null;
    for (JsonNode entry : value) {
      JsonNode channel = entry.get("fulfillment_channel_code");
      if (channel == null || !channel.isTextual()) {
        return new Outcome(
            null,
            List.of(
                ListingIssue.invalidFulfillmentAvailability(
                    "every entry needs a fulfillment_channel_code")));
      }
      if (!DEFAULT_CHANNEL.equals(channel.textValue())) {
        continue;
      }
      JsonNode amount = entry.get("quantity");
      if (amount == null
          || !amount.isIntegralNumber()
          || !amount.canConvertToLong()
          || amount.longValue() < 0) {
        return new Outcome(
            null,
            List.of(
                ListingIssue.invalidFulfillmentAvailability(
                    "the DEFAULT channel's quantity must be an integer of at least 0")));
      }
      quantity = amount.longValue();
    }
    return new Outcome(quantity, List.of());
  }
}
