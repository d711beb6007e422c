package io.stocksync.channels.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.TokenBucketPacer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The calls of one test run, written once: each waits for its pacer (the test's own share of the
 * marketplace's budget, and the channel's shared bucket where its marketplace counts one quota), is
 * cut to the time the run has left, and a 429 waits as told and goes again while time remains (at
 * most {@link #THROTTLED_TRIES} times). Any other answer is returned as it is: a test never retries
 * a refusal, so a wrong secret is reported at once.
 *
 * <p>Not thread-safe: one run, one thread.
 */
final class CheckCalls {
  /** How often a call answered 429 is sent again within the run's time. */
  static final int THROTTLED_TRIES = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An answer: {@code status} 0 when none came ({@code body} then says why).
   *
   * @param json the body as JSON (an empty object when it is not JSON)
   */
  record Answer(int status, String body, JsonNode json) {
    boolean ok() {
      return status >= 200 && status <= 299;
    }

    /** The status and the start of the body, for a check's detail. */
    String reason() {
      return status == 0 ? body : "HTTP " + status + ": " + HttpAnswers.quote(body);
    }
  }

  private final ConnectorContext context;
  private final Instant deadline;
  private final TokenBucketPacer share;
  private final TokenBucketPacer shared;
  private int calls;

  /**
   * @param share the test's own pacer for this channel
   * @param shared the channel's bucket that pushes also draw from, or null when the marketplace
   *     counts reads apart (each call then takes a token from it too)
   */
  CheckCalls(
      ConnectorContext context, Instant deadline, TokenBucketPacer share, TokenBucketPacer shared) {
    this.context = context;
    this.deadline = deadline;
    this.share = share;
    this.shared = shared;
  }

  /** How many calls were sent. */
  int calls() {
    return calls;
  }

  Instant now() {
    return context.clock().instant();
  }

  /** Sends {@code request} (its timeout set here), paced; see the class comment. */
  Answer send(HttpRequest.Builder request) {
    Answer answer = null;
    for (int attempt = 0; attempt < THROTTLED_TRIES; attempt++) {
      pace();
      answer = once(request);
      if (answer.status() != 429) {
        return answer;
      }
      waitFor(Duration.ofSeconds(1));
    }
    return answer;
  }

  /** Waits {@code wait}, or throws {@link OutOfTime} when the run would end first. */
  void waitFor(Duration wait) {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    if (now().plus(wait).isAfter(deadline)) {
      throw new ChannelCheck.OutOfTime();
    }
    try {
      // A test runs on a request thread of its own; the clock of a check is the wall clock.
      Thread.sleep(Math.max(1, wait.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelCheck.OutOfTime();
    }
  }

  private void pace() {
    Duration wait = share.delay(now());
    if (shared != null) {
      Duration other = shared.delay(now());
      wait = other.compareTo(wait) > 0 ? other : wait;
    }
    waitFor(wait);
    share.take(now());
    if (shared != null) {
      shared.take(now());
    }
  }

  private Answer once(HttpRequest.Builder request) {
    Duration left = Duration.between(now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new ChannelCheck.OutOfTime();
    }
    Duration timeout =
        context.requestTimeout().compareTo(left) < 0 ? context.requestTimeout() : left;
    calls++;
    try {
      HttpResponse<String> response =
          context
              .http()
              .send(
                  request.timeout(timeout).build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body(), tree(response.body()));
    } catch (HttpTimeoutException e) {
      return new Answer(0, "no answer in " + timeout.toSeconds() + " s", JSON.createObjectNode());
    } catch (IOException e) {
      return new Answer(
          0, "could not reach the marketplace: " + e.getClass().getSimpleName(), tree(null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelCheck.OutOfTime();
    }
  }

  static JsonNode tree(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
