package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.channels.ChannelDescriptor;
import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.Connectors;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import io.stocksync.core.inventory.ChannelHealth;
import io.stocksync.core.inventory.ConfigDeletions;
import io.stocksync.core.inventory.ConfigurationQuery;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.inventory.StorableValues;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.secret.CredentialCipher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The channel routes of SPEC §7: {@code /v1/channels} and {@code /v1/channels/{id}}. Credentials
 * are sealed ({@link CredentialCipher}) before they reach the writer and are never shown.
 */
final class ChannelRoutes implements Routes {
  /** The most locations a channel may draw from. */
  static final int MAX_LOCATIONS = ApiServer.MAX_ITEMS;

  /** The most channels a page of {@code GET /v1/channels} holds. */
  static final int MAX_PAGE = 1_000;

  /** The settings that name a channel's store or location on its marketplace (SPEC §5). */
  private static final Map<String, List<String>> PLACE_SETTINGS =
      Map.of(
          "shopify", List.of("locationId"),
          "amazon", List.of("sellerId", "marketplaceId"),
          "flipkart", List.of("locationId"));

  private final RequestBodies bodies;
  private final Replies replies;
  private final CredentialCipher cipher;

  ChannelRoutes(RequestBodies bodies, Replies replies, CredentialCipher cipher) {
    this.bodies = bodies;
    this.replies = replies;
    this.cipher = cipher;
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.GET, "/v1/channels", this::listChannels);
    routes.route(HandlerType.PUT, "/v1/channels/{id}", this::putChannel);
    routes.route(HandlerType.GET, "/v1/channels/{id}", this::getChannel);
    routes.route(HandlerType.PATCH, "/v1/channels/{id}", this::patchChannel);
    routes.route(HandlerType.DELETE, "/v1/channels/{id}", this::deleteChannel);
  }

  /** A channel's fields as a whole body gives them, checked offline against its type. */
  private record ChannelInput(
      String kind,
      String baseUrl,
      String settingsJson,
      JsonNode credentials,
      List<String> locations,
      boolean enabled,
      ChannelRules rules) {}

  /**
   * Reads a whole channel body (a PUT's, or a PATCH's once merged). Left out: {@code settings} are
   * empty, {@code locations} none (every location), {@code enabled} true, {@code rules} the
   * defaults; {@code credentials} left out is null here (the caller decides what that means).
   */
  private ChannelInput parse(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = Fields.of(body, "", errors);
    if (f == null) {
      throw Problem.fields(errors);
    }
    f.onlyKnown(
        Set.of("type", "baseUrl", "settings", "credentials", "locations", "enabled", "rules"));
    String type = f.text("type", true, 50);
    ChannelDescriptor descriptor = null;
    if (type != null) {
      descriptor = Connectors.descriptor(type).orElse(null);
      if (descriptor == null) {
        f.error("type", "must be one of " + Connectors.types());
      }
    }
    String baseUrl = f.text("baseUrl", true, StorableValues.MAX_URL_LENGTH);
    JsonNode settingsNode = f.node().get("settings");
    JsonNode credentialsNode = f.node().get("credentials");
    if (descriptor != null) {
      // The channel type's one declaration (SPEC §7), the same its connector reads.
      for (FieldError e : descriptor.problems(baseUrl, settingsNode, credentialsNode)) {
        if (baseUrl != null || !e.field().equals("baseUrl")) {
          errors.add(e);
        }
      }
    }
    List<String> locations = new ArrayList<>();
    ArrayNode items = f.array("locations", MAX_LOCATIONS);
    if (items != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        String field = "locations[" + i + "]";
        String code = item.isTextual() ? StorableValues.normaliseCode(item.textValue()) : null;
        String problem = code == null ? null : StorableValues.problemWithCode(code);
        if (code == null || code.isEmpty()) {
          errors.add(new FieldError(field, "must be a location code"));
        } else if (problem != null) {
          errors.add(new FieldError(field, problem));
        } else if (!seen.add(code)) {
          errors.add(new FieldError(field, "lists '" + code + "' twice"));
        } else {
          locations.add(code);
        }
      }
    }
    Boolean enabled = f.bool("enabled", false);
    ChannelRules rules = rules(f.object("rules"));
    Problem.throwIfAny(errors);
    String settingsJson =
        replies.writeJson(
            settingsNode == null || settingsNode.isNull()
                ? replies.mapper().createObjectNode()
                : settingsNode);
    return new ChannelInput(
        descriptor.type(),
        baseUrl,
        settingsJson,
        credentialsNode == null || credentialsNode.isNull() ? null : credentialsNode,
        locations,
        enabled == null || enabled,
        rules);
  }

  /**
   * {@code PUT /v1/channels/{id}}: replaces the channel whole; {@code credentials} are required
   * (they are never shown, so a PUT cannot keep them: PATCH changes a channel and keeps them).
   */
  private void putChannel(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    ChannelInput in = parse(bodies.readJson(ctx));
    if (in.credentials() == null) {
      throw Problem.field(
          "credentials",
          "is required: a PUT replaces the whole "
              + in.kind()
              + " channel (PATCH changes other fields and keeps the stored credentials)");
    }
    String sealed = seal(ctx, id, in.credentials());
    replies.run(ctx, (a, c, now) -> store(a, c, now, id, in, sealed));
  }

  /**
   * {@code PATCH /v1/channels/{id}}: a JSON merge patch on the channel as {@code GET} shows it;
   * {@code credentials} in the patch replace the stored ones whole, left out they are kept.
   */
  private void patchChannel(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    JsonNode patch = bodies.readPatch(ctx);
    String account = ApiServer.account(ctx);
    replies.run(
        ctx,
        (a, c, now) -> {
          ChannelRow was = a.channel(id);
          ObjectNode current = replies.mapper().createObjectNode();
          current.put("type", was.type()).put("baseUrl", was.baseUrl());
          current.set("settings", replies.readTree(was.settingsJson()));
          ArrayNode locations = current.putArray("locations");
          was.locations().forEach(locations::add);
          current.put("enabled", was.enabled());
          ObjectNode rules = current.putObject("rules");
          rules.put("buffer", was.rules().buffer()).put("percent", was.rules().percent());
          if (was.rules().max() != null) {
            rules.put("max", was.rules().max());
          }
          rules.put("zeroAtOrBelow", was.rules().zeroAtOrBelow());
          ChannelInput in = parse(MergePatch.apply(current, patch));
          String sealed =
              in.credentials() == null
                  ? was.credentials()
                  : cipher.seal(
                      replies.writeJson(in.credentials()), CredentialCipher.context(account, id));
          return store(a, c, now, id, in, sealed);
        });
  }

  private String seal(Context ctx, String id, JsonNode credentials) {
    return cipher.seal(
        replies.writeJson(credentials), CredentialCipher.context(ApiServer.account(ctx), id));
  }

  /** Stores the channel on the writer; the answer is the channel as stored. */
  private Map<String, Object> store(
      AccountState a, Changes c, java.time.Instant now, String id, ChannelInput in, String sealed) {
    // The settings a type requires name the marketplace's store or location (Shopify's
    // locationId, Amazon's sellerId and marketplaceId, Flipkart's locationId): another value
    // moves the channel, and it has nothing acknowledged there (SPEC §5).
    boolean moved =
        a.hasChannel(id)
            && movedSettings(in.kind(), a.channel(id).settingsJson(), in.settingsJson());
    a.requireSellableLocation(in.locations());
    a.putChannel(
        new ChannelRow(
            a.id(),
            id,
            in.kind(),
            in.baseUrl(),
            in.settingsJson(),
            sealed,
            in.locations(),
            in.enabled(),
            in.rules()),
        moved,
        now,
        c);
    return channelView(a, a.channel(id), now);
  }

  /** A channel as stored, never with its credentials, with the tally of its listings. */
  private Map<String, Object> channelView(AccountState a, ChannelRow row, Instant now) {
    Map<String, Object> view = Views.channel(row, replies.readTree(row.settingsJson()));
    ConfigurationQuery.ListingTally tally = ConfigurationQuery.tally(a, row.id());
    view.put("listings", tally.listings());
    view.put("states", tally.states());
    view.put(
        "health",
        Views.channelHealth(
            ChannelHealth.of(a, row.id(), now),
            replies.engine().channelStatus(new ChannelKey(row.accountId(), row.id()))));
    return view;
  }

  private void getChannel(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    new Query(ctx, Set.of()).throwIfAny();
    replies.run(ctx, (a, c, now) -> channelView(a, a.channel(id), now));
  }

  /** {@code GET /v1/channels?type=&enabled=&limit=&cursor=}: a page of channels, by id. */
  private void listChannels(Context ctx) {
    Query q = new Query(ctx, Set.of("type", "enabled", "limit", "cursor"));
    String type = q.single("type");
    if (type != null && Connectors.descriptor(type).isEmpty()) {
      q.errors.add(new FieldError("type", "must be one of " + Connectors.types()));
    }
    Boolean enabled = q.optionalBool("enabled");
    int limit = (int) q.integer("limit", 100, 1, MAX_PAGE);
    String after = Cursors.decode(q);
    q.throwIfAny();
    replies.run(
        ctx,
        (a, c, now) -> {
          ConfigurationQuery.Page<ChannelRow> page =
              ConfigurationQuery.channels(a, type, enabled, after, limit);
          List<Map<String, Object>> items = new ArrayList<>(page.items().size());
          page.items().forEach(row -> items.add(channelView(a, row, now)));
          return Views.ordered("channels", items, "next", Cursors.encode(page.next()));
        });
  }

  /** Whether the settings that name the channel's store or location differ. */
  private boolean movedSettings(String kind, String before, String after) {
    JsonNode was = replies.readTree(before);
    JsonNode now = replies.readTree(after);
    for (String s : PLACE_SETTINGS.getOrDefault(kind, List.of())) {
      if (!Objects.equals(was == null ? null : was.get(s), now == null ? null : now.get(s))) {
        return true;
      }
    }
    return false;
  }

  private static ChannelRules rules(Fields r) {
    if (r == null) {
      return ChannelRules.DEFAULT;
    }
    r.onlyKnown(Set.of("buffer", "percent", "max", "zeroAtOrBelow"));
    Long buffer = r.integer("buffer", false, 0, AccountState.MAX_UNITS);
    Long percent = r.integer("percent", false, 0, 100);
    Long max = r.integer("max", false, 0, AccountState.MAX_UNITS);
    Long zero = r.integer("zeroAtOrBelow", false, 0, AccountState.MAX_UNITS);
    return new ChannelRules(
        buffer == null ? 0 : buffer,
        percent == null ? 100 : percent.intValue(),
        max,
        zero == null ? 0 : zero);
  }

  /** {@code DELETE /v1/channels/{id}}, with its listings and queued pushes. */
  private void deleteChannel(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    new Query(ctx, Set.of()).throwIfAny();
    replies.runDeletion(
        ctx,
        (a, c, now) -> {
          ConfigDeletions.deleteChannel(a, id, c);
          return null;
        });
  }
}
