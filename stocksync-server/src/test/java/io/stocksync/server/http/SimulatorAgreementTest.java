package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.channels.DispatcherSettings;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.simulation.ChannelModel;
import io.stocksync.core.simulation.SimulationResult;
import io.stocksync.core.simulation.Simulator;
import io.stocksync.core.simulation.Strategy;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.webhook.WebhookEmulator;
import io.stocksync.server.engine.Dispatchers;
import io.stocksync.server.simulate.TraceCsv;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace replayed twice: through {@code simulate}'s model, and through the running engine (HTTP
 * API, SQLite, the push dispatcher) to the webhook emulator on loopback. Both must count the same
 * syncs and leave the channel showing the same figures.
 */
class SimulatorAgreementTest {

  static final List<String> SKUS = List.of("MUG", "TEE", "CAP");
  static final String HEADER = "id,type,sku,location,quantity,occurredAt";

  @TempDir Path dir;
  TestApi api;
  EmulatorServer emulators;
  WebhookEmulator hook;
  Dispatchers.Running dispatch;

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    hook =
        new WebhookEmulator(
            WebhookEmulator.Options.defaults().withSecret("hmac-secret"), Clock.systemUTC());
    emulators = EmulatorServer.builder().add(hook).start();
    dispatch =
        Dispatchers.start(
            api.engine,
            List.of(),
            Dispatchers.credentials(api.cipher),
            Clock.systemUTC(),
            DispatcherSettings.DEFAULT,
            1);
  }

  @AfterEach
  void stop() {
    dispatch.close();
    api.close();
    emulators.close();
  }

  /** A seeded mix of every event type around the policy's threshold, some rows refused. */
  private static List<String> rows() {
    Random random = new Random(20261127);
    List<String> rows = new ArrayList<>();
    Instant at = Instant.parse("2026-11-27T10:00:00Z");
    String[] types = {
      "ORDER_PLACED",
      "ORDER_PLACED",
      "ORDER_PLACED",
      "ORDER_CANCELLED",
      "ORDER_SHIPPED",
      "RETURN_RECEIVED",
      "ADJUSTMENT",
      "STOCK_COUNT",
      "PUTAWAY"
    };
    for (String sku : SKUS) {
      rows.add(String.join(",", "p-" + sku, "PUTAWAY", sku, "WH1", "80", at.toString()));
    }
    for (int i = 0; i < 70; i++) {
      at = at.plusSeconds(1 + random.nextInt(30));
      String type = types[random.nextInt(types.length)];
      long q =
          switch (type) {
            case "ADJUSTMENT" -> random.nextInt(11) - 5 == 0 ? 1 : random.nextInt(11) - 5;
            case "STOCK_COUNT" -> 40 + random.nextInt(60);
            case "PUTAWAY" -> random.nextBoolean() ? 3 : 25;
            default -> 1 + random.nextInt(4);
          };
      String sku = SKUS.get(random.nextInt(SKUS.size()));
      rows.add(String.join(",", "e-" + i, type, sku, "WH1", Long.toString(q), at.toString()));
    }
    return rows;
  }

  @Test
  void theSimulatorAndTheRunningEngineCountTheSameSyncsAndEndWithTheSameFigures() throws Exception {
    SyncPolicy policy = new SyncPolicy(50, 4, 20, 0);
    TestApi.Account a = api.account("Agreement");
    check(
        api.put(
            "/v1/policy",
            a.key(),
            "{\"threshold\":50,\"batchSize\":4,\"significantQuantity\":20,"
                + "\"maxStalenessSeconds\":0}"));
    check(api.put("/v1/locations/WH1", a.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(
        api.put(
            "/v1/channels/hook",
            a.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\""
                + emulators.baseUrl("webhook")
                + "/stock\",\"credentials\":{\"secret\":\"hmac-secret\"}}"));
    for (String sku : SKUS) {
      check(api.put("/v1/skus/" + sku, a.key(), "{\"name\":\"" + sku + "\"}"));
      check(
          api.put(
              "/v1/channels/hook/listings/" + sku,
              a.key(),
              "{\"externalId\":\"" + sku.toLowerCase(Locale.ROOT) + "\"}"));
    }

    // The engine: one event at a time, reading the SKU's pending count after each. An applied
    // event that changed the available figure synced exactly when pending is back to 0 (T is off).
    long engineSyncs = 0;
    long applied = 0;
    for (String row : rows()) {
      String sku = row.split(",")[2];
      long availableBefore = sku(a, sku).path("available").asLong();
      JsonNode result =
          check(api.postCsv(a.key(), HEADER + "\n" + row + "\n")).json().path("results").get(0);
      if (!result.path("status").asText().equals("applied")) {
        continue;
      }
      applied++;
      JsonNode after = sku(a, sku);
      if (after.path("available").asLong() != availableBefore
          && after.path("sync").path("pending").asLong() == 0) {
        engineSyncs++;
      }
    }

    // The simulator, on the same rows as a file would give them.
    TraceCsv.Read read =
        TraceCsv.read(new StringReader(HEADER + "\n" + String.join("\n", rows()) + "\n"), "trace");
    SimulationResult simulated =
        new Simulator(read.trace(), List.of(ChannelModel.WEBHOOK.withName("hook")))
            .run(Strategy.Policy.of(policy), true);

    assertThat(applied).isGreaterThan(50); // the mix keeps most rows
    assertThat(simulated.events() - simulated.rejected()).isEqualTo(applied);
    assertThat(simulated.syncs()).isEqualTo(engineSyncs).isGreaterThan(10);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (String sku : SKUS) {
                assertThat(hook.quantities())
                    .as(sku)
                    .containsEntry(
                        sku.toLowerCase(Locale.ROOT), simulated.figures().shown("hook", sku));
              }
            });
  }

  private JsonNode sku(TestApi.Account a, String sku) {
    return check(api.get("/v1/skus/" + sku, a.key())).json();
  }
}
