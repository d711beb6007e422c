package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.core.inventory.ConfigurationQuery;
import io.stocksync.core.inventory.Explain;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-back with the production reader ({@code ReadBackCapabilities}) against the WooCommerce
 * emulator: a figure the seller typed into the store's admin is read back, found to be drift with
 * both figures, and repaired by a push of the target.
 */
class ReadBackEmulatorTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private EmulatorServer emulators;

  @BeforeEach
  void start() {
    emulators = EmulatorServer.builder().port(0).start();
    api = new TestApi(dir);
    shop = api.account("Woo shop");
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    check(api.events(shop.key(), List.of(event("p-1", "PUTAWAY", "MUG", 100))));
    check(
        api.put(
            "/v1/channels/woo",
            shop.key(),
            "{\"type\":\"woocommerce\",\"baseUrl\":\""
                + emulators.baseUrl(WooCommerceEmulator.NAME)
                + "\",\"credentials\":{\"consumerKey\":\""
                + WooCommerceEmulator.DEFAULT_CONSUMER_KEY
                + "\",\"consumerSecret\":\""
                + WooCommerceEmulator.DEFAULT_CONSUMER_SECRET
                + "\"}}"));
    check(api.put("/v1/channels/woo/listings/MUG", shop.key(), "{\"externalId\":\"42\"}"));
  }

  @AfterEach
  void stop() {
    api.close();
    emulators.close();
  }

  private void acknowledgeQueued() {
    api.engine
        .execute(
            shop.id(),
            (a, c, now) -> {
              for (var e : ConfigurationQuery.listings(a, "woo", null, 100).items()) {
                var x = Explain.of(a, e.sku(), "woo");
                if (x.queued() != null) {
                  a.acknowledge("woo", e.sku(), x.version(), x.queued(), now, c);
                }
              }
              return null;
            })
        .join();
  }

  private void setHeld(String body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(emulators.baseUrl() + "/emulator/woocommerce/quantities"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void aFigureTypedIntoTheStoresAdminIsReadBackAsDriftAndRepairedByAPush() throws Exception {
    acknowledgeQueued(); // the store took 100
    setHeld("{\"42\":130}");

    JsonNode result =
        check(
                api.send(
                    "POST",
                    "/v1/channels/woo/read-back",
                    shop.key(),
                    "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8)))
            .json();

    assertThat(result.path("readable").asBoolean()).isTrue();
    assertThat(result.path("drift").asInt()).as(result.toString()).isEqualTo(1);
    assertThat(result.path("listings").get(0).path("held").asLong()).isEqualTo(130);
    JsonNode alert =
        check(api.get("/v1/alerts?kind=DRIFT&state=open", shop.key())).json().path("alerts").get(0);
    assertThat(alert.path("details").asText()).contains("holds 130").contains("expected 100");
    JsonNode listing = check(api.get("/v1/skus/MUG", shop.key())).json().path("listings").get(0);
    assertThat(listing.path("held").asLong()).isEqualTo(130);
    assertThat(listing.path("queued").asLong()).isEqualTo(100);
  }
}
