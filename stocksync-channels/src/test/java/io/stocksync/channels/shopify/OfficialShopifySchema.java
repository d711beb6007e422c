package io.stocksync.channels.shopify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import io.stocksync.emulator.OfficialSpecs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

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
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      Map<String, Object> result =
          new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) result.getOrDefault("data", result);
      Document document = new IntrospectionResultToSchema().createSchemaDefinition(data);
      DataFetcher<Object> fromAnswer =
          env ->
              env.getSource() instanceof Map<?, ?> map
                  ? map.get(env.getField().getResultKey())
                  : null;
      RuntimeWiring wiring =
          RuntimeWiring.newRuntimeWiring().wiringFactory(new Lenient(fromAnswer)).build();
      return new SchemaGenerator()
          .makeExecutableSchema(new SchemaParser().buildRegistry(document), wiring);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Custom scalars pass values through; interfaces and unions resolve by {@code __typename}. */
  private record Lenient(DataFetcher<Object> fetcher) implements WiringFactory {
    @Override
    public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
      return fetcher;
    }

    @Override
    public boolean providesScalar(ScalarWiringEnvironment environment) {
      return !ScalarInfo.isGraphqlSpecifiedScalar(environment.getScalarTypeDefinition().getName());
    }

    @Override
    public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
      return GraphQLScalarType.newScalar()
          .name(environment.getScalarTypeDefinition().getName())
          .coercing(
              new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext c, Locale l) {
                  return value;
                }

                @Override
                public Object parseValue(Object input, GraphQLContext c, Locale l) {
                  return input;
                }

                @Override
                public Object parseLiteral(
                    Value<?> input, CoercedVariables v, GraphQLContext c, Locale l) {
                  return input;
                }
              })
          .build();
    }

    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
      return OfficialShopifySchema::byTypename;
    }

    @Override
    public boolean providesTypeResolver(UnionWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
      return OfficialShopifySchema::byTypename;
    }
  }

  private static graphql.schema.GraphQLObjectType byTypename(graphql.TypeResolutionEnvironment e) {
    return e.getObject() instanceof Map<?, ?> map && map.get("__typename") instanceof String name
        ? e.getSchema().getObjectType(name)
        : null;
  }
}
