package io.stocksync.channels.amazon;

import static io.stocksync.channels.amazon.AmazonFixture.key;
import static io.stocksync.channels.amazon.AmazonFixture.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.readback.LevelReader.Level;
import io.stocksync.channels.readback.LevelReader.Wanted;
import io.stocksync.channels.readback.ReadBackCapabilities;
import io.stocksync.channels.readback.ReadBackPaced;
import io.stocksync.channels.readback.Storefront;
import io.stocksync.emulator.RecordedRequest;
import io.stocksync.emulator.Throttling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Amazon level reader (getListingsItem) against the Amazon emulator over real HTTP. */
class AmazonLevelReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  final AmazonFixture f = new AmazonFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  AmazonLevelReader reader() {
    return AmazonLevelReader.create(f.channel(""), AmazonFixture.credentials(), f.context());
  }

  static Wanted wanted(int n) {
    return new Wanted("S" + n, sku(n), "{\"productType\":\"LUGGAGE\"}");
  }

  Instant now() {
    return f.clock.instant();
  }

  List<RecordedRequest> reads() {
    return f.requests("GET", "/listings/2021-08-01/items/");
  }

  @Test
  void readsTheSellerFulfilledQuantityOfOneListingACall() {
    f.amazon.seedQuantities(Map.of(key(1), 7L, key(2), 0L));
    AmazonLevelReader reader = reader();

    assertThat(reader.batchSize()).isEqualTo(1);
    assertThat(reader.read(List.of(wanted(1)), now()))
        .singleElement()
        .satisfies(
            level -> {
              assertThat(level.held()).isEqualTo(7L);
              assertThat(level.sku()).isEqualTo("S1");
              assertThat(level.error()).isNull();
            });
    f.clock.advance(Duration.ofSeconds(2));
    assertThat(reader.read(List.of(wanted(2)), now()).get(0).held()).isZero();
    assertThat(reads()).hasSize(2);
    assertThat(reads().get(0).query())
        .contains("marketplaceIds=" + AmazonFixture.MARKETPLACE)
        .contains("includedData=fulfillmentAvailability");
    assertThatThrownBy(() -> reader.read(List.of(wanted(1), wanted(2)), now()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsAFigureChangedInSellerCentralOrByASaleBehindStockSyncsBack() throws Exception {
    AmazonConnector connector = f.connector();
    CallOutcome pushed =
        connector
            .send(connector.prepare(List.of(AmazonFixture.push(1, 20)), 0))
            .get(10, TimeUnit.SECONDS);
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);
    AmazonLevelReader reader = reader();
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(20L);

    Storefront.setHeld(f.server, "amazon", Map.of(key(1), 11L));
    f.clock.advance(Duration.ofSeconds(2));
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(11L);

    Storefront.buy(f.server, "amazon", key(1), 4);
    f.clock.advance(Duration.ofSeconds(2));
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(7L);
  }

  @Test
  void anUnknownSkuIsUnknownWithAmazonsReason() {
    f.amazon.faults().createUnknown(false);

    Level level = reader().read(List.of(wanted(9)), now()).get(0);

    assertThat(level.held()).isNull();
    assertThat(level.error()).contains("NOT_FOUND").contains("SKU-9");
  }

  @Test
  void theReadShareIsATenthOfGetListingsItemsPlanAndLeavesThePushesTheirs() throws Exception {
    f.amazon.seedQuantities(Map.of(key(1), 3L));
    AmazonLevelReader reader = reader();
    AmazonConnector connector = f.connector();
    assertThat(reader.share().rate()).isEqualTo(0.5);
    reader.read(List.of(wanted(1)), now());

    assertThatThrownBy(() -> reader.read(List.of(wanted(1)), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> assertThat(paced.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
    assertThat(reads()).hasSize(1);

    assertThat(connector.delayBeforeNextCall(now())).isZero();
    CallOutcome pushed =
        connector
            .send(connector.prepare(List.of(AmazonFixture.push(1, 9)), 0))
            .get(10, TimeUnit.SECONDS);
    assertThat(pushed).isInstanceOf(CallOutcome.Answered.class);

    f.clock.advance(Duration.ofSeconds(2));
    assertThat(reader.read(List.of(wanted(1)), now()).get(0).held()).isEqualTo(9L);
  }

  @Test
  void aQuotaExceededAnswerPacesTheRead() {
    f.amazon.faults().throttling(Throttling.ALWAYS);

    assertThatThrownBy(() -> reader().read(List.of(wanted(1)), now()))
        .isInstanceOfSatisfying(
            ReadBackPaced.class,
            paced -> {
              assertThat(paced.getMessage()).contains("429").contains("QuotaExceeded");
              assertThat(paced.retryAfter()).isPositive();
            });
  }

  @Test
  void aRefusedRefreshTokenIsAnIllegalStateWithTheReason() {
    Map<String, String> credentials = new HashMap<>(AmazonFixture.credentials());
    credentials.put("refreshToken", "Atzr|wrong");
    AmazonLevelReader reader = AmazonLevelReader.create(f.channel(""), credentials, f.context());

    assertThatThrownBy(() -> reader.read(List.of(wanted(1)), now()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Login with Amazon")
        .hasMessageContaining("credentials were refused");
  }

  @Test
  void theChannelsReaderIsTheAmazonOne() {
    assertThat(ReadBackCapabilities.reader(f.channel(""), AmazonFixture.credentials(), f.context()))
        .containsInstanceOf(AmazonLevelReader.class);
  }

  @Test
  void theRequestAndTheAnswerKeepToTheListingsItemsContract() throws Exception {
    AmazonSchemas schemas = AmazonSchemas.find().orElse(null);
    assumeTrue(schemas != null, "skipped: the Amazon contracts were not found beside the project");
    f.amazon.seedQuantities(Map.of(key(1), 5L));
    reader().read(List.of(wanted(1)), now());

    JsonNode model = JSON.readTree(schemas.read(AmazonSchemas.LISTINGS));
    JsonNode get = model.path("paths").path("/listings/2021-08-01/items/{sellerId}/{sku}");
    assertThat(get.has("get")).isTrue();
    Set<String> included = new java.util.HashSet<>();
    List<String> required = new ArrayList<>();
    Set<String> declared = new java.util.HashSet<>();
    for (JsonNode p : get.path("get").path("parameters")) {
      if ("query".equals(p.path("in").asText())) {
        declared.add(p.path("name").asText());
        if (p.path("required").asBoolean()) {
          required.add(p.path("name").asText());
        }
        if ("includedData".equals(p.path("name").asText())) {
          p.path("items").path("enum").forEach(e -> included.add(e.asText()));
        }
      }
    }
    RecordedRequest read = reads().get(0);
    Map<String, String> query = new HashMap<>();
    for (String pair : read.query().split("&")) {
      query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    assertThat(declared).containsAll(query.keySet());
    assertThat(query.keySet()).containsAll(required);
    assertThat(included).containsAll(List.of(query.get("includedData").split(",")));

    RecordingHttpClient.Exchange answer =
        f.http.exchanges.stream()
            .filter(e -> e.method().equals("GET") && e.path().contains("/listings/"))
            .findFirst()
            .orElseThrow();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(
            AmazonSchemas.problems(
                schemas.definition(AmazonSchemas.LISTINGS, "Item"), answer.body()))
        .as(answer.body())
        .isEmpty();
    assertThat(
            JSON.readTree(answer.body())
                .path("fulfillmentAvailability")
                .get(0)
                .path("quantity")
                .asLong())
        .isEqualTo(5L);

    // The 404 of an unknown SKU is an ErrorList.
    f.amazon.faults().createUnknown(false);
    f.clock.advance(Duration.ofSeconds(2));
    reader().read(List.of(wanted(8)), now());
    RecordingHttpClient.Exchange missing =
        f.http.exchanges.stream().filter(e -> e.status() == 404).findFirst().orElseThrow();
    assertThat(
            AmazonSchemas.problems(
                schemas.definition(AmazonSchemas.LISTINGS, "ErrorList"), missing.body()))
        .as(missing.body())
        .isEmpty();
  }
}
