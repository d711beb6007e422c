package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.order.OrderCapabilities;
import io.stocksync.channels.order.WebhookIntake;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.order.OrderLine;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.feed.OrderIntake;
import io.stocksync.server.secret.CredentialCipher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code POST /hooks/{channelId}} (SPEC §9): a marketplace's webhook, with no API key. The
 * marketplace's signature over the raw body is the check, with the channel's secret; a channel id
 * may exist in several accounts, and the one whose secret verifies the delivery is the one it is
 * for. No signature or a bad one: 401 and nothing recorded. Signed: its order lines are booked and
 * the answer is 200 only once they are durable (a marketplace retries anything else).
 */
final class HookRoutes implements Routes {
  private final Engine engine;
  private final OrderIntake intake;
  private final java.util.function.BiConsumer<String, String> pollSoon;
  private final Function<ChannelRow, Map<String, String>> credentials;
  private final Clock clock;
  private final ConnectorContext context;

  HookRoutes(Engine engine, ApiServer.FeedWiring feeds, CredentialCipher cipher, Clock clock) {
    this.engine = engine;
    this.intake = feeds.intake();
    this.pollSoon = feeds.pollSoon();
    this.credentials = Dispatchers.credentials(cipher);
    this.clock = clock;
    // Webhooks make no calls: the intake needs no HTTP client.
    this.context = new ConnectorContext(null, clock, Duration.ofSeconds(10), Math::random);
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.POST, "/hooks/{channelId}", this::hook);
  }

  private record Signed(String accountId, WebhookIntake intake, boolean polled) {}

  private void hook(Context ctx) {
    String channelId = ctx.pathParam("channelId");
    byte[] body = ctx.bodyAsBytes();
    WebhookIntake.Headers headers = ctx::header;
    Signed signed = signedBy(channelId, headers, body);
    if (signed == null) {
      throw new Problem(
          Problem.Kind.UNAUTHORIZED,
          "the delivery is not signed with the secret of a channel '" + channelId + "'");
    }
    List<OrderLine> lines;
    try {
      lines = signed.intake().lines(channelId, headers, body);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(':');
      String field = colon > 0 ? message.substring(0, colon) : "body";
      throw Problem.fields(
          List.of(
              new FieldError(field, colon > 0 ? message.substring(colon + 1).trim() : message)));
    }
    List<OrderLineRow> kept = intake.receive(signed.accountId(), lines).join();
    long unmatched = kept.stream().filter(OrderLineRow::unmatched).count();
    if (unmatched > 0) {
      if (signed.polled()) {
        // A webhook may not carry the item id a listing holds (Shopify's REST order has the
        // variant and SKU, not the InventoryItem): the channel's poll, which reads it, runs now.
        pollSoon.accept(signed.accountId(), channelId);
      } else {
        intake.unmatchedHeard(signed.accountId(), channelId, kept).join(); // SPEC §10
      }
    }
    ctx.status(200)
        .contentType(ApiServer.JSON)
        .result("{\"lines\":" + kept.size() + ",\"unmatched\":" + unmatched + "}");
  }

  private Signed signedBy(String channelId, WebhookIntake.Headers headers, byte[] body) {
    if (channelId.isEmpty() || channelId.length() > 200) {
      return null;
    }
    for (String account : engine.accountsWithChannel(channelId).join()) {
      ChannelRow row =
          engine
              .execute(
                  account, (a, c, now) -> a.hasChannel(channelId) ? a.channel(channelId) : null)
              .join();
      if (row == null) {
        continue;
      }
      Map<String, String> creds;
      try {
        creds = credentials.apply(row);
      } catch (IllegalArgumentException e) {
        continue; // credentials that do not open verify nothing
      }
      Optional<WebhookIntake> w = OrderCapabilities.webhooks(row, creds, context);
      if (w.isPresent() && w.get().verified(headers, body, clock.instant())) {
        return new Signed(
            account, w.get(), OrderCapabilities.polling(row, creds, context).isPresent());
      }
    }
    return null;
  }
}
