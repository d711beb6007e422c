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
 * Connection sizing ({@code first: N}) is not modelled; the emulator serves no connection.
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
                  cost[0] += OBJECT;
                }
              }
            });
    return cost[0];
  }
}
