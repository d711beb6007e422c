package io.stocksync.channels.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.check.ChannelCheck.Check;
import io.stocksync.channels.check.ChannelCheck.Listing;
import io.stocksync.channels.check.ChannelCheck.Report;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.flipkart.FlipkartEmulator;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import io.stocksync.emulator.woocommerce.WooCommerceEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection test of each marketplace against its emulator over real HTTP: a good channel
 * passes every check, a wrong secret fails the credentials at once with the marketplace's reason,
 * an unknown listing id fails that listing alone, and nothing at the marketplace changes.
 */
class ChannelChecksTest {
  static final String LOCATION = "gid://shopify/Location/1";
  static final String SELLER = "A1SELLER";
  static final String MARKETPLACE = "ATVPDKIKX0DER";

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final ConnectorContext context =
      new ConnectorContext(http, Clock.systemUTC(), Duration.ofSeconds(5), () -> 0.5);
  EmulatorServer server;

  @BeforeEach
  void start() {
    server = EmulatorServer.builder().clock(Clock.systemUTC()).start();
    for (String m : List.of("shopify", "amazon", "flipkart", "woocommerce")) {
      // Pushes may create listings in the emulators; reads never do, and here neither do pushes.
      server.emulator(m).faults().createUnknown(false);
    }
    server
        .emulator("shopify")
        .seedQuantities(
            Map.of(
                "gid://shopify/InventoryItem/11@" + LOCATION,
                5L,
                "gid://shopify/InventoryItem/12@" + LOCATION,
                7L,
                "gid://shopify/InventoryItem/13@gid://shopify/Location/2",
                1L));
    server.emulator("amazon").seedQuantities(Map.of(SELLER + "/SKU-A", 3L, SELLER + "/SKU B", 4L));
    server
        .emulator("flipkart")
        .seedQuantities(Map.of("FSKU-1@LOC1", 2L, "FSKU-2@LOC1", 6L, "FSKU-3@LOC9", 1L));
    server.emulator("woocommerce").seedQuantities(Map.of("11", 8L, "12/13", 9L));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ChannelRow row(String type, String settings) {
    return new ChannelRow(
        "acct",
        type + "-" + UUID.randomUUID(),
        type,
        server.baseUrl(type),
        settings,
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  record Case(
      ChannelRow row,
      Map<String, String> credentials,
      String secretName,
      List<Listing> good,
      Listing unknown) {}

  Case shopify() {
    return new Case(
        row("shopify", "{\"locationId\":\"" + LOCATION + "\"}"),
        Map.of("accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN),
        "accessToken",
        List.of(
            new Listing("MUG", "gid://shopify/InventoryItem/11", null),
            new Listing("CUP", "gid://shopify/InventoryItem/12", null)),
        new Listing("GHOST", "gid://shopify/InventoryItem/99", null));
  }

  Case amazon() {
    return new Case(
        row(
            "amazon",
            "{\"sellerId\":\""
                + SELLER
                + "\",\"marketplaceId\":\""
                + MARKETPLACE
                + "\",\"tokenUrl\":\""
                + server.baseUrl("amazon")
                + AmazonEmulator.TOKEN_PATH
                + "\"}"),
        Map.of(
            "clientId", AmazonEmulator.DEFAULT_CLIENT_ID,
            "clientSecret", AmazonEmulator.DEFAULT_CLIENT_SECRET,
            "refreshToken", AmazonEmulator.DEFAULT_REFRESH_TOKEN),
        "clientSecret",
        List.of(
            new Listing("MUG", "SKU-A", "{\"productType\":\"MUG\"}"),
            new Listing("CUP", "SKU B", "{\"productType\":\"MUG\"}")),
        new Listing("GHOST", "SKU-GHOST", "{\"productType\":\"MUG\"}"));
  }

  Case flipkart() {
    return new Case(
        row("flipkart", "{\"locationId\":\"LOC1\"}"),
        Map.of(
            "appId",
            FlipkartEmulator.DEFAULT_APP_ID,
            "appSecret",
            FlipkartEmulator.DEFAULT_APP_SECRET),
        "appSecret",
        List.of(
            new Listing("MUG", "FSKU-1", "{\"productId\":\"MUGFSN0000001\"}"),
            new Listing("CUP", "FSKU-2", "{\"productId\":\"CUPFSN0000002\"}")),
        new Listing("GHOST", "FSKU-GHOST", "{\"productId\":\"GHOFSN0000003\"}"));
  }

  Case woocommerce() {
    return new Case(
        row("woocommerce", "{}"),
        Map.of(
            "consumerKey", WooCommerceEmulator.DEFAULT_CONSUMER_KEY,
            "consumerSecret", WooCommerceEmulator.DEFAULT_CONSUMER_SECRET),
        "consumerSecret",
        List.of(new Listing("MUG", "11", null), new Listing("CUP", "12/13", null)),
        new Listing("GHOST", "12/99", null));
  }

  List<Case> cases() {
    return List.of(shopify(), amazon(), flipkart(), woocommerce());
  }

  Report test(Case c, Map<String, String> credentials, List<Listing> listings) {
    return ChannelChecks.test(c.row(), credentials, listings, context, Duration.ofSeconds(20));
  }

  Map<String, Map<String, Long>> figures() {
    Map<String, Map<String, Long>> all = new HashMap<>();
    for (String m : List.of("shopify", "amazon", "flipkart", "woocommerce")) {
      all.put(m, server.emulator(m).quantities());
    }
    return all;
  }

  @Test
  void aGoodChannelOfEachMarketplacePassesEveryCheckAndChangesNothing() {
    Map<String, Map<String, Long>> before = figures();
    for (Case c : cases()) {
      Report report = test(c, c.credentials(), c.good());

      assertThat(report.checks()).as(c.row().type()).allMatch(Check::ok);
      assertThat(report.ok()).isTrue();
      assertThat(report.checks())
          .extracting(Check::name)
          .contains("credentials", "listing MUG", "listing CUP");
    }
    assertThat(figures()).isEqualTo(before);
    for (String m : List.of("shopify", "amazon", "flipkart", "woocommerce")) {
      for (RecordedRequest r : server.emulator(m).requests().list()) {
        boolean read =
            r.method().equals("GET")
                || r.path().endsWith("/token")
                || (m.equals("shopify") && r.body().contains("\"query StockSyncCheck"));
        assertThat(read).as(m + " " + r.method() + " " + r.path()).isTrue();
      }
    }
  }

  @Test
  void aWrongSecretFailsTheCredentialsWithTheMarketplacesReasonInAboutASecond() {
    for (Case c : cases()) {
      Map<String, String> wrong = new HashMap<>(c.credentials());
      wrong.put(c.secretName(), "not-the-secret");
      MarketplaceEmulator emulator = server.emulator(c.row().type());
      int callsBefore = emulator.requests().list().size();
      long started = System.nanoTime();

      Report report = test(c, wrong, c.good());

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took).as(c.row().type()).isLessThan(Duration.ofSeconds(2));
      assertThat(report.ok()).isFalse();
      Check credentials = find(report, "credentials").orElseThrow();
      assertThat(credentials.ok()).isFalse();
      assertThat(credentials.detail())
          .as(c.row().type())
          .containsAnyOf("401", "403", "invalid", "Invalid");
      assertThat(credentials.detail()).doesNotContain("not-the-secret");
      // One refused call, no retry ladder; the listings are not checked.
      assertThat(emulator.requests().list().size() - callsBefore).isEqualTo(1);
      assertThat(find(report, "listings").orElseThrow().detail()).startsWith("not checked");
    }
  }

  @Test
  void anUnknownListingIdFailsThatListingAloneWithTheReason() {
    Map<String, Map<String, Long>> before = figures();
    for (Case c : cases()) {
      List<Listing> listings = new java.util.ArrayList<>(c.good());
      listings.add(1, c.unknown());

      Report report = test(c, c.credentials(), listings);

      assertThat(report.ok()).as(c.row().type()).isFalse();
      assertThat(report.checks().stream().filter(k -> !k.ok()))
          .extracting(Check::name)
          .as(c.row().type())
          .containsExactly("listing GHOST");
      assertThat(find(report, "listing GHOST").orElseThrow().detail())
          .contains(c.unknown().externalId().substring(c.unknown().externalId().indexOf('/') + 1));
      assertThat(find(report, "listing MUG").orElseThrow().ok()).isTrue();
      assertThat(find(report, "listing CUP").orElseThrow().ok()).isTrue();
    }
    assertThat(figures()).isEqualTo(before);
  }

  @Test
  void aShopifyItemStockedElsewhereAndAnUnknownLocationAreNamed() {
    Case c = shopify();
    Report elsewhere =
        test(
            c,
            c.credentials(),
            List.of(new Listing("MUG", "gid://shopify/InventoryItem/13", null)));
    assertThat(find(elsewhere, "listing MUG").orElseThrow().detail()).contains("not stocked at");

    ChannelRow other = row("shopify", "{\"locationId\":\"gid://shopify/Location/77\"}");
    Report unknown =
        ChannelChecks.test(other, c.credentials(), c.good(), context, Duration.ofSeconds(20));
    assertThat(find(unknown, "settings.locationId").orElseThrow().ok()).isFalse();
    assertThat(find(unknown, "credentials").orElseThrow().ok()).isTrue();
  }

  @Test
  void anAmazonMarketplaceIdItDoesNotKnowIsRefusedWithItsReason() {
    Case c = amazon();
    ChannelRow wrong = row("amazon", c.row().settingsJson().replace(MARKETPLACE, "A0NOTAMARKET"));
    Report report =
        ChannelChecks.test(wrong, c.credentials(), c.good(), context, Duration.ofSeconds(20));

    Check marketplace = find(report, "settings.marketplaceId").orElseThrow();
    assertThat(marketplace.ok()).isFalse();
    assertThat(marketplace.detail()).contains("InvalidInput").contains("A0NOTAMARKET");
  }

  @Test
  void aFlipkartListingAtAnotherLocationFailsAndSoDoesTheLocation() {
    Case c = flipkart();
    Report report =
        test(
            c,
            c.credentials(),
            List.of(new Listing("MUG", "FSKU-3", "{\"productId\":\"MUGFSN0000001\"}")));
    assertThat(find(report, "listing MUG").orElseThrow().detail()).contains("not listed at LOC1");
    assertThat(find(report, "settings.locationId").orElseThrow().ok()).isFalse();
  }

  @Test
  void aWebhookChannelSaysThereIsNothingToCheckBeyondTheOfflineChecks() {
    ChannelRow row = row("webhook", "{}");
    Report report =
        ChannelChecks.test(
            row,
            Map.of("secret", "s3cret"),
            List.of(new Listing("MUG", "mug-1", null)),
            context,
            Duration.ofSeconds(5));
    assertThat(report.ok()).isTrue();
    assertThat(find(report, "credentials").orElseThrow().detail())
        .startsWith("nothing to check beyond the offline checks");
  }

  @Test
  void aChannelFailingItsOfflineChecksMakesNoCall() {
    Case c = shopify();
    ChannelRow bad = row("shopify", "{\"locationId\":\"Location 1\"}");
    int before = server.emulator("shopify").requests().list().size();

    Report report =
        ChannelChecks.test(bad, c.credentials(), c.good(), context, Duration.ofSeconds(5));

    assertThat(find(report, "settings.locationId").orElseThrow().ok()).isFalse();
    assertThat(server.emulator("shopify").requests().list()).hasSize(before);
  }

  @Test
  void aTestThatRunsOutOfTimeSaysWhatWasNotChecked() {
    Case c = woocommerce();
    Report report = ChannelChecks.test(c.row(), c.credentials(), c.good(), context, Duration.ZERO);
    assertThat(report.ok()).isFalse();
    assertThat(find(report, "credentials").orElseThrow().detail()).contains("ran out of");
  }

  static Optional<Check> find(Report report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
