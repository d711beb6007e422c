package io.stocksync.channels.amazon;

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
 * Amazon's official contracts in {@code ../shared/specs/amazon} as validators, read in place: a
 * definition of an OpenAPI 2 model is a JSON Schema draft 4 reached through a pointer into the
 * model file (so that its {@code #/definitions/…} references resolve); the listings feed schemas
 * are draft 7. Nothing is fetched from the network.
 */
final class AmazonSchemas {

  static final String LISTINGS = OfficialSpecs.AMAZON_LISTINGS_ITEMS;
  static final String FEEDS = OfficialSpecs.AMAZON_FEEDS;

  private final Path directory;
  private final SchemaRegistry draft4;
  private final SchemaRegistry draft7;

  private AmazonSchemas(Path directory) {
    this.directory = directory;
    Function<String, String> localFiles =
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
    draft4 =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b.schemas(localFiles));
    draft7 =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b.schemas(localFiles));
  }

  /** The validators, when every Amazon contract is beside the project. */
  static Optional<AmazonSchemas> find() {
    for (String file :
        List.of(
            LISTINGS,
            FEEDS,
            OfficialSpecs.AMAZON_LISTINGS_FEED,
            OfficialSpecs.AMAZON_LISTINGS_FEED_MESSAGE,
            OfficialSpecs.AMAZON_LISTINGS_FEED_REPORT)) {
      if (OfficialSpecs.find(file).isEmpty()) {
        return Optional.empty();
      }
    }
    return OfficialSpecs.directory().map(AmazonSchemas::new);
  }

  /** A definition of an OpenAPI 2 model, e.g. {@code (LISTINGS, "ListingsItemPatchRequest")}. */
  Schema definition(String model, String name) {
    return draft4.getSchema(SchemaLocation.of(uri(model) + "#/definitions/" + name));
  }

  /** A draft-7 schema file. */
  Schema schema(String file) {
    return draft7.getSchema(SchemaLocation.of(uri(file)));
  }

  /** A file of the specs directory, as text. */
  String read(String file) throws IOException {
    return Files.readString(directory.resolve(file));
  }

  /** The schema's complaints about {@code json}; empty when it is valid. */
  static List<String> problems(Schema schema, String json) {
    return schema.validate(json, InputFormat.JSON).stream()
        .map(com.networknt.schema.Error::toString)
        .toList();
  }

  private String uri(String relative) {
    return directory.resolve(relative).toUri().toString();
  }
}
