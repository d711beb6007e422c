package io.stocksync.emulator.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Processes one {@code JSON_LISTINGS_FEED} document (Selling Partner Listings Feed v2): checks the
 * feed and each message the way {@code listings-feed-schema-v2.json} and {@code
 * listings-feed-message-schema-v2.json} describe them, applies the valid messages in order to the
 * {@link AmazonListings}, and writes the processing report in the shape of {@code
 * listings-feed-processing-report-schema-v2.json}.
 *
 * <p>A document that is not JSON, lacks a valid header or has no (or too many) messages is fatal:
 * nothing is applied and the report carries one feed-level issue. A bad message is invalid on its
 * own; the others are still applied.
 *
 * <p>Stateless and thread-safe; the listings it writes to are themselves thread-safe.
 */
final class FeedProcessor {

  /** The most messages one feed may hold (feed schema v2 {@code maxItems}; Amazon's 25,000). */
  static final int MAX_MESSAGES = 25_000;

  static final String VERSION = "2.0";
  static final String API_VERSION = "2021-08-01";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OPERATION_TYPES =
      Set.of("UPDATE", "PARTIAL_UPDATE", "PATCH", "DELETE");
  private static final Set<String> REQUIREMENTS =
      Set.of("LISTING", "LISTING_PRODUCT_ONLY", "LISTING_OFFER_ONLY");
  private static final Set<String> INCLUDED_DATA =
      Set.of(
          "summaries",
          "attributes",
          "issues",
          "offers",
          "fulfillmentAvailability",
          "procurement",
          "relationships",
          "productTypes");

  /**
   * A processed feed.
   *
   * @param fatal whether the feed as a whole was refused (processing status FATAL)
   * @param report the processing report
   */
  record Result(boolean fatal, Map<String, Object> report) {}

  private FeedProcessor() {}

  /**
   * Processes {@code document} (null when nothing was uploaded) as feed {@code feedId}, applying
   * what it may to {@code listings}.
   */
  static Result process(String feedId, byte[] document, AmazonListings listings) {
    if (document == null) {
      return fatal(feedId, "", "The feed document was never uploaded.");
    }
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (IOException e) {
      return fatal(feedId, "", "The feed document is not valid JSON.");
    }
    if (root == null || !root.isObject()) {
      return fatal(feedId, "", "The feed document must be a JSON object.");
    }
    JsonNode header = root.get("header");
    String sellerId =
        header != null && header.path("sellerId").isTextual()
            ? header.get("sellerId").textValue()
            : "";
    String headerProblem = headerProblem(header);
    if (headerProblem != null) {
      return fatal(feedId, sellerId, headerProblem);
    }
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return fatal(feedId, sellerId, "'messages' must be an array of at least one message.");
    }
    if (messages.size() > MAX_MESSAGES) {
      return fatal(
          feedId,
          sellerId,
          "The feed has "
              + messages.size()
              + " messages; a feed may hold at most "
              + MAX_MESSAGES
              + ".");
    }
    JsonNode report = header.get("report");
    Set<String> included = new HashSet<>();
    if (report != null) {
      report.get("includedData").forEach(data -> included.add(data.textValue()));
    }

