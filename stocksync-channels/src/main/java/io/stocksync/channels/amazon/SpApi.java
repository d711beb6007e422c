package io.stocksync.channels.amazon;

import io.stocksync.channels.ConnectorContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends Selling Partner API requests with a Login with Amazon access token in {@code
 * x-amz-access-token}. A 403 answered to a token (an expired or revoked one) drops that token and
 * sends the request once more with a fresh one; a second 403 is the caller's to read.
 *
 * <p>AWS Signature Version 4 is not added: Amazon stopped requiring it for SP-API calls (the
 * emulator neither requires nor checks it). Thread-safe.
 */
public final class SpApi {

  /** The header the access token goes in. */
  static final String ACCESS_TOKEN_HEADER = "x-amz-access-token";

  private final LwaTokens tokens;
  private final ConnectorContext context;

  public SpApi(LwaTokens tokens, ConnectorContext context) {
    this.tokens = tokens;
    this.context = context;
  }

  /**
   * Sends the request {@code build} makes (without the token), refreshing the token once on 403.
   * Fails with {@link LwaTokens.Unavailable} when no token can be had, and with the HTTP client's
   * exception when no answer came.
   */
  public CompletableFuture<HttpResponse<String>> send(
      Function<HttpRequest.Builder, HttpRequest> build) {
    return attempt(build, true);
  }

  private CompletableFuture<HttpResponse<String>> attempt(
      Function<HttpRequest.Builder, HttpRequest> build, boolean mayRefresh) {
    return tokens
        .token()
        .thenCompose(
            token -> {
              HttpRequest request =
                  build.apply(
                      HttpRequest.newBuilder()
                          .timeout(context.requestTimeout())
                          .header(ACCESS_TOKEN_HEADER, token));
              return context
                  .http()
                  .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                  .thenCompose(
                      response -> {
                        if (response.statusCode() == 403 && mayRefresh) {
                          tokens.expired(token);
                          return attempt(build, false);
                        }
                        return CompletableFuture.completedFuture(response);
                      });
            });
  }
}
