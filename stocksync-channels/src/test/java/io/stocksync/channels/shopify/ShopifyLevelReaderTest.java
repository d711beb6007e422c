package io.stocksync.channels.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.schema.GraphQLSchema;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.readback.LevelReader;
import io.stocksync.channels.readback.LevelReader.Level;
import io.stocksync.channels.readback.LevelReader.Wanted;
import io.stocksync.channels.readback.ReadBackCapabilities;
import io.stocksync.channels.readback.ReadBackPaced;
import io.stocksync.channels.readback.Storefront;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.emulator.Throttling;
import io.stocksync.emulator.shopify.ShopifyEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Shopify level reader against the Shopify emulator over real HTTP. */
class ShopifyLevelReaderTest {

  final ShopifyFixture f = new ShopifyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  ChannelRow channel(String id) {
    return new ChannelRow(
        "acct",
        id,
        ShopifyConnector.TYPE,
        f.server.baseUrl("shopify"),
        "{\"locationId\":\"" + ShopifyFixture.LOCATION + "\"}",
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  ShopifyLevelReader reader(String token) {
    return ShopifyLevelReader.create(
        channel("shop"),
        Map.of("accessToken", token),
        new ConnectorContext(f.http, f.clock, Duration.ofSeconds(5), () -> 0.5));
  }

  ShopifyLevelReader reader() {
    return reader(ShopifyEmulator.DEFAULT_ACCESS_TOKEN);
  }

  static Wanted wanted(int n) {
    return new Wanted("SKU-" + n, ShopifyFixture.item(n), "{}");
  }

  static List<Wanted> wanted(int from, int count) {
    List<Wanted> all = new ArrayList<>();
    for (int n = from; n < from + count; n++) {
      all.add(wanted(n));
    }
    return all;
  }

  int reads() {
    return (int)
        f.shopify.requests().list().stream()
            .filter(r -> r.body().contains(ShopifyDocuments.READ_BACK_OPERATION))
            .count();
  }

  Instant now() {
    return f.clock.instant();
  }

  @Test
  void readsTheFiguresTheStoreHoldsForABatchInOneQuery() {
    f.shopify.seedQuantities(
        Map.of(ShopifyFixture.key(1), 5L, ShopifyFixture.key(2), 0L, ShopifyFixture.key(3), 17L));

    List<Level> levels = reader().read(wanted(1, 3), now());

    assertThat(levels).extracting(Level::held).containsExactly(5L, 0L, 17L);
    assertThat(levels).extracting(Level::sku).containsExactly("SKU-1", "SKU-2", "SKU-3");
    assertThat(levels).extracting(Level::error).containsOnlyNulls();
    assertThat(reads()).isEqualTo(1);
  }

  @Test
  void readsAFigureChangedInTheShopifyAdminBehindStockSyncsBack() {
    ShopifyConnector connector = f.connector(Duration.ofSeconds(5));
    CallOutcome pushed =
        connector.send(connector.prepare(List.of(ShopifyFixture.push(1, 12, null, 1)), 0)).join();
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);
    ShopifyLevelReader reader = reader();
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(12L);

    Storefront.setHeld(f.server, "shopify", Map.of(ShopifyFixture.key(1), 4L));
    f.clock.advance(Duration.ofSeconds(10));
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(4L);

    Storefront.buy(f.server, "shopify", ShopifyFixture.key(1), 3);
    f.clock.advance(Duration.ofSeconds(10));
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(1L);
  }

  @Test
  void readsUpTo250ItemsAQueryAndRefusesMore() {
    Map<String, Long> seeds = new HashMap<>();
    for (int n = 1; n <= 251; n++) {
      seeds.put(ShopifyFixture.key(n), (long) n);
    }
    f.shopify.seedQuantities(seeds);
    ShopifyLevelReader reader = reader();
    assertThat(reader.batchSize()).isEqualTo(250);

    List<Level> levels = reader.read(wanted(1, 250), now());

    assertThat(levels).hasSize(250);
    assertThat(levels.get(249).held()).isEqualTo(250L);
    assertThat(reads()).isEqualTo(1);
    assertThatThrownBy(() -> reader.read(wanted(1, 251), now()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 250");
    assertThat(reads()).isEqualTo(1);
  }

  @Test
  void anUnknownItemOrAnUnstockedLevelIsUnknownWithShopifysReason() {
    f.shopify.faults().createUnknown(false);
    f.shopify.seedQuantities(
        Map.of(
            ShopifyFixture.key(1), 5L, ShopifyFixture.item(2) + "@gid://shopify/Location/2", 9L));

    List<Level> levels =
        reader()
            .read(
                List.of(wanted(1), wanted(2), wanted(3), new Wanted("X", "bad-gid", "{}")), now());

    assertThat(levels.get(0).held()).isEqualTo(5L);
    assertThat(levels.get(1).held()).isNull();
    assertThat(levels.get(1).error()).contains("not stocked at " + ShopifyFixture.LOCATION);
    assertThat(levels.get(2).held()).isNull();
    assertThat(levels.get(2).error()).contains("no inventory item " + ShopifyFixture.item(3));
    assertThat(levels.get(3).error()).contains("InventoryItem gid");
    assertThat(reads()).isEqualTo(1);
  }

  @Test
  void theReadShareIsSpentWithoutTouchingThePushBudget() {
    ShopifyLevelReader reader = reader();
    ShopifyConnector connector = f.connector(Duration.ofSeconds(5));
    reader.read(wanted(1, 250), now());
    // A tenth of the standard plan's 100 points a second, learned from the answer.
    assertThat(reader.share().rate()).isEqualTo(10.0);

    assertThatThrownBy(() -> reader.read(List.of(wanted(1)), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> assertThat(paced.retryAfter()).isPositive().isLessThan(Duration.ofSeconds(5)));
    assertThat(reads()).isEqualTo(1);

    assertThat(connector.delayBeforeNextCall(now())).isZero();
    CallOutcome pushed =
        connector.send(connector.prepare(List.of(ShopifyFixture.push(7, 3, null, 1)), 0)).join();
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);
    assertThat(f.shopify.quantities()).containsEntry(ShopifyFixture.key(7), 3L);

    f.clock.advance(Duration.ofSeconds(1));
    assertThat(reader.read(List.of(wanted(7)), now()).get(0).held()).isEqualTo(3L);
  }

  @Test
  void readsWaitWhileTheShopsBucketHoldsLessThanHalfItsSizeForPushes() {
    ShopifyConnector connector = f.connector(Duration.ofSeconds(5));
    // 110 pushes of 10 points each leave the standard plan's 2000-point bucket at 900.
    for (int n = 1; n <= 110; n++) {
      connector.send(connector.prepare(List.of(ShopifyFixture.push(n, 2, null, 1)), 0)).join();
    }
    ShopifyLevelReader reader = reader();
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(2L);
    f.clock.advance(Duration.ofMillis(500));

    assertThatThrownBy(() -> reader.read(List.of(wanted(2)), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> {
              assertThat(paced.getMessage()).contains("half of the bucket stays for pushes");
              assertThat(paced.retryAfter()).isPositive();
            });
    assertThat(reads()).isEqualTo(1);
  }

  @Test
  void aThrottledAnswerPacesTheRead() {
    f.shopify.faults().throttling(Throttling.ALWAYS);

    assertThatThrownBy(() -> reader().read(List.of(wanted(1)), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> {
              assertThat(paced.getMessage()).contains("THROTTLED");
              assertThat(paced.retryAfter()).isPositive();
            });
  }

  @Test
  void aRefusedAccessTokenIsAnIllegalStateWithShopifysReason() {
    assertThatThrownBy(() -> reader("shpat_wrong").read(List.of(wanted(1)), now()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("Invalid or missing access token");
  }

  @Test
  void theChannelKeepsOneReaderAndTheWebhookTypeHasNone() {
    ConnectorContext context =
        new ConnectorContext(f.http, f.clock, Duration.ofSeconds(5), () -> 0.5);
    Map<String, String> credentials = Map.of("accessToken", ShopifyEmulator.DEFAULT_ACCESS_TOKEN);
    LevelReader first =
        ReadBackCapabilities.reader(channel("kept"), credentials, context).orElseThrow();
    LevelReader again =
        ReadBackCapabilities.reader(channel("kept"), credentials, context).orElseThrow();
    ChannelRow webhook =
        new ChannelRow(
            "acct",
            "hook",
            "webhook",
            "http://127.0.0.1:1/hook",
            "{}",
            "sealed",
            List.of(),
            true,
            ChannelRules.DEFAULT);

    assertThat(first).isInstanceOf(ShopifyLevelReader.class).isSameAs(again);
    assertThat(ReadBackCapabilities.reader(webhook, Map.of("secret", "s"), context)).isEmpty();
  }

  @Test
  void theReadBackQueryValidatesAgainstTheOfficialSchema() {
    GraphQLSchema official = OfficialShopifySchema.load().orElse(null);
    assumeTrue(
        official != null,
        "skipped: the official Shopify schema was not found at " + OfficialShopifySchema.where());
    Map<String, Object> variables = new HashMap<>();
    variables.put("ids", List.of(ShopifyFixture.item(1), ShopifyFixture.item(2)));
    variables.put("locationId", ShopifyFixture.LOCATION);
    ExecutionInput input =
        ExecutionInput.newExecutionInput(ShopifyDocuments.READ_BACK)
            .operationName(ShopifyDocuments.READ_BACK_OPERATION)
            .variables(variables)
            .build();

    assertThat(ParseAndValidate.parseAndValidate(official, input).getErrors()).isEmpty();
    assertThat(f.shopify.usesOfficialSchema()).isTrue();
  }
}
