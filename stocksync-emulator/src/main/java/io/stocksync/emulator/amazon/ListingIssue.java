package io.stocksync.emulator.amazon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One problem with a listing submission, as the Listings Items API reports it in a submission's
 * {@code issues} and as a feed processing report lists it. Immutable.
 *
 * @param code the issue code
 * @param message what is wrong
 * @param attributeName the attribute concerned, or null
 * @param category one of the Listings Items API issue categories ({@code INVALID_ATTRIBUTE}, …)
 */
record ListingIssue(String code, String message, String attributeName, String category) {

  /** Amazon's code for "The provided value for '…' is invalid." (seen in real answers). */
  static final String INVALID_VALUE = "4000001";

  /** The emulator's own code for a listing set to fail by the {@code failListings} fault. */
  static final String EMULATOR_FAULT = "STOCKSYNC_EMULATOR_FAULT";

  /** The emulator's own code for an unknown SKU when {@code createUnknown} is off. */
  static final String UNKNOWN_SKU = "STOCKSYNC_EMULATOR_UNKNOWN_SKU";

  static ListingIssue invalidFulfillmentAvailability(String why) {
    return new ListingIssue(
        INVALID_VALUE,
        "The provided value for 'fulfillment_availability' is invalid: " + why,
        FulfillmentAvailability.ATTRIBUTE,
        "INVALID_ATTRIBUTE");
  }

  static ListingIssue fault() {
    return new ListingIssue(
        EMULATOR_FAULT,
        "This listing cannot be changed (the emulator's failListings fault).",
        null,
        "INVALID_ATTRIBUTE");
  }

  static ListingIssue unknownSku(String sku) {
    return new ListingIssue(
        UNKNOWN_SKU,
        "The SKU '"
            + sku
            + "' is not a listing of this seller (the emulator's createUnknown is off).",
        null,
        "MISSING_ATTRIBUTE");
  }

  /** The {@code Issue} shape of {@code ListingsItemSubmissionResponse}. */
  Map<String, Object> forSubmission() {
    Map<String, Object> issue = new LinkedHashMap<>();
    issue.put("code", code);
    issue.put("message", message);
    issue.put("severity", "ERROR");
    if (attributeName != null) {
      issue.put("attributeNames", List.of(attributeName));
    }
    issue.put("categories", List.of(category));
    return issue;
  }

  /** The issue shape of the JSON listings feed processing report (v2). */
  Map<String, Object> forReport(long messageId, String sku) {
    Map<String, Object> issue = new LinkedHashMap<>();
    issue.put("messageId", messageId);
    issue.put("sku", sku);
    issue.put("code", code);
    issue.put("severity", "ERROR");
    issue.put("message", message);
    if (attributeName != null) {
      issue.put("attributeName", attributeName);
    }
    return issue;
  }
}
