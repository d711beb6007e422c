package io.stocksync.channels.readback;

import io.stocksync.channels.HttpAnswers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What every level reader does alike with an HTTP answer, written once so that they fail alike: a
 * throttle answer is {@link ReadBackPaced}, no answer or a transient status is {@link
 * UncheckedIOException}, a refusal (bad credentials, a request the marketplace will not read) is
 * {@link IllegalStateException}, each with the marketplace's reason. Stateless.
 */
public final class ReadAnswers {

  private ReadAnswers() {}

  /** The wait after a throttle answer that says none. */
  public static final Duration DEFAULT_THROTTLE_WAIT = Duration.ofSeconds(1);

  /** Waits for {@code answer}, unwrapping what the HTTP client failed with. */
  public static <T> T await(String marketplace, CompletableFuture<T> answer) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          marketplace + ": interrupted while reading", new IOException(e));
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw unreachable(marketplace, cause);
    }
  }

  /** No answer came: a timeout, a refused connection, a broken one. */
  public static UncheckedIOException unreachable(String marketplace, Throwable cause) {
    String detail =
        cause instanceof HttpTimeoutException
            ? "no answer in time"
            : cause instanceof ConnectException
                ? "could not connect"
                : "connection failed: " + cause.getClass().getSimpleName();
    IOException io = cause instanceof IOException e ? e : new IOException(cause);
    return new UncheckedIOException(marketplace + ": " + detail, io);
  }

  /**
   * The exception a non-success answer comes to, or null when {@code response} is a 2xx for the
   * caller to read: 429 paces (its {@code Retry-After}, else {@code fallback}); 408 and 5xx are
   * transient; 401 and 403 are bad credentials; anything else is a refusal. {@code reason} is the
   * marketplace's own error text from the body.
   */
  public static RuntimeException failure(
      String marketplace,
      HttpResponse<String> response,
      String reason,
      Instant now,
      Duration fallback) {
    int status = response.statusCode();
    String detail = marketplace + " answered HTTP " + status + ": " + reason;
    return switch (HttpAnswers.ladder(status)) {
      case ANSWERED -> null;
      case THROTTLED -> paced(detail, HttpAnswers.retryAfter(response, now), fallback);
      case TRANSIENT -> new UncheckedIOException(detail, new IOException(detail));
      case REFUSED ->
          new IllegalStateException(
              status == 401 || status == 403
                  ? detail + " (the channel's credentials were refused)"
                  : detail);
    };
  }

  /** A throttle answer: wait {@code retryAfter} when given and longer than {@code fallback}. */
  public static ReadBackPaced paced(String detail, Duration retryAfter, Duration fallback) {
    Duration wait =
        retryAfter != null && retryAfter.compareTo(fallback) > 0 ? retryAfter : fallback;
    return new ReadBackPaced(detail, wait);
  }
}