    List<Map<String, Object>> issues = new ArrayList<>();
    List<Map<String, Object>> items = new ArrayList<>();
    Set<Long> seenIds = new HashSet<>();
    int accepted = 0;
    for (JsonNode message : messages) {
      Long messageId = messageId(message);
      JsonNode skuNode = message.path("sku");
      String sku =
          skuNode.isTextual() && !skuNode.textValue().isEmpty() ? skuNode.textValue() : null;
      String problem = messageProblem(message);
      if (problem == null && !seenIds.add(messageId)) {
        problem = "messageId " + messageId + " appears more than once in this feed.";
      }
      if (problem != null) {
        issues.add(structuralIssue(messageId, sku, problem));
        continue;
      }
      AmazonListings.Verdict verdict = apply(sellerId, sku, message, listings);
      if (!verdict.accepted()) {
        verdict.issues().forEach(issue -> issues.add(issue.forReport(messageId, sku)));
        continue;
      }
      accepted++;
      if (report != null && !"DELETE".equals(message.get("operationType").textValue())) {
        items.add(item(sellerId, sku, included, listings));
      }
    }

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("errors", issues.size());
    summary.put("warnings", 0);
    summary.put("messagesProcessed", messages.size());
    summary.put("messagesAccepted", accepted);
    summary.put("messagesInvalid", messages.size() - accepted);
    if (report != null) {
      Map<String, Object> itemSummary = new LinkedHashMap<>();
      itemSummary.put("items", items.size());
      itemSummary.put("errors", 0);
      itemSummary.put("warnings", 0);
      summary.put("itemSummary", itemSummary);
    }
    Map<String, Object> reportHeader = header(sellerId, feedId);
    if (report != null) {
      reportHeader.put("report", JSON.convertValue(report, Map.class));
    }
    Map<String, Object> processingReport = new LinkedHashMap<>();
    processingReport.put("header", reportHeader);
    processingReport.put("issues", issues);
    processingReport.put("summary", summary);
    if (report != null) {
      processingReport.put("items", items);
    }
    return new Result(false, processingReport);
  }

  private static AmazonListings.Verdict apply(
      String sellerId, String sku, JsonNode message, AmazonListings listings) {
    switch (message.get("operationType").textValue()) {
      case "PATCH":
        return listings.submit(
            sellerId, sku, FulfillmentAvailability.ofPatches(message.get("patches")), false);
      case "DELETE":
        return listings.delete(sellerId, sku);
      default:
        return listings.submit(
            sellerId, sku, FulfillmentAvailability.ofAttributes(message.get("attributes")), false);
    }
  }

  private static Map<String, Object> item(
      String sellerId, String sku, Set<String> included, AmazonListings listings) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("sku", sku);
    if (included.contains("issues")) {
      item.put("issues", List.of());
    }
    Long quantity = listings.quantity(sellerId, sku);
    if (included.contains("fulfillmentAvailability") && quantity != null) {
      Map<String, Object> availability = new LinkedHashMap<>();
      availability.put("fulfillmentChannelCode", FulfillmentAvailability.DEFAULT_CHANNEL);
      availability.put("quantity", quantity);
      item.put("fulfillmentAvailability", List.of(availability));
    }
    return item;
  }

  /** Why the header is not a feed v2 header, or null when it is one. */
  private static String headerProblem(JsonNode header) {
    if (header == null || !header.isObject()) {
      return "The feed needs a 'header' object.";
    }
    if (!header.path("sellerId").isTextual()) {
      return "'header.sellerId' must be a string.";
    }
    if (!VERSION.equals(header.path("version").textValue())) {
      return "'header.version' must be \"2.0\".";
    }
    JsonNode issueLocale = header.get("issueLocale");
    if (issueLocale != null && !issueLocale.isTextual()) {
      return "'header.issueLocale' must be a string.";
    }
    JsonNode report = header.get("report");
    if (report == null) {
      return null;
    }
    JsonNode includedData = report.get("includedData");
    if (!report.isObject()
        || includedData == null
        || !includedData.isArray()
        || includedData.isEmpty()
        || !API_VERSION.equals(report.path("apiVersion").textValue())) {
      return "'header.report' needs 'includedData' (one or more data sets) and 'apiVersion'"
          + " \"2021-08-01\".";
    }
    for (JsonNode data : includedData) {
      if (!data.isTextual() || !INCLUDED_DATA.contains(data.textValue())) {
        return "'header.report.includedData' holds an unknown data set: " + data;
      }
    }
    return null;
  }

  /** Why a message does not follow the message schema v2, or null when it does. */
  private static String messageProblem(JsonNode message) {
    if (!message.isObject()) {
      return "A message must be a JSON object.";
    }
    if (messageId(message) == null) {
      return "'messageId' must be an integer from 1 to 2147483647.";
    }
    JsonNode sku = message.get("sku");
    if (sku == null || !sku.isTextual() || sku.textValue().isEmpty()) {
      return "'sku' must be a non-empty string.";
    }
    JsonNode type = message.get("operationType");
    if (type == null || !type.isTextual() || !OPERATION_TYPES.contains(type.textValue())) {
      return "'operationType' must be one of UPDATE, PARTIAL_UPDATE, PATCH, DELETE.";
    }
    JsonNode productType = message.get("productType");
    if (productType != null && (!productType.isTextual() || productType.textValue().isEmpty())) {
      return "'productType' must be a non-empty string.";
    }
    JsonNode requirements = message.get("requirements");
    if (requirements != null
        && (!requirements.isTextual() || !REQUIREMENTS.contains(requirements.textValue()))) {
      return "'requirements' must be one of LISTING, LISTING_PRODUCT_ONLY, LISTING_OFFER_ONLY.";
    }
    JsonNode attributes = message.get("attributes");
    if (attributes != null && (!attributes.isObject() || attributes.isEmpty())) {
      return "'attributes' must be an object with at least one attribute.";
    }
    JsonNode patches = message.get("patches");
    if (patches != null) {
      String problem = FulfillmentAvailability.patchesProblem(patches);
      if (problem != null) {
        return "'" + problem + "'.";
      }
    }
    String operation = type.textValue();
    switch (operation) {
      case "UPDATE":
        return require(
            message, operation, List.of("productType", "attributes"), List.of("patches"));
      case "PARTIAL_UPDATE":
        return require(
            message,
            operation,
            List.of("productType", "attributes"),
            List.of("requirements", "patches"));
      case "PATCH":
        return require(
            message,
            operation,
            List.of("productType", "patches"),
            List.of("requirements", "attributes"));
      default:
        return require(
            message,
            operation,
            List.of(),
            List.of("requirements", "attributes", "productType", "patches"));
    }
  }

  private static String require(
      JsonNode message, String operation, List<String> required, List<String> forbidden) {
    for (String field : required) {
      if (!message.has(field)) {
        return operation + " messages need '" + field + "'.";
      }
    }
    for (String field : forbidden) {
      if (message.has(field)) {
        return "'" + field + "' does not apply to " + operation + " messages.";
      }
    }
    return null;
  }

  private static Long messageId(JsonNode message) {
    JsonNode id = message.isObject() ? message.get("messageId") : null;
    if (id == null
        || !id.isIntegralNumber()
        || !id.canConvertToLong()
        || id.longValue() < 1
        || id.longValue() > Integer.MAX_VALUE) {
      return null;
    }
    return id.longValue();
  }

  private static Map<String, Object> structuralIssue(Long messageId, String sku, String message) {
    Map<String, Object> issue = new LinkedHashMap<>();
    if (messageId != null) {
      issue.put("messageId", messageId);
    }
    if (sku != null) {
      issue.put("sku", sku);
    }
    issue.put("severity", "ERROR");
    issue.put("message", message);
    return issue;
  }

  private static Result fatal(String feedId, String sellerId, String problem) {
    Map<String, Object> issue = new LinkedHashMap<>();
    issue.put("severity", "ERROR");
    issue.put("message", problem);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("errors", 1);
    summary.put("warnings", 0);
    summary.put("messagesProcessed", 0);
    summary.put("messagesAccepted", 0);
    summary.put("messagesInvalid", 0);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("header", header(sellerId, feedId));
    report.put("issues", List.of(issue));
    report.put("summary", summary);
    return new Result(true, report);
  }

  private static Map<String, Object> header(String sellerId, String feedId) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("sellerId", sellerId);
    header.put("version", VERSION);
    header.put("feedId", feedId);
    return header;
  }
}
