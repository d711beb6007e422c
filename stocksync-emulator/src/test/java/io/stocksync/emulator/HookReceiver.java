package io.stocksync.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A tiny webhook receiver on a random loopback port: records every POST it gets, answers 200. */
public final class HookReceiver implements AutoCloseable {

  /** One webhook as received: its headers (case-insensitive), raw body, and arrival time. */
  public record Hook(Map<String, String> headers, byte[] body, Instant at) {
    public String header(String name) {
      return headers.get(name);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Hook> hooks = new ArrayList<>();

  public HookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
          synchronized (hooks) {
            hooks.add(new Hook(headers, body, Instant.now()));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  /** The URL to subscribe. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/test";
  }

  public List<Hook> hooks() {
    synchronized (hooks) {
      return List.copyOf(hooks);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
