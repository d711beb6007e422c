package io.stocksync.channels.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.Applied;
import io.stocksync.channels.CallOutcome.ItemResult;
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
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WooCommerce connector against the WooCommerce emulator over real HTTP. */
class WooCommerceConnectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  WooCommerceEmulator woo;
  EmulatorServer server;

  private void store(int batchLimit) {
    woo =
        new WooCommerceEmulator(
            new WooCommerceEmulator.Options(
                WooCommerceEmulator.DEFAULT_CONSUMER_KEY,
                WooCommerceEmulator.DEFAULT_CONSUMER_SECRET,
                batchLimit),
            clock);
    server = EmulatorServer.builder().clock(clock).add(woo).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  WooCommerceConnector connector(String secret) {
    ChannelRow row =
        new ChannelRow(
            "acct",
            "woo",
            WooCommerceConnector.TYPE,
            server.baseUrl("woocommerce"),
            "{}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);
    return WooCommerceConnector.create(
        row,
        Map.of("consumerKey", WooCommerceEmulator.DEFAULT_CONSUMER_KEY, "consumerSecret", secret),
        new ConnectorContext(http, clock, Duration.ofSeconds(5), () -> 0.5));
  }

  WooCommerceConnector connector() {
    return connector(WooCommerceEmulator.DEFAULT_CONSUMER_SECRET);
  }

  static PendingPush push(String externalId, long target) {
    return new PendingPush(
        "acct",
        "woo",
        "SKU-" + externalId,
        externalId,
        null,
        target,
        1,
        Urgency.of(target, null),
        null,
        Instant.parse("2026-11-27T10:00:00Z"),
        ListingState.QUEUED);
  }

  private CallOutcome send(WooCommerceConnector c, List<PendingPush> pushes) {
    return c.send(c.prepare(pushes, 0)).join();
  }

  private List<RecordedRequest> requests() {
    return woo.requests().list();
  }

  @Test
  void setsProductsInOneBatchAndAcknowledgesEach() throws Exception {
    store(100);
    WooCommerceConnector connector = connector();

    CallOutcome outcome = send(connector, List.of(push("11", 0), push("12", 7)));

    assertThat(((Answered) outcome).items()).containsExactly(new Applied(0), new Applied(7));
    assertThat(woo.quantities()).containsEntry("11", 0L).containsEntry("12", 7L);
    RecordedRequest request = requests().get(0);
    assertThat(request.path()).isEqualTo("/woocommerce/wp-json/wc/v3/products/batch");
    JsonNode item = JSON.readTree(request.body()).path("update").get(1);
    assertThat(item.path("id").asLong()).isEqualTo(12);
    // How an item manages its stock is the seller's setting: never sent.
    assertThat(item.has("manage_stock")).isFalse();
    assertThat(item.path("stock_quantity").asLong()).isEqualTo(7);
  }

  @Test
  void aVariationItsParentManagesIsRefusedNamingTheParentToListAndItsSettingIsLeftAlone() {
    store(100);
    woo.seedQuantities(Map.of("20/201", 5L));
    woo.manageStock("20/201", "parent");
    WooCommerceConnector connector = connector();

    CallOutcome outcome = send(connector, List.of(push("20/201", 3)));

    Rejected refused = (Rejected) ((Answered) outcome).items().get(0);
    assertThat(refused.code()).isEqualTo(WooCommerceConnector.MANAGED_BY_PARENT);
    assertThat(refused.message()).contains("parent product 20").contains("(20)");
    // The emulator, like WooCommerce, kept the variation managed by its parent.
    assertThat(woo.quantities()).containsEntry("20/201", 5L);
  }

  @Test
  void aProductThatDoesNotManageItsStockIsRefusedAndNotSwitchedOn() {
    store(100);
    woo.manageStock("11", "false");
    WooCommerceConnector connector = connector();

    CallOutcome outcome = send(connector, List.of(push("11", 3), push("12", 4)));

    List<ItemResult> items = ((Answered) outcome).items();
    assertThat(((Rejected) items.get(0)).code()).isEqualTo(WooCommerceConnector.STOCK_NOT_MANAGED);
    assertThat(((Rejected) items.get(0)).message()).contains("Manage stock");
    assertThat(items.get(1)).isEqualTo(new Applied(4));
    assertThat(woo.quantities()).containsEntry("11", 0L).containsEntry("12", 4L);
  }

  @Test
  void sendsVariationsThroughTheirProductsOwnBatchOneRouteACall() {
    store(100);
    WooCommerceConnector connector = connector();
    List<PendingPush> pushes =
        List.of(
            push("20/201", 1), push("11", 2), push("20/202", 3), push("30/301", 4), push("12", 5));

    WooCommerceConnector.WooCommerceCall first = connector.prepare(pushes, 0);
    connector.send(first).join();
    List<PendingPush> rest = new ArrayList<>(pushes);
    rest.removeAll(first.pushes());
    WooCommerceConnector.WooCommerceCall second = connector.prepare(rest, 0);
    connector.send(second).join();
    rest.removeAll(second.pushes());
    WooCommerceConnector.WooCommerceCall third = connector.prepare(rest, 0);
    connector.send(third).join();

    assertThat(first.pushes())
        .extracting(PendingPush::externalId)
        .containsExactly("20/201", "20/202");
    assertThat(second.pushes()).extracting(PendingPush::externalId).containsExactly("11", "12");
    assertThat(third.pushes()).extracting(PendingPush::externalId).containsExactly("30/301");
    assertThat(requests())
        .extracting(RecordedRequest::path)
        .containsExactly(
            "/woocommerce/wp-json/wc/v3/products/20/variations/batch",
            "/woocommerce/wp-json/wc/v3/products/batch",
            "/woocommerce/wp-json/wc/v3/products/30/variations/batch");
    assertThat(woo.quantities())
        .containsEntry("20/201", 1L)
        .containsEntry("20/202", 3L)
        .containsEntry("30/301", 4L)
        .containsEntry("11", 2L)
        .containsEntry("12", 5L);
  }

  @Test
  void anItemErrorFailsThatItemAloneWithWooCommercesCode() {
    store(100);
    WooCommerceConnector connector = connector();
    woo.seedQuantities(Map.of("11", 1L, "12", 1L));
    woo.faults().failListings(List.of("12"));
    woo.faults().createUnknown(false);

    CallOutcome outcome = send(connector, List.of(push("11", 5), push("12", 5), push("99", 5)));

    List<CallOutcome.ItemResult> items = ((Answered) outcome).items();
    assertThat(items.get(0)).isEqualTo(new Applied(5));
    assertThat(items.get(1))
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(AttemptStatus.REJECTED);
              assertThat(r.code()).isEqualTo("woocommerce_rest_cannot_edit");
            });
    assertThat(items.get(2))
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> assertThat(r.code()).isEqualTo("woocommerce_rest_product_invalid_id"));
    assertThat(woo.quantities())
        .containsEntry("11", 5L)
        .containsEntry("12", 1L)
        .doesNotContainKey("99");
  }

  @Test
  void a413ShrinksTheBatchAndSendsTheItemsInPartsWithinTheSameCall() {
    store(10); // a store whose woocommerce_rest_batch_items_limit is 10
    WooCommerceConnector connector = connector();
    List<PendingPush> pushes = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      pushes.add(push(Integer.toString(100 + i), i));
    }

    WooCommerceConnector.WooCommerceCall call = connector.prepare(pushes, 0);
    CallOutcome outcome = connector.send(call).join();

    assertThat(call.pushes()).hasSize(25);
    assertThat(((Answered) outcome).items()).hasSize(25).allMatch(i -> i instanceof Applied);
    assertThat(woo.quantities()).hasSize(25).containsEntry("125", 25L);
    assertThat(requests().stream().filter(r -> r.status() == 413).count()).isGreaterThan(0);
    assertThat(connector.batchSize()).isLessThanOrEqualTo(10).isPositive();
    // Later calls carry no more than the store takes.
    int before = requests().size();
    connector.send(connector.prepare(pushes, 0)).join();
    assertThat(requests().subList(before, requests().size()))
        .extracting(RecordedRequest::status)
        .containsOnly(200);
  }

  @Test
  void wrongKeysRefuseTheCall() {
    store(100);

    CallOutcome outcome = send(connector("cs_wrong"), List.of(push("11", 5)));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            CallOutcome.Refused.class,
            r -> {
              assertThat(r.httpStatus()).isEqualTo(401);
              assertThat(r.detail())
                  .contains("woocommerce_rest_authentication_error")
                  .doesNotContain("cs_wrong");
            });
    assertThat(woo.quantities()).isEmpty();
  }

  @Test
  void anExternalIdThatIsNotAWooCommerceIdIsRefusedWithoutARequest() {
    store(100);

    CallOutcome outcome = send(connector(), List.of(push("MUG-1", 5), push("11", 5)));

    assertThat(((Answered) outcome).items())
        .singleElement()
        .isInstanceOfSatisfying(
            Rejected.class, r -> assertThat(r.code()).isEqualTo("INVALID_EXTERNAL_ID"));
    assertThat(requests()).isEmpty();
  }

  @Test
  void aThrottledCallWaitsForRetryAfter() {
    store(100);
    woo.faults().throttling(Throttling.ALWAYS);

    CallOutcome outcome = send(connector(), List.of(push("11", 5)));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            CallOutcome.Throttled.class,
            t -> assertThat(t.waitFor()).isEqualTo(Duration.ofSeconds(1)));
  }

  @Test
  void refusesAChannelWithoutItsKeys() {
    store(100);
    ChannelRow row =
        new ChannelRow(
            "acct",
            "woo",
            "woocommerce",
            "http://x",
            "{}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);

    assertThatThrownBy(
            () ->
                WooCommerceConnector.create(
                    row,
                    Map.of("consumerKey", "ck"),
                    new ConnectorContext(http, clock, Duration.ofSeconds(1), () -> 0.5)))
        .hasMessage("credentials.consumerSecret is required");
  }
}
