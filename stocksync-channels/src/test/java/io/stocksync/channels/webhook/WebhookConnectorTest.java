package io.stocksync.channels.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.Rejected;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.webhook.WebhookEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook connector against the webhook emulator, which checks the signature. */
class WebhookConnectorTest {

  final Clock clock = Clock.systemUTC();
  final WebhookEmulator hook =
      new WebhookEmulator(WebhookEmulator.Options.defaults().withSecret("s3cret"), clock);
  final EmulatorServer server = EmulatorServer.builder().clock(clock).add(hook).start();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    server.close();
  }

  private WebhookConnector connector(String secret) {
    ChannelRow row =
        new ChannelRow(
            "acct",
            "hook",
            WebhookConnector.TYPE,
            server.baseUrl("webhook") + "/stock",
            "{}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);
    return WebhookConnector.create(
        row,
        Map.of("secret", secret),
        new ConnectorContext(http, clock, Duration.ofSeconds(5), () -> 0.5));
  }

  private static PendingPush push(String id, long target, long version) {
    return new PendingPush(
        "acct",
        "hook",
        "SKU-" + id,
        id,
        null,
        target,
        version,
        Urgency.of(target, null),
        null,
        Instant.now(),
        ListingState.QUEUED);
  }

  @Test
  void postsASignedBatchThatTheReceiverAcceptsAndAcknowledgesEveryItem() {
    WebhookConnector connector = connector("s3cret");

    CallOutcome outcome =
        connector.send(connector.prepare(List.of(push("L-1", 5, 3), push("L-2", 0, 1)), 0)).join();

    assertThat(((Answered) outcome).items()).containsExactly(new Applied(5), new Applied(0));
    assertThat(hook.quantities()).containsEntry("L-1", 5L).containsEntry("L-2", 0L);
    RecordedRequest request = hook.requests().list().get(0);
    assertThat(request.path()).isEqualTo("/webhook/stock");
    assertThat(request.body())
        .isEqualTo(
            "{\"items\":[{\"externalId\":\"L-1\",\"sku\":\"SKU-L-1\",\"quantity\":5,\"version\":3},"
                + "{\"externalId\":\"L-2\",\"sku\":\"SKU-L-2\",\"quantity\":0,\"version\":1}]}");
    String timestamp =
        request.headers().entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(WebhookConnector.TIMESTAMP_HEADER))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow();
    String signature =
        request.headers().entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(WebhookConnector.SIGNATURE_HEADER))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow();
    assertThat(signature)
        .isEqualTo(
            new WebhookSigner("s3cret")
                .sign(
                    Long.parseLong(timestamp),
                    request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void aWrongSecretIsRefusedAndTheItemsAreNotAcknowledged() {
    WebhookConnector connector = connector("wrong");

    CallOutcome outcome = connector.send(connector.prepare(List.of(push("L-1", 5, 3)), 0)).join();

    assertThat(outcome)
        .isInstanceOfSatisfying(
            CallOutcome.Refused.class, r -> assertThat(r.httpStatus()).isEqualTo(401));
    assertThat(hook.quantities()).isEmpty();
  }

  @Test
  void itemsTheReceiverRejectsFailAloneAndThrottlingWaits() {
    WebhookConnector connector = connector("s3cret");
    hook.faults().failListings(List.of("L-2"));

    CallOutcome outcome =
        connector.send(connector.prepare(List.of(push("L-1", 5, 3), push("L-2", 7, 1)), 0)).join();
    hook.faults().throttling(Throttling.ALWAYS);
    CallOutcome throttled = connector.send(connector.prepare(List.of(push("L-1", 6, 4)), 0)).join();

    assertThat(((Answered) outcome).items().get(0)).isEqualTo(new Applied(5));
    assertThat(((Answered) outcome).items().get(1))
        .isInstanceOfSatisfying(
            Rejected.class, r -> assertThat(r.status()).isEqualTo(AttemptStatus.REJECTED));
    assertThat(throttled)
        .isInstanceOfSatisfying(
            CallOutcome.Throttled.class,
            t -> assertThat(t.waitFor()).isEqualTo(Duration.ofSeconds(1)));
  }
}
