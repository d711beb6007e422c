package io.stocksync.channels.flipkart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * The access token of one Flipkart application, from the client-credentials grant: {@code GET
 * {root}/oauth-service/oauth/token?grant_type=client_credentials&scope=Seller_Api} with HTTP Basic
 * {@code appId:appSecret}.
 *
 * <p>A token is kept until shortly before its {@code expires_in} ends, then fetched again before
 * the next call; a connector that is answered 401 with a token calls {@link #invalidate} with it
 * and asks again. Callers that ask while a fetch is under way share it, so a burst of calls makes
 * one token request.
 *
 * <p>Thread-safe.
 */
public final class FlipkartTokens {

  /** The token endpoint below the API root (https://api.flipkart.net). */
  static final String TOKEN_PATH = "/oauth-service/oauth/token";

  /** The scope asked for: the Seller APIs. */
  static final String SCOPE = "Seller_Api";

  /**
   * How long before its stated expiry a token is no longer used: a minute, or a tenth of its
   * lifetime when that is shorter, so that a call never races the expiry.
   */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A token and when it stops being used. */
  public record Token(String value, Instant usableUntil) {}

  /**
   * The outcome of asking for a token: a token, or the call outcome that every item of the call
   * gets instead (the token service refused or could not be reached).
   */
  public record Grant(Token token, CallOutcome failure) {}

  private final URI tokenUri;
  private final String basic;
  private final ConnectorContext context;
  private Token current;
  private CompletableFuture<Grant> fetching;
  private int fetches;

  public FlipkartTokens(String root, String appId, String appSecret, ConnectorContext context) {
    this.tokenUri = URI.create(root + TOKEN_PATH + "?grant_type=client_credentials&scope=" + SCOPE);
    this.basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((appId + ":" + appSecret).getBytes(StandardCharsets.UTF_8));
    this.context = context;
  }

  /** A usable token: the kept one, or a new one. Never completes exceptionally. */
  public synchronized CompletableFuture<Grant> token() {
    Instant now = context.clock().instant();
    if (current != null && now.isBefore(current.usableUntil())) {
      return CompletableFuture.completedFuture(new Grant(current, null));
    }
    if (fetching == null) {
      fetches++;
      CompletableFuture<Grant> f = fetch();
      fetching = f;
      // A fetch that is already done settles here, at once, and clears `fetching`: return f.
      f.whenComplete((grant, e) -> settle(f, grant));
      return f;
    }
    return fetching;
  }

  /** Forgets {@code token} if it is the kept one (Flipkart answered 401 to it). */
  public synchronized void invalidate(Token token) {
    if (current != null && current.value().equals(token.value())) {
      current = null;
    }
  }

  /** How many token requests were made, for tests and logs. */
  synchronized int fetches() {
    return fetches;
  }

  private synchronized void settle(CompletableFuture<Grant> f, Grant grant) {
    if (fetching == f) {
      fetching = null;
    }
    if (grant != null && grant.token() != null) {
      current = grant.token();
    }
  }

  private CompletableFuture<Grant> fetch() {
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .timeout(context.requestTimeout())
            .header("Authorization", basic)
            .header("Accept", "application/json")
            .GET()
            .build();
    return context
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(this::read)
        .exceptionally(
            e -> {
              CallOutcome.Unavailable none = (CallOutcome.Unavailable) HttpAnswers.noAnswer(e);
              // Nothing reached the inventory endpoint: the call is certainly not applied.
              return new Grant(
                  null,
                  new CallOutcome.Unavailable(
                      null, null, "token service: " + none.detail(), false));
            });
  }

  private Grant read(HttpResponse<String> response) {
    Instant now = context.clock().instant();
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    if (status == 200 && body.path("access_token").isTextual()) {
      long seconds = body.path("expires_in").asLong(0);
      Duration lifetime = Duration.ofSeconds(Math.max(0, seconds));
      Duration margin =
          lifetime.dividedBy(10).compareTo(MARGIN) < 0 ? lifetime.dividedBy(10) : MARGIN;
      return new Grant(
          new Token(body.path("access_token").asText(), now.plus(lifetime).minus(margin)), null);
    }
    String detail =
        "token service: HTTP "
            + status
            + (body.has("error")
                ? ": "
                    + body.path("error").asText()
                    + " "
                    + HttpAnswers.quote(body.path("error_description").asText())
                : "");
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.THROTTLED) {
      Duration wait = HttpAnswers.retryAfter(response, now);
      return new Grant(
          null,
          new CallOutcome.Throttled(status, wait == null ? Duration.ofSeconds(1) : wait, detail));
    }
    if (HttpAnswers.ladder(status) == HttpAnswers.Ladder.TRANSIENT) {
      return new Grant(
          null,
          new CallOutcome.Unavailable(
              status, HttpAnswers.retryAfter(response, now), detail, false));
    }
    // 401 (unknown app id, bad secret), 400 (grant type), a 200 without a token: not fixed by
    // asking again as it is.
    return new Grant(null, new CallOutcome.Refused(status, detail));
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = JSON.readTree(text == null ? "" : text);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
