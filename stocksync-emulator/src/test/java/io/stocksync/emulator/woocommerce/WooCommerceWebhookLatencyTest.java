package io.stocksync.emulator.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.emulator.Await;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.HookReceiver;
import io.stocksync.emulator.Http;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How soon a webhook leaves after the buy that caused it, on loopback: the emulator's share of the
 * order → ledger latency of SPEC §9 (1 s from the webhook) must be a small part of it.
 */
class WooCommerceWebhookLatencyTest {

  @Test
  void aBuysWebhookArrivesWellWithinASecond() {
    try (EmulatorServer server = EmulatorServer.start(0);
        HookReceiver receiver = new HookReceiver()) {
      Http http = new Http(server);
      http.put("/emulator/woocommerce/quantities", "{\"11\":1000}");
      String auth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (WooCommerceEmulator.DEFAULT_CONSUMER_KEY
                              + ":"
                              + WooCommerceEmulator.DEFAULT_CONSUMER_SECRET)
                          .getBytes(StandardCharsets.UTF_8));
      http.send(
          "POST",
          "/woocommerce/wp-json/wc/v3/webhooks",
          Map.of("Authorization", auth),
          Http.json(
              Map.of("topic", "order.created", "delivery_url", receiver.url(), "secret", "s")));
      int orders = 200;
      List<Instant> bought = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        bought.add(Instant.now());
        http.post(
            "/emulator/woocommerce/orders",
            Map.of(),
            "{\"lines\":[{\"listing\":\"11\",\"quantity\":1}]}");
      }
      Await.until(Duration.ofSeconds(10), () -> receiver.hooks().size() == orders);
      List<Long> micros = new ArrayList<>();
      for (HookReceiver.Hook hook : receiver.hooks()) {
        String body = hook.text();
        int id = Integer.parseInt(body.substring(6, body.indexOf(',')));
        micros.add(Duration.between(bought.get(id - 1), hook.at()).toNanos() / 1000);
      }
      micros.sort(Long::compare);
      long p50 = micros.get(orders / 2);
      long p99 = micros.get(orders * 99 / 100 - 1);
      System.out.printf(
          "WooCommerce webhook after buy, %d orders: p50 %d µs, p99 %d µs%n", orders, p50, p99);
      assertThat(p99).isLessThan(500_000);
    }
  }
}
