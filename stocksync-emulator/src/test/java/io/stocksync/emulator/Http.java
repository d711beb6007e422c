package io.stocksync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client for the emulator server under test. */
public final class Http {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public Http(EmulatorServer server) {
    this.baseUrl = server.baseUrl();
  }

  public HttpResponse<String> get(String path) {
    return send(request(path, Map.of()).GET());
  }

  public HttpResponse<String> post(String path, Map<String, String> headers, String body) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> put(String path, String body) {
    return send(request(path, Map.of()).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Any method, with headers (a Content-Type among them replaces the JSON default). */
  public HttpResponse<String> send(
      String method, String path, Map<String, String> headers, String body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return send(request(path, headers).method(method, publisher));
  }

  /** A request to an absolute URL (a pre-signed URL an emulator handed out). */
  public HttpResponse<String> sendTo(
      String method, String url, Map<String, String> headers, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(builder::setHeader);
    return send(
        builder.method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Sends with a client-side timeout; throws {@link java.net.http.HttpTimeoutException} then. */
  public HttpResponse<String> postWithTimeout(
      String path, Map<String, String> headers, String body, Duration timeout)
      throws IOException, InterruptedException {
    return client.send(
        request(path, headers)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Any method with a client-side timeout; throws {@link java.net.http.HttpTimeoutException}. */
  public HttpResponse<String> sendWithTimeout(
      String method, String path, Map<String, String> headers, String body, Duration timeout)
      throws IOException, InterruptedException {
    return client.send(
        request(path, headers)
            .timeout(timeout)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json");
    headers.forEach(builder::setHeader);
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
