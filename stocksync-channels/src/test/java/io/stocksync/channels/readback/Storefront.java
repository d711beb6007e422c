package io.stocksync.channels.readback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.emulator.EmulatorServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * The marketplace's own side of an emulator, over its HTTP control routes: what changes a held
 * figure behind StockSync's back (an admin setting a figure, a customer buying).
 */
public final class Storefront {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Storefront() {}

  /** {@code PUT /emulator/{m}/quantities}: the seller sets figures in the marketplace's admin. */
  public static void setHeld(EmulatorServer server, String marketplace, Map<String, Long> held) {
    send(server, "PUT", "/emulator/" + marketplace + "/quantities", held);
  }

  /** {@code POST /emulator/{m}/orders}: a customer buys {@code quantity} of the listing. */
  public static void buy(EmulatorServer server, String marketplace, String key, long quantity) {
    String answer =
        send(
            server,
            "POST",
            "/emulator/" + marketplace + "/orders",
            Map.of("lines", List.of(Map.of("listing", key, "quantity", quantity))));
    if (!answer.contains("\"accepted\":true")) {
      throw new AssertionError("the order was not accepted: " + answer);
    }
  }

  private static String send(EmulatorServer server, String method, String path, Object body) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                  .header("Content-Type", "application/json")
                  .method(
                      method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(method + " " + path + ": HTTP " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
