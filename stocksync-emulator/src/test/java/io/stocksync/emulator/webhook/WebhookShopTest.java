package io.stocksync.emulator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Await;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.HookReceiver;
import io.stocksync.emulator.Http;
import io.stocksync.emulator.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seller's own shop behind a webhook channel: its orders, polled and posted signed. */
class WebhookShopTest {

  private final TestClock clock = new TestClock();
  private EmulatorServer server;
  private Http http;
  private HookReceiver receiver;

  @BeforeEach
  void start() {
    server =
        EmulatorServer.builder()
            .clock(clock)
            .add(new WebhookEmulator(WebhookEmulator.Options.defaults().withSecret("shh"), clock))
            .start();
    http = new Http(server);
    receiver = new HookReceiver();
    http.put("/emulator/webhook/quantities", "{\"L-1\":4}");
  }

  @AfterEach
  void stop() {
    receiver.close();
    server.close();
  }

  private String buy(int quantity) {
    JsonNode answer =
        Http.json(
            http.post(
                "/emulator/webhook/orders",
                Map.of(),
                "{\"lines\":[{\"listing\":\"L-1\",\"quantity\":" + quantity + "}]}"));
    return answer.path("accepted").booleanValue() ? answer.get("orderId").asText() : null;
  }

  @Test
  void ordersArePostedToTheHookSignedAsStockSyncSignsItsPushes() {
    assertThat(
            http.put("/webhook/orders/hook", "{\"url\":\"" + receiver.url() + "\"}").statusCode())
        .isEqualTo(200);

    String orderId = buy(3);
    assertThat(buy(2)).as("only 1 left").isNull();

    Await.until(Duration.ofSeconds(5), () -> receiver.hooks().size() == 1);
    HookReceiver.Hook hook = receiver.hooks().get(0);
    String timestamp = hook.header("X-StockSync-Timestamp");
    assertThat(timestamp).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(
            WebhookSignature.verify(
                "shh", timestamp, hook.body(), hook.header("X-StockSync-Signature")))
        .isTrue();
    assertThat(hook.text()).contains("\"orderId\":\"" + orderId + "\"", "\"state\":\"placed\"");
    assertThat(hook.text()).contains("\"externalId\":\"L-1\"", "\"quantity\":3");
    assertThat(Http.json(http.get("/emulator/webhook/quantities")).get("L-1").asLong())
        .isEqualTo(1);
  }

  @Test
  void theOrdersAreOfferedForPollingChangedSinceWithACursor() {
    http.put("/emulator/webhook/quantities", "{\"L-1\":100}");
    for (int i = 0; i < 5; i++) {
      buy(1);
    }
    clock.advance(Duration.ofMinutes(1));
    http.post("/emulator/webhook/orders/W-2/cancel", Map.of(), "");

    JsonNode changed =
        Http.json(http.get("/webhook/orders?updatedAfter=2026-11-27T10:01:00Z")).get("orders");
    assertThat(changed).hasSize(1);
    assertThat(changed.get(0).get("state").asText()).isEqualTo("cancelled");

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          Http.json(
              http.get("/webhook/orders?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
      page.get("orders").forEach(o -> seen.add(o.get("orderId").asText()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    } while (cursor != null);
    assertThat(seen).containsExactly("W-1", "W-3", "W-4", "W-5", "W-2");
    assertThat(http.get("/webhook/orders?limit=501").statusCode()).isEqualTo(400);
  }
}
