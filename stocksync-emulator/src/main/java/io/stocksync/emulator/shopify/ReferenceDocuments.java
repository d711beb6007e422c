package io.stocksync.emulator.shopify;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Shopify's rule for {@code InventorySetQuantitiesInput.referenceDocumentUri}, as the Admin API
 * 2026-10 schema describes it: optional; when given, a valid URI with a scheme and content, and in
 * the preferred {@code gid://app/Entity/id} form all three components present. What Shopify does
 * beyond that description (length limits, which schemes) is unconfirmed: the emulator checks only
 * what the description says.
 */
final class ReferenceDocuments {

  private ReferenceDocuments() {}

  static boolean valid(Object value) {
    if (value == null) {
      return true; // optional
    }
    if (!(value instanceof String text) || text.isBlank()) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return false;
    }
    if (uri.getScheme() == null) {
      return false;
    }
    String rest = uri.getRawSchemeSpecificPart();
    if (rest == null || rest.isEmpty() || rest.equals("//")) {
      return false;
    }
    if (uri.getScheme().equals("gid")) {
      String path = uri.getPath() == null ? "" : uri.getPath();
      String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
      return uri.getAuthority() != null
          && parts.length == 2
          && !parts[0].isEmpty()
          && !parts[1].isEmpty();
    }
    return true;
  }
}
