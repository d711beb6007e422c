package io.stocksync.server.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelField;
import io.stocksync.channels.Connectors;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import io.stocksync.core.inventory.ConfigDeletions;
import io.stocksync.core.inventory.ConfigurationQuery;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.InvalidRequestException;
import io.stocksync.core.inventory.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listing routes of SPEC §7: {@code /v1/channels/{id}/listings} and {@code
 * /v1/channels/{id}/listings/{sku}}. A listing's body is its channel type's listing fields ({@code
 * externalId} and, for some types, more of the marketplace's ids).
 */
final class ListingRoutes implements Routes {
  /** The most listings a page of {@code GET /v1/channels/{id}/listings} holds. */
  static final int MAX_PAGE = 1_000;

  private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};

  private final RequestBodies bodies;
  private final Replies replies;

  ListingRoutes(RequestBodies bodies, Replies replies) {
    this.bodies = bodies;
    this.replies = replies;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/channels/{id}/listings", this::listListings);
    routes.route(HandlerType.PUT, "/v1/channels/{id}/listings/{sku}", this::putListing);
    routes.route(HandlerType.GET, "/v1/channels/{id}/listings/{sku}", this::getListing);
    routes.route(HandlerType.PATCH, "/v1/channels/{id}/listings/{sku}", this::patchListing);
    routes.route(HandlerType.DELETE, "/v1/channels/{id}/listings/{sku}", this::deleteListing);
  }

  /** {@code PUT}: replaces the listing's ids whole; a field left out is no longer stored. */
  private void putListing(Context ctx) {
    String channel = Fields.code("id", ctx.pathParam("id"));
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    ObjectNode body = bodies.readObject(ctx);
    replies.run(ctx, (a, c, now) -> store(a, c, now, channel, sku, body));
  }

  /** {@code PATCH}: a JSON merge patch on the listing's ids as {@code GET} shows them. */
  private void patchListing(Context ctx) {
    String channel = Fields.code("id", ctx.pathParam("id"));
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    JsonNode patch = bodies.readPatch(ctx);
    replies.run(
        ctx,
        (a, c, now) -> {
          ConfigurationQuery.ListingEntry was = ConfigurationQuery.listing(a, channel, sku);
          ObjectNode current = replies.mapper().createObjectNode();
          current.put("externalId", was.view().externalId());
          extra(was.fieldsJson()).forEach(current::put);
          JsonNode merged = MergePatch.apply(current, patch);
          if (!(merged instanceof ObjectNode body)) {
            throw Problem.field("body", "must be a JSON object");
          }
          return store(a, c, now, channel, sku, body);
        });
  }

  private Map<String, Object> store(
      AccountState a, Changes c, Instant now, String channel, String sku, ObjectNode body) {
    ChannelDescriptor type =
        Connectors.descriptor(a.channel(channel).type())
            .orElseThrow(() -> new IllegalStateException("unknown channel type"));
    List<FieldError> errors = type.listingProblems(body);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    String externalId = body.get("externalId").textValue();
    Map<String, String> extra = new LinkedHashMap<>();
    for (ChannelField field : type.listingFields()) {
      JsonNode v = body.get(field.name());
      if (!field.name().equals("externalId") && v != null && v.isTextual()) {
        extra.put(field.name(), v.textValue());
      }
    }
    if (!a.hasSku(sku)) {
      throw new NotFoundException("SKU", sku);
    }
    a.putListing(
        channel, sku, externalId, extra.isEmpty() ? null : replies.writeJson(extra), now, c);
    return view(ConfigurationQuery.listing(a, channel, sku));
  }

  private void getListing(Context ctx) {
    String channel = Fields.code("id", ctx.pathParam("id"));
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    new Query(ctx, Set.of()).throwIfAny();
    replies.run(ctx, (a, c, now) -> view(ConfigurationQuery.listing(a, channel, sku)));
  }

  /** {@code GET /v1/channels/{id}/listings?limit=&cursor=}: a page of listings, by SKU. */
  private void listListings(Context ctx) {
    String channel = Fields.code("id", ctx.pathParam("id"));
    Query q = new Query(ctx, Set.of("limit", "cursor"));
    int limit = (int) q.integer("limit", 100, 1, MAX_PAGE);
    String after = Cursors.decode(q);
    q.throwIfAny();
    replies.run(
        ctx,
        (a, c, now) -> {
          ConfigurationQuery.Page<ConfigurationQuery.ListingEntry> page =
              ConfigurationQuery.listings(a, channel, after, limit);
          List<Map<String, Object>> items = new ArrayList<>(page.items().size());
          page.items().forEach(e -> items.add(view(e)));
          return Views.ordered("listings", items, "next", Cursors.encode(page.next()));
        });
  }

  private Map<String, Object> view(ConfigurationQuery.ListingEntry e) {
    return Views.listing(e, extra(e.fieldsJson()));
  }

  private Map<String, String> extra(String fieldsJson) {
    if (fieldsJson == null) {
      return Map.of();
    }
    try {
      return replies.mapper().readValue(fieldsJson, FIELDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code DELETE /v1/channels/{id}/listings/{sku}}, with its queued push. */
  private void deleteListing(Context ctx) {
    String channel = Fields.code("id", ctx.pathParam("id"));
    String sku = Fields.code("sku", ctx.pathParam("sku"));
    new Query(ctx, Set.of()).throwIfAny();
    replies.runDeletion(
        ctx,
        (a, c, now) -> {
          ConfigDeletions.deleteListing(a, channel, sku, c);
          return null;
        });
  }
}
