package io.stocksync.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the official marketplace contracts the project keeps beside it, in {@code ../shared/specs}
 * relative to the repository root; they are read in place, never copied in.
 *
 * <p>Where to look: the system property {@code stocksync.specs.dir}, else the environment variable
 * {@code STOCKSYNC_SPECS_DIR}, else the first {@code shared/specs} found walking up from the
 * working directory (so it works from the repository root and from a module directory alike).
 *
 * <p>Stateless and thread-safe.
 */
public final class OfficialSpecs {

  /** The Shopify Admin GraphQL 2026-10 introspection result, relative to the specs directory. */
  public static final String SHOPIFY_ADMIN_2026_10 = "shopify/admin_2026-10.json.gz";

  /** Amazon's Listings Items API 2021-08-01 model (OpenAPI 2), relative to the specs directory. */
  public static final String AMAZON_LISTINGS_ITEMS = "amazon/listingsItems_2021-08-01.json";

  /** Amazon's Feeds API 2021-06-30 model (OpenAPI 2). */
  public static final String AMAZON_FEEDS = "amazon/feeds_2021-06-30.json";

  /** The JSON Schema of a {@code JSON_LISTINGS_FEED} document, v2. */
  public static final String AMAZON_LISTINGS_FEED = "amazon/listings-feed-schema-v2.json";

  /** The JSON Schema of one message of that feed, v2. */
  public static final String AMAZON_LISTINGS_FEED_MESSAGE =
      "amazon/listings-feed-message-schema-v2.json";

  /** The JSON Schema of that feed's processing report, v2. */
  public static final String AMAZON_LISTINGS_FEED_REPORT =
      "amazon/listings-feed-processing-report-schema-v2.json";

  private OfficialSpecs() {}

  /** The file {@code relative} to the specs directory, if it is there. */
  public static Optional<Path> find(String relative) {
    return directory().map(dir -> dir.resolve(relative)).filter(Files::isRegularFile);
  }

  /** The specs directory, if one can be found. */
  public static Optional<Path> directory() {
    String configured =
        System.getProperty("stocksync.specs.dir", System.getenv("STOCKSYNC_SPECS_DIR"));
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isDirectory);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("specs");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
