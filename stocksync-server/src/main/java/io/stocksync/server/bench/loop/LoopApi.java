package io.stocksync.server.bench.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The loop's HTTP calls: StockSync's API with the account's key, and the emulators' controls. */
public final class LoopApi {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String key;

  /**
   * @param base the server's address ({@code http://127.0.0.1:P})
   * @param key the account's API key
   */
  public LoopApi(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /** A call to StockSync's API; fails unless it answers 200. */
  public JsonNode require(String method, String path, Object body) {
    Answer a = send(base + path, method, body, true);
    if (a.status() != 200) {
      throw new IllegalStateException(
          method + " " + path + " answered " + a.status() + ": " + a.body());
    }
    return a.json();
  }

  /** A call to an emulator (a full URL), without the key. */
  public Answer emulator(String method, String url, Object body) {
    return send(url, method, body, false);
  }

  /** An answer: status, JSON (null when the body is not JSON) and the body. */
  public record Answer(int status, JsonNode json, String body) {}

  private Answer send(String url, String method, Object body, boolean withKey) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
      if (withKey) {
        request.header("Authorization", "Bearer " + key);
      }
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpResponse<String> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = answer.body().isEmpty() ? null : JSON.readTree(answer.body());
      } catch (IOException notJson) {
        // kept as text
      }
      return new Answer(answer.statusCode(), json, answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
