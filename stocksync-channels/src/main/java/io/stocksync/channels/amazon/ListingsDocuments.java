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
 * requests set only the seller-fulfilled quantity: {@code fulfillment_availability} with {@code
 * fulfillment_channel_code} {@code DEFAULT}. Stateless.
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
    // "replace" sets the attribute whole: the DEFAULT entry with nothing but its quantity.
    patch.put("op", "replace");
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
   * issue with its {@code messageId}, else applied. Issues without a {@code messageId} concern the
   * feed as a whole and are returned in {@code feedIssues}.
   */
  static List<ItemResult> report(List<PendingPush> pushes, String body, List<String> feedIssues) {
    JsonNode report = parse(body);
    Map<Long, List<JsonNode>> errors = new HashMap<>();
    for (JsonNode issue : report.path("issues")) {
      if (!"ERROR".equals(issue.path("severity").asText("ERROR"))) {
        continue;
      }
      if (issue.path("messageId").canConvertToLong()) {
        errors
            .computeIfAbsent(issue.path("messageId").longValue(), k -> new ArrayList<>())
            .add(issue);
      } else {
        feedIssues.add(describe(issue));
      }
    }
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < pushes.size(); i++) {
      List<JsonNode> own = errors.get((long) i + 1);
      results.add(own == null ? new Applied(pushes.get(i).target()) : rejected(own, "ERROR"));
    }
    return results;
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
