package io.stocksync.channels.amazon;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** An HTTP client that keeps every exchange made through {@code sendAsync}. Thread-safe. */
final class RecordingHttpClient extends HttpClient {

  /** One request and its answer. */
  record Exchange(String method, String path, String requestBody, int status, String body) {}

  final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final HttpClient inner;

  RecordingHttpClient(HttpClient inner) {
    this.inner = inner;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    String sent = RequestBodies.text(request);
    return inner
        .sendAsync(request, handler)
        .thenApply(
            response -> {
              Object body = response.body();
              String text =
                  body instanceof byte[] bytes
                      ? new String(bytes, StandardCharsets.UTF_8)
                      : String.valueOf(body);
              exchanges.add(
                  new Exchange(
                      request.method(),
                      request.uri().getPath(),
                      sent,
                      response.statusCode(),
                      text));
              return response;
            });
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    return sendAsync(request, handler);
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return inner.send(request, handler);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return inner.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return inner.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return inner.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return inner.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return inner.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return inner.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return inner.authenticator();
  }

  @Override
  public Version version() {
    return inner.version();
  }

  @Override
  public Optional<Executor> executor() {
    return inner.executor();
  }
}
