package io.stocksync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.core.inventory.PendingPush;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the Amazon connector writes and reads: the {@code ListingsItemPatchRequest} of {@code
 * patchListingsItem} (Listings Items 2021-08-01), the {@code JSON_LISTINGS_FEED} v2 document, and
 * the answers to both (a {@code ListingsItemSubmissionResponse}, a feed processing report). Both
 * requests set only the seller-fulfilled quantity: a {@code merge} of {@code
 * fulfillment_availability} with {@code fulfillment_channel_code} {@code DEFAULT}, which leaves the
 * entry's other fields (handling time, restock date) as the seller set them. Stateless.
 */
final class ListingsDocuments {

  /** The attribute holding a listing's quantity. */
  static final String PATH = "/attributes/fulfillment_availability";

  /** The fulfillment channel of the seller's own stock (merchant-fulfilled). */
  static final String DEFAULT_CHANNEL = "DEFAULT";

  /**
   * Sent when a listing names no {@code productType}: Amazon's generic product type, used in its
   * own examples of quantity-only patches (not confirmed to be accepted for every listing).
   */
  static final String FALLBACK_PRODUCT_TYPE = "PRODUCT";

  /** The feed document's content type, repeated on its upload. */
  static final String FEED_CONTENT_TYPE = "application/json; charset=UTF-8";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ListingsDocuments() {}

  /** The listing's {@code productType}, from its fields (the fallback when it has none). */
  static String productType(PendingPush push) {
    String fields = push.fieldsJson();
    if (fields != null && !fields.isBlank()) {
      try {
        JsonNode node = JSON.readTree(fields).path("productType");
        if (node.isTextual() && !node.textValue().isBlank()) {
          return node.textValue();
        }
      } catch (IOException notJson) {
        // Listing fields are validated on the way in; a stray value falls back.
      }
    }
    return FALLBACK_PRODUCT_TYPE;
  }

  /** The {@code ListingsItemPatchRequest} setting the push's quantity. */
  static String patchRequest(PendingPush push) {
    ObjectNode body = JSON.createObjectNode();
    body.put("productType", productType(push));
    addPatches(body, push.target());
    return write(body);
  }

