package io.stocksync.server.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A seller's alert receiver for tests: a real HTTP server on a random loopback port that records
 * every POST (headers and raw body) and answers 500 while told to fail, 200 otherwise.
 */
final class AlertReceiver implements AutoCloseable {

  /** One request as it arrived. */
  record Received(
      String timestamp, String signature, String delivery, String body, int answeredWith) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile boolean failAll;

  AlertReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/alerts",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          boolean fail = failAll || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
          int status = fail ? 500 : 200;
          synchronized (received) {
            received.add(
                new Received(
                    exchange.getRequestHeaders().getFirst("X-StockSync-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-StockSync-Signature"),
                    exchange.getRequestHeaders().getFirst("X-StockSync-Delivery"),
                    new String(body, StandardCharsets.UTF_8),
                    status));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
  }

  /** Answers 500 to the next {@code n} requests. */
  void failNext(int n) {
    failNext.set(n);
  }

  /** Answers 500 to every request while {@code fail}. */
  void failAll(boolean fail) {
    failAll = fail;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The requests it answered 200, in order. */
  List<Received> accepted() {
    return received().stream().filter(r -> r.answeredWith() == 200).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
