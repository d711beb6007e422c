package io.stocksync.emulator.shopify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
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
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The GraphQL schema the Shopify emulator validates and executes documents against: the official
 * Admin API 2026-10 schema when its introspection result is available, else a minimal built-in
 * schema covering {@code inventorySetQuantities} and the inventory-level read.
 *
 * <p>Loading the official schema takes a second or two, so loaded schemas are cached per file.
 * Immutable and thread-safe once built.
 */
public final class ShopifySchema {

  static final String FALLBACK_RESOURCE = "admin-2026-10-minimal.graphqls";

  private static final Map<Path, ShopifySchema> OFFICIAL = new ConcurrentHashMap<>();
  private static final Map<String, ShopifySchema> FALLBACK = new ConcurrentHashMap<>();

  private final TypeDefinitionRegistry registry;
  private final String source;
  private final boolean official;
  private GraphQLSchema emulated;

  private ShopifySchema(TypeDefinitionRegistry registry, String source, boolean official) {
    this.registry = registry;
    this.source = source;
    this.official = official;
  }

  /**
   * The official schema read from {@code introspectionGz} (cached per file), or the built-in one
   * when it is null.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when it is not an introspection result
   */
  public static ShopifySchema load(Path introspectionGz) {
    if (introspectionGz == null) {
      return fallback();
    }
    return OFFICIAL.computeIfAbsent(
        introspectionGz.toAbsolutePath().normalize(),
        file ->
            new ShopifySchema(
                readIntrospection(file), "official Admin API 2026-10 schema from " + file, true));
  }

  /** The minimal built-in schema. */
  static ShopifySchema fallback() {
    return FALLBACK.computeIfAbsent(FALLBACK_RESOURCE, ShopifySchema::readResource);
  }

  private static ShopifySchema readResource(String resource) {
    try (InputStream in = ShopifySchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      TypeDefinitionRegistry registry =
          new SchemaParser().parse(new InputStreamReader(in, StandardCharsets.UTF_8));
      return new ShopifySchema(
          registry, "built-in minimal schema (inventory, orders, webhook subscriptions)", false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The executable schema wired with the emulator's data fetchers, built once. */
  synchronized GraphQLSchema emulated() {
    if (emulated == null) {
      emulated = executable(ShopifyResolvers::wire);
    }
    return emulated;
  }

  /** The type definitions, for building an executable schema. */
  TypeDefinitionRegistry registry() {
    return registry;
  }

  /** Says where the schema came from, for the log. */
  String source() {
    return source;
  }

  /** Whether this is the official schema (not the built-in fallback). */
  boolean official() {
    return official;
  }

  /**
   * An executable schema: the type definitions wired with the custom scalars as pass-through
   * values, type resolvers answering by {@code __typename}, and whatever {@code wiring} adds.
   */
  GraphQLSchema executable(Consumer<RuntimeWiring.Builder> wiring) {
    return executable(wiring, null);
  }

  /** As {@link #executable(Consumer)}, with {@code defaultFetcher} for every field not wired. */
  public GraphQLSchema executable(
      Consumer<RuntimeWiring.Builder> wiring, DataFetcher<?> defaultFetcher) {
    RuntimeWiring.Builder builder =
        RuntimeWiring.newRuntimeWiring().wiringFactory(new PassThrough(defaultFetcher));
    wiring.accept(builder);
    return new SchemaGenerator().makeExecutableSchema(registry, builder.build());
  }

  private static TypeDefinitionRegistry readIntrospection(Path file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      Map<String, Object> result =
          new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() {});
      Object data = result.getOrDefault("data", result);
      if (!(data instanceof Map<?, ?> map) || !map.containsKey("__schema")) {
        throw new IllegalArgumentException(file + " is not a GraphQL introspection result");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> introspection = (Map<String, Object>) data;
      Document document = new IntrospectionResultToSchema().createSchemaDefinition(introspection);
      return new SchemaParser().buildRegistry(document);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Shopify schema " + file, e);
    }
  }

  /**
   * Wires every custom scalar (DateTime, URL, JSON, ...) to pass values through unchanged, and
   * resolves interface and union types from the {@code __typename} a data fetcher put in its map.
   */
  private static final class PassThrough implements WiringFactory {

    private final DataFetcher<?> defaultFetcher;

    PassThrough(DataFetcher<?> defaultFetcher) {
      this.defaultFetcher = defaultFetcher;
    }

    @Override
    public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
      return defaultFetcher;
    }

    @Override
    public boolean providesScalar(ScalarWiringEnvironment environment) {
      return !ScalarInfo.isGraphqlSpecifiedScalar(environment.getScalarTypeDefinition().getName());
    }

    @Override
    public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
      return GraphQLScalarType.newScalar()
          .name(environment.getScalarTypeDefinition().getName())
          .coercing(new PassThroughCoercing())
          .build();
    }

    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
      return ShopifySchema::byTypename;
    }

    @Override
    public boolean providesTypeResolver(UnionWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
      return ShopifySchema::byTypename;
    }
  }

  private static graphql.schema.GraphQLObjectType byTypename(
      graphql.TypeResolutionEnvironment environment) {
    Object source = environment.getObject();
    if (source instanceof Map<?, ?> map && map.get("__typename") instanceof String name) {
      return environment.getSchema().getObjectType(name);
    }
    return null;
  }

  private static final class PassThroughCoercing implements Coercing<Object, Object> {

    @Override
    public Object serialize(Object value, GraphQLContext context, Locale locale) {
      return value;
    }

    @Override
    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
      return input;
    }

    @Override
    public Object parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      return literal(input, variables);
    }

    private static Object literal(Value<?> input, CoercedVariables variables) {
      if (input instanceof StringValue value) {
        return value.getValue();
      } else if (input instanceof IntValue value) {
        return value.getValue();
      } else if (input instanceof FloatValue value) {
        return value.getValue();
      } else if (input instanceof BooleanValue value) {
        return value.isValue();
      } else if (input instanceof EnumValue value) {
        return value.getName();
      } else if (input instanceof VariableReference value) {
        return variables.get(value.getName());
      } else if (input instanceof ArrayValue value) {
        List<Object> list = new ArrayList<>();
        value.getValues().forEach(element -> list.add(literal(element, variables)));
        return list;
      } else if (input instanceof ObjectValue value) {
        Map<String, Object> map = new LinkedHashMap<>();
        value
            .getObjectFields()
            .forEach(f -> map.put(f.getName(), literal(f.getValue(), variables)));
        return map;
      }
      return null;
    }
  }
}