  /**
   * The {@code JSON_LISTINGS_FEED} document: one {@code PATCH} message per push, {@code messageId}
   * = position + 1.
   */
  static byte[] feed(String sellerId, List<PendingPush> pushes) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode header = root.putObject("header");
    header.put("sellerId", sellerId);
    header.put("version", "2.0");
    header.put("issueLocale", "en_US");
    ArrayNode messages = root.putArray("messages");
    for (int i = 0; i < pushes.size(); i++) {
      PendingPush p = pushes.get(i);
      ObjectNode message = messages.addObject();
      message.put("messageId", i + 1);
      message.put("sku", p.externalId());
      message.put("operationType", "PATCH");
      message.put("productType", productType(p));
      addPatches(message, p.target());
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void addPatches(ObjectNode into, long quantity) {
    ObjectNode patch = into.putArray("patches").addObject();
    // "merge" changes only the fields sent in the entry its selector (fulfillment_channel_code)
    // names: the seller's handling time (lead_time_to_ship_max_days) and restock_date stay as
    // they are. "replace" would set the attribute whole and drop them. Amazon added "merge" to
    // patchListingsItem and JSON_LISTINGS_FEED on 2025-06-16 (changelog "Listings Items
    // v2021-08-01 API and JSON_LISTING_FEED now include a JSON patch merge operation"; tutorial
    // "Merge a listing"); both official schemas list it among PatchOperation's ops.
    patch.put("op", "merge");
    patch.put("path", PATH);
    ObjectNode value = patch.putArray("value").addObject();
    value.put("fulfillment_channel_code", DEFAULT_CHANNEL);
    value.put("quantity", quantity);
  }

  /**
   * Reads a {@code ListingsItemSubmissionResponse}: {@code ACCEPTED} applies the push; anything
   * else ({@code INVALID}) rejects it with the issues of severity {@code ERROR}. Null when the body
   * is not such a response.
   */
  static ItemResult submission(PendingPush push, String body) {
    JsonNode answer = parse(body);
    String status = answer.path("status").asText("");
    if ("ACCEPTED".equals(status)) {
      return new Applied(push.target());
    }
    if (status.isEmpty()) {
      return null;
    }
    List<JsonNode> errors = new ArrayList<>();
    for (JsonNode issue : answer.path("issues")) {
      if (!"WARNING".equals(issue.path("severity").asText())
          && !"INFO".equals(issue.path("severity").asText())) {
        errors.add(issue);
      }
    }
    return rejected(errors, status);
  }

  /**
   * Reads a feed processing report: per message, rejected when the report holds an {@code ERROR}
   * issue with its {@code messageId} (or, without one, with its {@code sku}). An {@code ERROR}
   * issue naming neither concerns the feed as a whole: it is returned in {@code feedIssues}, and
   * every other message fails with it, since the report does not say which messages it stopped.
   * Likewise when the summary counts more invalid messages ({@code messagesInvalid}) than the
   * issues name, or fewer accepted ({@code messagesAccepted}) than the rest: the messages the
   * report does not account for are never taken as applied.
   */
  static List<ItemResult> report(List<PendingPush> pushes, String body, List<String> feedIssues) {
    JsonNode report = parse(body);
    Map<Long, List<JsonNode>> errors = new HashMap<>();
    Map<String, List<JsonNode>> bySku = new HashMap<>();
    List<JsonNode> feedErrors = new ArrayList<>();
    for (JsonNode issue : report.path("issues")) {
      if (!"ERROR".equals(issue.path("severity").asText("ERROR"))) {
        continue;
      }
      if (issue.path("messageId").canConvertToLong()) {
        errors
            .computeIfAbsent(issue.path("messageId").longValue(), k -> new ArrayList<>())
            .add(issue);
      } else if (issue.path("sku").isTextual() && !issue.path("sku").textValue().isEmpty()) {
        bySku.computeIfAbsent(issue.path("sku").textValue(), k -> new ArrayList<>()).add(issue);
      } else {
        feedErrors.add(issue);
        feedIssues.add(describe(issue));
      }
    }
    List<ItemResult> results = new ArrayList<>();
    int rejected = 0;
    for (int i = 0; i < pushes.size(); i++) {
      List<JsonNode> own = new ArrayList<>(errors.getOrDefault((long) i + 1, List.of()));
      own.addAll(bySku.getOrDefault(pushes.get(i).externalId(), List.of()));
      if (own.isEmpty()) {
        results.add(new Applied(pushes.get(i).target()));
      } else {
        results.add(rejected(own, "ERROR"));
        rejected++;
      }
    }
    String unaccounted = unaccounted(report.path("summary"), pushes.size(), rejected, feedErrors);
    if (unaccounted != null) {
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) instanceof Applied) {
          results.set(i, new Rejected(AttemptStatus.REJECTED, FEED_LEVEL_ERROR, unaccounted));
        }
      }
    }
    return results;
  }

  /**
   * The code of a message failed because its feed's report does not account for it (a feed-level
   * issue, or summary counts the issues do not explain). Ours, not Amazon's.
   */
  static final String FEED_LEVEL_ERROR = "FEED_LEVEL_ERROR";

  /**
   * Why the messages without an issue of their own cannot be taken as applied, or null when they
   * can: a feed-level {@code ERROR}, or a summary whose counts the per-message issues do not
   * explain.
   */
  private static String unaccounted(
      JsonNode summary, int messages, int rejected, List<JsonNode> feedErrors) {
    if (!feedErrors.isEmpty()) {
      StringBuilder why = new StringBuilder("the feed's report has an error for the whole feed: ");
      for (int i = 0; i < feedErrors.size(); i++) {
        why.append(i == 0 ? "" : "; ").append(describe(feedErrors.get(i)));
      }
      return why.toString();
    }
    JsonNode invalid = summary.path("messagesInvalid");
    if (invalid.canConvertToLong() && invalid.longValue() > rejected) {
      return "the feed's report counts "
          + invalid.longValue()
          + " invalid messages but names "
          + rejected;
    }
    JsonNode accepted = summary.path("messagesAccepted");
    if (accepted.canConvertToLong() && accepted.longValue() < messages - rejected) {
      return "the feed's report counts "
          + accepted.longValue()
          + " accepted messages of "
          + messages
          + ", "
          + rejected
          + " of them named invalid";
    }
    return null;
  }

  private static Rejected rejected(List<JsonNode> errors, String fallbackCode) {
    if (errors.isEmpty()) {
      return new Rejected(AttemptStatus.REJECTED, fallbackCode, "no issue given");
    }
    StringBuilder message = new StringBuilder();
    for (JsonNode e : errors) {
      if (message.length() > 0) {
        message.append("; ");
      }
      message.append(e.path("message").asText(""));
    }
    return new Rejected(
        AttemptStatus.REJECTED,
        errors.get(0).path("code").asText(fallbackCode),
        HttpAnswers.quote(message.toString()));
  }

  private static String describe(JsonNode issue) {
    return issue.path("code").asText("")
        + ": "
        + HttpAnswers.quote(issue.path("message").asText(""));
  }

  /** The JSON of a body, or an empty object when it is none. */
  static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** The first error of a Selling Partner API error body, as {@code code: message (details)}. */
  static String error(String body) {
    JsonNode first = parse(body).path("errors").path(0);
    if (first.isMissingNode()) {
      return HttpAnswers.quote(body);
    }
    String details = first.path("details").asText("");
    return first.path("code").asText("")
        + ": "
        + first.path("message").asText("")
        + (details.isEmpty() ? "" : " (" + HttpAnswers.quote(details) + ")");
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
