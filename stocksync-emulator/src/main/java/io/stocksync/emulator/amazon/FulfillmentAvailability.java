package io.stocksync.emulator.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the seller-fulfilled quantity out of a listing submission: the {@code
 * fulfillment_availability} attribute, whose entry with {@code fulfillment_channel_code} {@code
 * DEFAULT} carries the merchant-fulfilled {@code quantity} (entries for Amazon's own channels, such
 * as {@code AMAZON_NA}, are Amazon-managed and ignored). The entry is kept whole, so that a {@code
 * replace} (which drops what it does not send, such as {@code lead_time_to_ship_max_days} and
 * {@code restock_date}) and a {@code merge} (which keeps them) can be told apart. Every other
 * attribute is accepted and not modelled.
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
   * One change a submission makes to the {@code DEFAULT} entry of {@code fulfillment_availability}.
   *
   * @param op {@code replace} (also {@code add}: Amazon documents both as "adds or replaces"),
   *     {@code merge} or {@code delete}
   * @param entry the entry sent (null for {@code delete}): a {@code replace} makes it the whole
   *     entry, so any field it leaves out (handling time, restock date) is gone; a {@code merge}
   *     sets only the fields it names and keeps the rest
   */
  record Change(String op, ObjectNode entry) {}

  /**
   * What a submission does to the {@code DEFAULT} entry.
   *
   * @param changes applied in order; empty when the submission leaves the entry alone
   * @param issues why the submission is invalid; empty when it is valid
   */
  record Outcome(List<Change> changes, List<ListingIssue> issues) {

    /** Applies the changes to {@code entry} (empty when the listing has none yet), in place. */
    void applyTo(ObjectNode entry) {
      for (Change c : changes) {
        switch (c.op()) {
          case "merge" -> entry.setAll(c.entry());
          case "delete" -> entry.removeAll();
          default -> {
            entry.removeAll();
            entry.setAll(c.entry());
          }
        }
      }
    }
  }

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
    List<Change> changes = new ArrayList<>();
    List<ListingIssue> issues = new ArrayList<>();
    for (JsonNode patch : patches) {
      if (!PATCH_PATH.equals(patch.get("path").textValue())) {
        continue;
      }
      String op = patch.get("op").textValue();
      if ("delete".equals(op)) {
        // Without a fulfillment availability the listing has no seller-fulfilled stock.
        changes.add(new Change("delete", null));
        continue;
      }
      boolean merge = "merge".equals(op);
      Outcome one = ofValue(patch.get("value"), merge ? "merge" : "replace");
      issues.addAll(one.issues());
      changes.addAll(one.changes());
    }
    return new Outcome(issues.isEmpty() ? List.copyOf(changes) : List.of(), List.copyOf(issues));
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
    // UPDATE and PARTIAL_UPDATE both set a named attribute whole.
    return ofValue(value, "replace");
  }

  private static Outcome ofValue(JsonNode value, String op) {
    if (value == null || !value.isArray()) {
      return invalid("a value array is required");
    }
    ObjectNode sent = null;
    for (JsonNode entry : value) {
      JsonNode channel = entry.get("fulfillment_channel_code");
      // A merge must name its selector too ("Merge a listing": non-empty selector fields).
      if (channel == null || !channel.isTextual() || channel.textValue().isEmpty()) {
        return invalid("every entry needs a fulfillment_channel_code");
      }
      if (!DEFAULT_CHANNEL.equals(channel.textValue())) {
        continue;
      }
      JsonNode amount = entry.get("quantity");
      boolean quantityOptional = "merge".equals(op);
      if (amount == null && quantityOptional) {
        sent = (ObjectNode) entry;
        continue;
      }
      if (amount == null
          || !amount.isIntegralNumber()
          || !amount.canConvertToLong()
          || amount.longValue() < 0) {
        return invalid("the DEFAULT channel's quantity must be an integer of at least 0");
      }
      sent = (ObjectNode) entry;
    }
    if (sent == null) {
      return new Outcome(List.of(), List.of());
    }
    return new Outcome(List.of(new Change(op, sent.deepCopy())), List.of());
  }

  private static Outcome invalid(String why) {
    return new Outcome(List.of(), List.of(ListingIssue.invalidFulfillmentAvailability(why)));
  }

  /** The quantity of a {@code DEFAULT} entry: 0 when it has none (no seller-fulfilled stock). */
  static long quantityOf(ObjectNode entry) {
    JsonNode q = entry.get("quantity");
    return q != null && q.canConvertToLong() ? q.longValue() : 0;
  }
}
