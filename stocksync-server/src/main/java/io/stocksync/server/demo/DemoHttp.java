package io.stocksync.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The demo's HTTP calls: StockSync's API with the demo account's key, and the emulators. */
final class DemoHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status and body (JSON, or null when the body is not JSON). */
  record Answer(int status, JsonNode json, String body) {
    boolean ok() {
      return status == 200;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String key;

  DemoHttp(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /** A call to StockSync's API, with the key. */
  Answer api(String method, String path, Object body) {
    return send(base + path, method, body, true);
  }

  /** A call to an emulator (a full URL), without StockSync's key. */
  Answer emulator(String method, String url, Object body) {
    return send(url, method, body, false);
  }

  /** Like {@link #api}, failing with the server's answer unless it is 200. */
  JsonNode require(String method, String path, Object body) {
    Answer a = api(method, path, body);
    if (!a.ok()) {
      throw new IllegalStateException(
          method + " " + path + " answered " + a.status() + ": " + a.body());
    }
    return a.json();
  }

  private Answer send(String url, String method, Object body, boolean withKey) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
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
        // the body is kept as text
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
