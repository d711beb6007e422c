package io.stocksync.emulator.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.stocksync.emulator.OfficialSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Amazon's official contracts in {@code ../shared/specs/amazon}, read in place, as JSON Schema
 * validators: the OpenAPI 2 models' {@code definitions} (JSON Schema draft 4, validated through a
 * JSON pointer into the whole model file so their {@code #/definitions/…} references resolve) and
 * the listings feed schemas (draft 7).
 */
final class AmazonSchemas {

  private final SchemaRegistry openApi;
  private final SchemaRegistry draft7;
  private final Path directory;

  private AmazonSchemas(Path directory) {
    this.directory = directory;
    // Only files below the specs directory are read; nothing is fetched from the network.
    Function<String, String> files =
        iri -> {
          if (!iri.startsWith("file:")) {
            return null;
          }
          try {
            return Files.readString(Path.of(URI.create(iri)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    this.openApi =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b.schemas(files));
    this.draft7 =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b.schemas(files));
  }

  /** The schemas, when every Amazon contract is beside the project. */
  static Optional<AmazonSchemas> find() {
    for (String file :
        List.of(
            OfficialSpecs.AMAZON_LISTINGS_ITEMS,
            OfficialSpecs.AMAZON_FEEDS,
            OfficialSpecs.AMAZON_LISTINGS_FEED,
            OfficialSpecs.AMAZON_LISTINGS_FEED_MESSAGE,
            OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT)) {
      if (OfficialSpecs.find(file).isEmpty()) {
        return Optional.empty();
      }
    }
    return OfficialSpecs.directory().map(AmazonSchemas::new);
  }

  /** A definition of an OpenAPI 2 model, e.g. {@code ("amazon/feeds_2021-06-30.json", "Feed")}. */
  Schema definition(String model, String name) {
    return openApi.getSchema(SchemaLocation.of(uri(model) + "#/definitions/" + name));
  }

  /** A draft-7 schema file. */
  Schema schema(String file) {
    return draft7.getSchema(SchemaLocation.of(uri(file)));
  }

  /** The schema's complaints about {@code json}; empty when it is valid. */
  static List<String> problems(Schema schema, String json) {
    return schema.validate(json, InputFormat.JSON).stream()
        .map(com.networknt.schema.Error::toString)
        .toList();
  }

  static boolean valid(Schema schema, String json) {
    return problems(schema, json).isEmpty();
  }

  static void assertValid(Schema schema, String json, String what) {
    assertThat(problems(schema, json)).as(what + ": " + json).isEmpty();
  }

  private String uri(String relative) {
    return directory.resolve(relative).toUri().toString();
  }
}
