package io.stocksync.emulator.shopify;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import java.util.Map;

/**
 * The requested cost of a document, after Shopify's published rules (GraphQL Admin API rate limits,
 * https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): a field returning an object
 * costs 1 point, scalars and enums 0, and a mutation field 10 points, whatever its payload selects.
 * A connection ({@code orders(first: N)}) costs 2 points plus the N objects requested, and every
 * field selected inside it costs N times its own cost (its {@code edges}, {@code node}, {@code
 * nodes} and {@code pageInfo} are covered by the connection's points): {@code orders(first: 50) {
 * nodes { id lineItems(first: 10) { nodes { variant { id } } } } }} costs 2 + 50 + 50 × (2 + 10 +
 * 10 × 1) = 1152. How Shopify multiplies nested connections is our reading of its page, not
 * observed. A field that takes a list of {@code ids} ({@code nodes(ids: […])}) counts like a
 * connection of that many objects without the connection's 2 points: {@code nodes(ids: [250 ids]) {
 * ... on InventoryItem { inventoryLevel(locationId:) { quantities(names:) { quantity } } } }} costs
 * 250 + 250 × (1 + 1) = 750 — also our reading (the page does not price {@code nodes}).
 *
 * <p>Stateless and thread-safe.
 */
final class QueryCost {

  /** What one mutation field costs. */
  static final int MUTATION = 10;

  /** What one field returning an object costs. */
  static final int OBJECT = 1;

  private QueryCost() {}

  /** The cost of the operation {@code operationName} (or the only one) of a valid document. */
  static int of(
      GraphQLSchema schema,
      Document document,
      String operationName,
      Map<String, Object> variables) {
    boolean mutation =
        document.getDefinitionsOfType(OperationDefinition.class).stream()
            .filter(op -> operationName == null || operationName.equals(op.getName()))
            .findFirst()
            .map(op -> op.getOperation() == OperationDefinition.Operation.MUTATION)
            .orElse(false);
    int[] cost = {0};
    QueryTraverser.newQueryTraverser()
        .schema(schema)
        .document(document)
        .operationName(operationName)
        .variables(variables)
        .build()
        .visitPreOrder(
            new QueryVisitorStub() {
              @Override
              public void visitField(QueryVisitorFieldEnvironment field) {
                boolean root = field.getParentEnvironment() == null;
                if (mutation) {
                  cost[0] += root ? MUTATION : 0;
                } else if (GraphQLTypeUtil.unwrapAll(field.getFieldDefinition().getType())
                    instanceof GraphQLCompositeType) {
                  cost[0] +=
                      (int)
                          Math.min(
                              Integer.MAX_VALUE,
                              own(field) * multiplier(field.getParentEnvironment()));
                }
              }
            });
    return cost[0];
  }

  /** A field's own cost: a connection's 2 + N, 0 for its plumbing, else 1. */
  private static int own(QueryVisitorFieldEnvironment field) {
    if (connection(field)) {
      return 2 + size(field);
    }
    if (idsCount(field) >= 0) {
      return idsCount(field);
    }
    QueryVisitorFieldEnvironment parent = field.getParentEnvironment();
    boolean plumbing =
        parent != null
            && (connection(parent) || isEdge(parent))
            && PLUMBING.contains(field.getField().getName());
    return plumbing ? 0 : OBJECT;
  }

  /** The product of the sizes of the connections around a field. */
  private static long multiplier(QueryVisitorFieldEnvironment parent) {
    long product = 1;
    for (QueryVisitorFieldEnvironment at = parent; at != null; at = at.getParentEnvironment()) {
      if (connection(at)) {
        product *= size(at);
      } else if (idsCount(at) >= 0) {
        product *= idsCount(at);
      }
    }
    return product;
  }

  /** The number of {@code ids} a field asks for, or -1 when it takes no such list. */
  private static int idsCount(QueryVisitorFieldEnvironment field) {
    return field.getArguments().get("ids") instanceof java.util.List<?> ids ? ids.size() : -1;
  }

  private static boolean connection(QueryVisitorFieldEnvironment field) {
    return typeName(field).endsWith("Connection");
  }

  private static boolean isEdge(QueryVisitorFieldEnvironment field) {
    return typeName(field).endsWith("Edge");
  }

  private static String typeName(QueryVisitorFieldEnvironment field) {
    return GraphQLTypeUtil.unwrapAll(field.getFieldDefinition().getType()).getName();
  }

  private static int size(QueryVisitorFieldEnvironment field) {
    Object first = field.getArguments().get("first");
    Object last = field.getArguments().get("last");
    Object size = first != null ? first : last;
    return size instanceof Number number ? Math.max(0, number.intValue()) : 0;
  }

  private static final java.util.Set<String> PLUMBING =
      java.util.Set.of("edges", "node", "nodes", "pageInfo");
}
