package io.stocksync.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.check.ChannelCheck;
import io.stocksync.channels.check.ChannelChecks;
import io.stocksync.core.inventory.ConfigurationQuery;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.secret.CredentialCipher;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/channels/{id}/test} (SPEC §7): the channel's credentials, settings and every
 * listing id checked against its marketplace with read calls only ({@link ChannelChecks}); nothing
 * is written there or in the store. The channel and its listings are read on the account's writer,
 * the calls are made on a thread of this route's own, and a run is bounded by {@link #BUDGET}:
 * checks not reached by then are answered as "not checked: the test ran out of its 30 s".
 *
 * <p>Takes no body, or an empty JSON object. Answers {@code
 * {"ok":bool,"checks":[{"name","ok","detail"}]}}; 404 for a channel the account does not have.
 */
final class ChannelTestRoutes implements Routes {
  /** The longest a test runs. */
  static final Duration BUDGET = Duration.ofSeconds(30);

  /** The longest one of its calls may take. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** Tests that run at once, over every account; more wait their turn. */
  static final int AT_ONCE = 4;

  /** Listings read from the writer in one page. */
  private static final int PAGE = 1_000;

  private static final Logger log = LoggerFactory.getLogger(ChannelTestRoutes.class);

  private final RequestBodies bodies;
  private final Replies replies;
  private final Function<ChannelRow, Map<String, String>> credentials;
  private final ConnectorContext context;
  private final ExecutorService runs;

  ChannelTestRoutes(RequestBodies bodies, Replies replies, CredentialCipher cipher) {
    this.bodies = bodies;
    this.replies = replies;
    this.credentials = Dispatchers.credentials(cipher);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.context = new ConnectorContext(http, Clock.systemUTC(), CALL_TIMEOUT, Math::random);
    this.runs =
        Executors.newFixedThreadPool(
            AT_ONCE,
            r -> {
              Thread t = new Thread(r, "channel-test");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void register(Registrar routes) {
    routes.route(HandlerType.POST, "/v1/channels/{id}/test", this::test);
  }

  private record Snapshot(ChannelRow channel, List<ChannelCheck.Listing> listings) {}

  private void test(Context ctx) {
    String id = Fields.code("id", ctx.pathParam("id"));
    new Query(ctx, Set.of()).throwIfAny();
    if (RequestBodies.hasBody(ctx)) {
      // No body, or an empty JSON object: a test takes no options.
      List<FieldError> errors = new ArrayList<>();
      Fields f = Fields.of(bodies.readJson(ctx), "", errors);
      if (f != null) {
        f.onlyKnown(Set.of());
      }
      Problem.throwIfAny(errors);
    }
    String account = ApiServer.account(ctx);
    ctx.future(
        () ->
            replies
                .engine()
                .execute(account, (a, c, now) -> snapshot(a, id))
                .thenApplyAsync(this::run, runs)
                .handle((view, error) -> replies.answer(ctx, view, unwrap(error))));
  }

  private static Snapshot snapshot(io.stocksync.core.inventory.AccountState a, String id) {
    ChannelRow row = a.channel(id); // 404 when the account has no such channel
    List<ChannelCheck.Listing> listings = new ArrayList<>();
    String after = null;
    do {
      ConfigurationQuery.Page<ConfigurationQuery.ListingEntry> page =
          ConfigurationQuery.listings(a, id, after, PAGE);
      for (ConfigurationQuery.ListingEntry e : page.items()) {
        listings.add(new ChannelCheck.Listing(e.sku(), e.view().externalId(), e.fieldsJson()));
      }
      after = page.next();
    } while (after != null);
    return new Snapshot(row, listings);
  }

  private Map<String, Object> run(Snapshot s) {
    long started = System.nanoTime();
    ChannelCheck.Report report =
        ChannelChecks.test(
            s.channel(), credentials.apply(s.channel()), s.listings(), context, BUDGET);
    long failed = report.checks().stream().filter(c -> !c.ok()).count();
    log.info(
        "channel {} of account {} tested: {} ({} checks, {} failed) in {} ms",
        s.channel().id(),
        s.channel().accountId(),
        report.ok() ? "ok" : "failed",
        report.checks().size(),
        failed,
        (System.nanoTime() - started) / 1_000_000);
    List<Map<String, Object>> checks = new ArrayList<>();
    for (ChannelCheck.Check c : report.checks()) {
      checks.add(Views.ordered("name", c.name(), "ok", c.ok(), "detail", c.detail()));
    }
    return Views.ordered("ok", report.ok(), "checks", checks);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
