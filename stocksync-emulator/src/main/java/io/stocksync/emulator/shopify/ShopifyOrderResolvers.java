package io.stocksync.emulator.shopify;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import io.stocksync.emulator.storefront.Order;
import java.util.List;
import java.util.Map;

/**
 * The data fetchers of the order and webhook fields: {@code QueryRoot.orders}, {@code
 * QueryRoot.webhookSubscriptions}, {@code Order.lineItems}, {@code
 * Mutation.webhookSubscriptionCreate} and {@code Mutation.webhookSubscriptionDelete}. They find the
 * store in the request's {@code GraphQLContext} (under {@code ShopifyOrders.class} and {@code
 * ShopifyWebhooks.class}). A bad argument answers a GraphQL error with code {@code BAD_REQUEST}.
 *
 * <p>Stateless and thread-safe.
 */
final class ShopifyOrderResolvers {

  private ShopifyOrderResolvers() {}

  static Object orders(DataFetchingEnvironment env) {
    ShopifyOrders orders = env.getGraphQlContext().get(ShopifyOrders.class);
    try {
      return orders.orders(
          env.getArgument("first"),
          env.getArgument("last"),
          env.getArgument("after"),
          env.getArgument("before"),
          env.getArgument("query"),
          env.getArgument("sortKey"),
          Boolean.TRUE.equals(env.getArgument("reverse")));
    } catch (IllegalArgumentException e) {
      return badRequest(env, e.getMessage());
    }
  }

  static Object lineItems(DataFetchingEnvironment env) {
    Map<String, Object> source = env.getSource();
    Order order = (Order) source.get("_order");
    try {
      return Connection.page(
          order.lines(),
          env.getArgument("first"),
          env.getArgument("last"),
          env.getArgument("after"),
          env.getArgument("before"),
          Boolean.TRUE.equals(env.getArgument("reverse")),
          line -> String.format("%020d", Long.parseLong(line.lineId())),
          line -> ShopifyOrders.lineView(order, line));
    } catch (IllegalArgumentException e) {
      return badRequest(env, e.getMessage());
    }
  }

  static Object webhookSubscriptions(DataFetchingEnvironment env) {
    ShopifyWebhooks webhooks = env.getGraphQlContext().get(ShopifyWebhooks.class);
    List<String> topics = env.getArgument("topics");
    String uri =
        env.getArgument("uri") != null ? env.getArgument("uri") : env.getArgument("callbackUrl");
    List<Map<String, Object>> all =
        webhooks.subscriptions(topics).stream()
            .filter(s -> uri == null || uri.equals(s.get("uri")))
            .toList();
    try {
      return Connection.page(
          all,
          env.getArgument("first"),
          env.getArgument("last"),
          env.getArgument("after"),
          env.getArgument("before"),
          false,
          s -> String.format("%020d", Long.parseLong((String) s.get("legacyResourceId"))),
          s -> s);
    } catch (IllegalArgumentException e) {
      return badRequest(env, e.getMessage());
    }
  }

  static Object createSubscription(DataFetchingEnvironment env) {
    ShopifyWebhooks webhooks = env.getGraphQlContext().get(ShopifyWebhooks.class);
    return webhooks.create(env.getArgument("topic"), env.getArgument("webhookSubscription"));
  }

  static Object deleteSubscription(DataFetchingEnvironment env) {
    ShopifyWebhooks webhooks = env.getGraphQlContext().get(ShopifyWebhooks.class);
    return webhooks.delete(env.getArgument("id"));
  }

  private static DataFetcherResult<Object> badRequest(DataFetchingEnvironment env, String message) {
    return DataFetcherResult.<Object>newResult()
        .error(
            GraphqlErrorBuilder.newError(env)
                .message(message)
                .extensions(Map.of("code", "BAD_REQUEST"))
                .build())
        .build();
  }
}
