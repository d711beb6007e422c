package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The one HTTP call of a poll, written once: a 2xx JSON answer, or an exception that says why. */
final class PollCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PollCalls() {}

  static JsonNode json(HttpClient http, HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("orders could not be read: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading orders", e);
    }
    if (response.statusCode() == 429) {
      // The marketplace's own pacing: the poll goes again when it says, not after a backoff.
      java.time.Duration wait =
          io.stocksync.channels.HttpAnswers.retryAfter(response, java.time.Instant.now());
      if (wait == null || wait.isZero()) {
        wait = OrderFeedPaced.UNSTATED;
      }
      throw new OrderFeedPaced(
          "the marketplace answered HTTP 429 to the order poll: the next call in "
              + Math.max(1, (wait.toMillis() + 999) / 1000)
              + " s",
          wait);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "the marketplace answered HTTP " + response.statusCode() + " to the order poll");
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("the marketplace's orders are not JSON", e);
    }
  }

  /** A body as JSON; an empty object when it is empty or not JSON (an error page, say). */
  static JsonNode tree(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
