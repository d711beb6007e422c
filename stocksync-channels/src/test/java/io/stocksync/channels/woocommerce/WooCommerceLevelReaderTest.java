package io.stocksync.channels.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.readback.LevelReader.Level;
import io.stocksync.channels.readback.LevelReader.Wanted;
import io.stocksync.channels.readback.ReadBackCapabilities;
import io.stocksync.channels.readback.ReadBackPaced;
import io.stocksync.channels.readback.Storefront;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WooCommerce level reader (products and variations lists) against the emulator over HTTP. */
class WooCommerceLevelReaderTest {

  /** A clock that stands still until moved. Thread-safe. */
  static final class StillClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-27T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final StillClock clock = new StillClock();
  final WooCommerceEmulator woo =
      new WooCommerceEmulator(WooCommerceEmulator.Options.defaults(), clock);
  final EmulatorServer server = EmulatorServer.builder().clock(clock).add(woo).start();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    server.close();
  }

  ChannelRow channel(String settings) {
    return new ChannelRow(
        "acct",
        "woo-read",
        WooCommerceConnector.TYPE,
        server.baseUrl("woocommerce"),
        settings,
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  ConnectorContext context() {
    return new ConnectorContext(http, clock, Duration.ofSeconds(5), () -> 0.5);
  }

  static Map<String, String> keys(String secret) {
    return Map.of(
        "consumerKey", WooCommerceEmulator.DEFAULT_CONSUMER_KEY, "consumerSecret", secret);
  }

  WooCommerceLevelReader reader() {
    return WooCommerceLevelReader.create(
        channel("{}"), keys(WooCommerceEmulator.DEFAULT_CONSUMER_SECRET), context());
  }

  static Wanted wanted(String externalId) {
    return new Wanted("S-" + externalId, externalId, "{}");
  }

  List<RecordedRequest> reads() {
    return woo.requests().list().stream()
        .filter(r -> r.method().equals("GET") && r.path().contains("/products"))
        .toList();
  }

  Instant now() {
    return clock.instant();
  }

  @Test
  void readsProductsAndEachParentsVariationsOneRequestARoute() {
    woo.seedQuantities(Map.of("11", 3L, "12", 0L, "20/21", 7L, "20/22", 8L, "30/31", 1L));

    List<Level> levels =
        reader()
            .read(
                List.of(
                    wanted("11"), wanted("20/21"), wanted("12"), wanted("30/31"), wanted("20/22")),
                now());

    assertThat(levels).extracting(Level::held).containsExactly(3L, 7L, 0L, 1L, 8L);
    assertThat(levels)
        .extracting(Level::externalId)
        .containsExactly("11", "20/21", "12", "30/31", "20/22");
    assertThat(reads())
        .extracting(RecordedRequest::path)
        .containsExactlyInAnyOrder(
            "/woocommerce/wp-json/wc/v3/products",
            "/woocommerce/wp-json/wc/v3/products/20/variations",
            "/woocommerce/wp-json/wc/v3/products/30/variations");
    assertThat(reads())
        .filteredOn(r -> r.path().endsWith("/20/variations"))
        .singleElement()
        .satisfies(r -> assertThat(r.query()).contains("include=21,22", "per_page=100"));
  }

  @Test
  void readsUpToAHundredListingsARead() {
    Map<String, Long> seeds = new HashMap<>();
    List<Wanted> hundred = new ArrayList<>();
    for (int n = 1; n <= 101; n++) {
      seeds.put(Integer.toString(n), (long) n);
      hundred.add(wanted(Integer.toString(n)));
    }
    woo.seedQuantities(seeds);
    WooCommerceLevelReader reader = reader();

    List<Level> levels = reader.read(hundred.subList(0, 100), now());

    assertThat(reader.batchSize()).isEqualTo(100);
    assertThat(levels).hasSize(100);
    assertThat(levels.get(99).held()).isEqualTo(100L);
    assertThat(reads()).hasSize(1);
    assertThatThrownBy(() -> reader.read(hundred, now()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsAFigureChangedInTheStoresAdminOrByASaleBehindStockSyncsBack() {
    WooCommerceConnector connector =
        WooCommerceConnector.create(
            channel("{}"), keys(WooCommerceEmulator.DEFAULT_CONSUMER_SECRET), context());
    woo.seedQuantities(Map.of("40", 0L));
    CallOutcome pushed = connector.send(connector.prepare(List.of(push("40", 9)), 0)).join();
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);
    WooCommerceLevelReader reader = reader();
    assertThat(reader.read(List.of(wanted("40")), now()).get(0).held()).isEqualTo(9L);

    Storefront.setHeld(server, "woocommerce", Map.of("40", 6L));
    clock.advance(Duration.ofSeconds(2));
    assertThat(reader.read(List.of(wanted("40")), now()).get(0).held()).isEqualTo(6L);

    Storefront.buy(server, "woocommerce", "40", 2);
    clock.advance(Duration.ofSeconds(2));
    assertThat(reader.read(List.of(wanted("40")), now()).get(0).held()).isEqualTo(4L);
  }

  @Test
  void anUnknownItemOrOneThatKeepsNoQuantityIsUnknownWithTheReason() {
    woo.faults().createUnknown(false);
    woo.seedQuantities(Map.of("50", 5L));
    woo.manageStock("51", "false");
    woo.manageStock("60/61", "parent");

    List<Level> levels =
        reader()
            .read(
                List.of(wanted("50"), wanted("51"), wanted("52"), wanted("60/61"), wanted("0")),
                now());

    assertThat(levels.get(0).held()).isEqualTo(5L);
    assertThat(levels.get(1).held()).isNull();
    assertThat(levels.get(1).error()).contains("does not manage its stock");
    assertThat(levels.get(2).error()).contains("WooCommerce shows no product 52");
    assertThat(levels.get(3).error()).contains("its parent product manages its stock");
    assertThat(levels.get(4).error()).contains("externalId");
  }

  @Test
  void theReadShareIsATenthOfTheStoresRateAndLeavesThePushesTheirs() {
    WooCommerceLevelReader reader =
        WooCommerceLevelReader.create(
            channel("{\"maxRequestsPerSecond\":10}"),
            keys(WooCommerceEmulator.DEFAULT_CONSUMER_SECRET),
            context());
    WooCommerceConnector connector =
        WooCommerceConnector.create(
            channel("{\"maxRequestsPerSecond\":10}"),
            keys(WooCommerceEmulator.DEFAULT_CONSUMER_SECRET),
            context());
    assertThat(reader.share().rate()).isEqualTo(1.0);
    assertThat(reader().share().rate()).isEqualTo(0.5); // without a rate: a tenth of 5 assumed
    reader.read(List.of(wanted("70")), now());

    assertThatThrownBy(() -> reader.read(List.of(wanted("70")), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> assertThat(paced.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    assertThat(reads()).hasSize(1);
    assertThat(connector.delayBeforeNextCall(now())).isZero();
    CallOutcome pushed = connector.send(connector.prepare(List.of(push("70", 5)), 0)).join();
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);

    clock.advance(Duration.ofSeconds(1));
    assertThat(reader.read(List.of(wanted("70")), now()).get(0).held()).isEqualTo(5L);
  }

  @Test
  void aTooManyRequestsAnswerPacesTheRead() {
    woo.faults().throttling(Throttling.ALWAYS);

    assertThatThrownBy(() -> reader().read(List.of(wanted("1")), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> {
              assertThat(paced.getMessage()).contains("429").contains("rest_too_many_requests");
              assertThat(paced.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
  }

  @Test
  void refusedKeysAreAnIllegalStateWithWooCommercesReason() {
    WooCommerceLevelReader reader =
        WooCommerceLevelReader.create(channel("{}"), keys("cs_wrong"), context());

    assertThatThrownBy(() -> reader.read(List.of(wanted("1")), now()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("woocommerce_rest_authentication_error")
        .hasMessageContaining("credentials were refused");
  }

  @Test
  void theChannelsReaderIsTheWooCommerceOne() {
    assertThat(
            ReadBackCapabilities.reader(
                channel("{}"), keys(WooCommerceEmulator.DEFAULT_CONSUMER_SECRET), context()))
        .containsInstanceOf(WooCommerceLevelReader.class);
  }

  static PendingPush push(String externalId, long target) {
    return new PendingPush(
        "acct",
        "woo-read",
        "S-" + externalId,
        externalId,
        "{}",
        target,
        1,
        Urgency.of(target, null),
        null,
        Instant.parse("2026-11-27T10:00:00Z"),
        ListingState.QUEUED);
  }
}
