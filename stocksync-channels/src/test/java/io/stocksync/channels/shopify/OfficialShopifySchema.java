package io.stocksync.channels.shopify;

import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import io.stocksync.emulator.OfficialSpecs;
import io.stocksync.emulator.shopify.ShopifySchema;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The official Admin API 2026-10 schema from {@code ../shared/specs}, as an executable schema whose
 * every field answers what the source map holds under the field's result key: executing a document
 * over a recorded answer coerces each value through the official types, and executing it over
 * nothing still coerces its variables.
 */
final class OfficialShopifySchema {

  private OfficialShopifySchema() {}

  /** The schema, if the specs are beside the project. */
  static Optional<GraphQLSchema> load() {
    return OfficialSpecs.find(OfficialSpecs.SHOPIFY_ADMIN_2026_10).map(OfficialShopifySchema::read);
  }

  static String where() {
    return "../shared/specs/"
        + OfficialSpecs.SHOPIFY_ADMIN_2026_10
        + " (looked from "
        + Path.of("").toAbsolutePath()
        + ")";
  }

  private static GraphQLSchema read(Path file) {
    // The emulator's loader, wired so that every field answers what the source map holds.
    DataFetcher<Object> fromAnswer =
        env ->
            env.getSource() instanceof Map<?, ?> map
                ? map.get(env.getField().getResultKey())
                : null;
    return ShopifySchema.load(file).executable(wiring -> {}, fromAnswer);
  }
}
