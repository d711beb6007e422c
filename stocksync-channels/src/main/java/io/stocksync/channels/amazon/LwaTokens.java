package io.stocksync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Login with Amazon access tokens for one selling-partner authorization: exchanges the refresh
 * token ({@code grant_type=refresh_token}, form-encoded, with the app's client id and secret) for
 * an access token, keeps it until shortly before its {@code expires_in} runs out, and fetches a new
 * one when asked to drop it (a 403 for an expired token).
 *
 * <p>Thread-safe: callers that ask while a refresh is under way share it.
 */
public final class LwaTokens {

  /**
   * A token is replaced this long before LWA says it expires (a tenth of its lifetime if that is
   * shorter), so that a call made with it does not arrive just after it lapsed.
   */
  static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);

  /** Used when an answer names no lifetime: LWA access tokens live one hour. */
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** LWA refused the exchange or could not be reached: the outcome the call ends with. */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the call that needed the token comes to. */
    final transient CallOutcome outcome;

    Unavailable(CallOutcome outcome, String detail) {
      super(detail, null, false, false);
      this.outcome = outcome;
    }
  }

  private final URI tokenUrl;
  private final String form;
  private final ConnectorContext context;

  // Guarded by `this`.
  private String token;
  private Instant renewAt = Instant.MIN;
  private CompletableFuture<String> refreshing;
  private int refreshes;

  public LwaTokens(
      URI tokenUrl,
      String clientId,
      String clientSecret,
      String refreshToken,
      ConnectorContext context) {
    this.tokenUrl = tokenUrl;
    this.form =
        "grant_type=refresh_token&refresh_token="
            + encode(refreshToken)
            + "&client_id="
            + encode(clientId)
            + "&client_secret="
            + encode(clientSecret);
    this.context = context;
  }

  /**
   * A usable access token: the cached one, else a fresh one. Fails with {@link Unavailable} when
   * LWA refuses or cannot be reached.
   */
  public synchronized CompletableFuture<String> token() {
    Instant now = context.clock().instant();
    if (token != null && now.isBefore(renewAt)) {
      return CompletableFuture.completedFuture(token);
    }
    if (refreshing != null) {
      return refreshing;
    }
    CompletableFuture<String> started = fetch(now);
    refreshing = started;
    // A fetch that has already completed runs done() here, at once, clearing `refreshing`: the
    // answer is `started`, never the field read again.
    started.whenComplete((t, e) -> done(started));
    return started;
  }

  /** Forgets {@code expired} if it is still the cached token, so the next ask fetches another. */
  public synchronized void expired(String expired) {
    if (expired != null && expired.equals(token)) {
      token = null;
      renewAt = Instant.MIN;
    }
  }

  /** How many times a token was fetched (for tests and logs). */
  synchronized int refreshes() {
    return refreshes;
  }

  private synchronized void done(CompletableFuture<String> finished) {
    if (refreshing == finished) {
      refreshing = null;
    }
  }

  private CompletableFuture<String> fetch(Instant asked) {
    HttpRequest request =
        HttpRequest.newBuilder(tokenUrl)
            .timeout(context.requestTimeout())
            .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return context
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle(
            (response, error) -> {
              if (error != null) {
                CallOutcome none = HttpAnswers.noAnswer(error);
                String detail =
                    "Login with Amazon: "
                        + (none instanceof CallOutcome.Unavailable u ? u.detail() : "no answer");
                // Nothing reached the Selling Partner API: the call did not apply.
                throw new Unavailable(
                    new CallOutcome.Unavailable(null, null, detail, false), detail);
              }
              return read(response, asked);
            });
  }

  private String read(HttpResponse<String> response, Instant asked) {
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    if (status == 200 && body.path("access_token").isTextual()) {
      long seconds = body.path("expires_in").asLong(DEFAULT_LIFETIME.toSeconds());
      String fresh = body.path("access_token").textValue();
      synchronized (this) {
        token = fresh;
        refreshes++;
        Duration lifetime = Duration.ofSeconds(seconds);
        // A minute early, or a tenth of the lifetime early for short-lived tokens.
        Duration margin = EXPIRY_MARGIN;
        if (margin.compareTo(lifetime.dividedBy(10)) > 0) {
          margin = lifetime.dividedBy(10);
        }
        renewAt = asked.plus(lifetime).minus(margin);
      }
      return fresh;
    }
    String detail =
        "Login with Amazon: HTTP "
            + status
            + (body.path("error").isTextual() ? " " + body.path("error").textValue() : "")
            + (body.path("error_description").isTextual()
                ? ": " + HttpAnswers.quote(body.path("error_description").textValue())
                : "");
    CallOutcome outcome =
        HttpAnswers.ladder(status) == HttpAnswers.Ladder.THROTTLED
                || HttpAnswers.ladder(status) == HttpAnswers.Ladder.TRANSIENT
            ? new CallOutcome.Unavailable(
                status, HttpAnswers.retryAfter(response, asked), detail, false)
            : new CallOutcome.Refused(status, detail); // wrong client or refresh token
    throw new Unavailable(outcome, detail);
  }

  /** The outcome a failed token fetch leaves, whatever wrapped it. */
  static CallOutcome outcomeOf(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof Unavailable u ? u.outcome : null;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
