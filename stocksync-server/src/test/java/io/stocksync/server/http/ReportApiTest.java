package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static io.stocksync.server.http.TestApi.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report routes of SPEC §11 over real HTTP on loopback: the snapshot as of an instant, the
 * reconciliation of a period and a SKU's ledger history, JSON and CSV. SQLite here, PostgreSQL in
 * {@link PostgresReportApiTest}.
 */
class ReportApiTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;

  /** Between the first batch and the second: every line of the first is recorded at or before. */
  private Instant between;

  TestApi newApi(Path dir) {
    return new TestApi(dir);
  }

  @BeforeEach
  void start() {
    api = newApi(dir);
    shop = api.account("Shop");
    api.standardSetUp(shop);
    check(api.put("/v1/locations/WH2", shop.key(), "{\"name\":\"Back\",\"sellable\":false}"));
    check(
        api.events(
            shop.key(),
            List.of(
                event("p-1", "PUTAWAY", "MUG", 100),
                Map.of(
                    "id", "p-2", "type", "PUTAWAY", "sku", "MUG", "location", "WH2", "quantity", 7),
                event("o-1", "ORDER_PLACED", "MUG", 10))));
    between = Instant.now();
    // The next lines must be recorded in a later millisecond than the instant chosen above.
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> Instant.now().toEpochMilli() > between.toEpochMilli());
    check(
        api.events(
            shop.key(),
            List.of(
                event("s-1", "ORDER_SHIPPED", "MUG", 4),
                event("c-1", "ORDER_CANCELLED", "MUG", 1),
                event("a-1", "ADJUSTMENT", "MUG", -3),
                event("r-1", "RETURN_RECEIVED", "MUG", 2),
                event("n-1", "STOCK_COUNT", "MUG", 90))));
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static String q(Instant t) {
    return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
  }

  private static JsonNode location(JsonNode sku, String code) {
    for (JsonNode l : sku.path("locations")) {
      if (l.path("code").asText().equals(code)) {
        return l;
      }
    }
    throw new AssertionError("no location " + code + " in " + sku);
  }

  private static List<Map<String, String>> csv(String body) throws IOException {
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<Map<String, String>> rows =
        mapper.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
      return rows.readAll();
    }
  }

  @Test
  void theSnapshotAtAnInstantShowsTheStockRecordedByThen() {
    JsonNode then = check(api.get("/v1/snapshot?at=" + q(between), shop.key())).json();
    JsonNode mug = then.path("skus").get(0);
    assertThat(mug.path("sku").asText()).isEqualTo("MUG");
    assertThat(location(mug, "WH1").path("onHand").asLong()).isEqualTo(100);
    assertThat(location(mug, "WH1").path("reserved").asLong()).isEqualTo(10);
    assertThat(location(mug, "WH2").path("onHand").asLong()).isEqualTo(7);
    // WH2 is not sellable: available counts WH1 only.
    assertThat(mug.path("available").asLong()).isEqualTo(90);

    JsonNode now = check(api.get("/v1/snapshot", shop.key())).json();
    JsonNode mugNow = now.path("skus").get(0);
    // shipped 4, cancelled 1, adjusted -3, returned 2, then counted to 90.
    assertThat(location(mugNow, "WH1").path("onHand").asLong()).isEqualTo(90);
    assertThat(location(mugNow, "WH1").path("reserved").asLong()).isEqualTo(5);
    assertThat(mugNow.path("available").asLong()).isEqualTo(85);
    assertThat(Instant.parse(now.path("at").asText())).isAfter(between);
  }

  @Test
  void theSnapshotAsCsvHoldsTheSameFiguresAsTheJson() throws IOException {
    TestApi.Answer answer = check(api.get("/v1/snapshot?format=csv", shop.key()));
    assertThat(answer.contentType()).isEqualTo("text/csv");
    List<Map<String, String>> rows = csv(answer.body());
    JsonNode mug = check(api.get("/v1/snapshot", shop.key())).json().path("skus").get(0);
    List<Map<String, String>> locationRows =
        rows.stream().filter(r -> !r.get("location").isEmpty()).toList();
    assertThat(locationRows).hasSize(2);
    for (Map<String, String> r : locationRows) {
      assertThat(r.get("sku")).isEqualTo("MUG");
      JsonNode l = location(mug, r.get("location"));
      assertThat(Long.parseLong(r.get("onHand"))).isEqualTo(l.path("onHand").asLong());
      assertThat(Long.parseLong(r.get("reserved"))).isEqualTo(l.path("reserved").asLong());
      assertThat(Long.parseLong(r.get("available"))).isEqualTo(l.path("available").asLong());
    }
  }

  @Test
  void theReconciliationGoesFromOpeningByTheMovementsToClosing() {
    JsonNode report =
        check(api.get("/v1/reports/reconciliation?from=" + q(between), shop.key())).json();
    JsonNode wh1 = null;
    for (JsonNode r : report.path("rows")) {
      if (r.path("location").asText().equals("WH1")) {
        wh1 = r;
      }
    }
    assertThat(wh1).isNotNull();
    assertThat(wh1.at("/opening/onHand").asLong()).isEqualTo(100);
    assertThat(wh1.at("/opening/reserved").asLong()).isEqualTo(10);
    JsonNode m = wh1.path("movements");
    assertThat(m.path("shipped").asLong()).isEqualTo(4);
    assertThat(m.path("ordersCancelled").asLong()).isEqualTo(1);
    assertThat(m.path("adjustmentsOut").asLong()).isEqualTo(3);
    assertThat(m.path("returns").asLong()).isEqualTo(2);
    // on hand 100 - 4 - 3 + 2 = 95 before the count; counted to 90.
    assertThat(m.path("counted").asLong()).isEqualTo(-5);
    assertThat(m.path("putAways").asLong()).isZero();
    assertThat(m.path("ordersPlaced").asLong()).isZero();
    assertThat(wh1.at("/closing/onHand").asLong()).isEqualTo(90);
    assertThat(wh1.at("/closing/reserved").asLong()).isEqualTo(5);
  }

  @Test
  void theReconciliationAsCsvHasAHeaderAndOneLinePerSkuAndLocation() throws IOException {
    TestApi.Answer answer =
        check(
            api.get(
                "/v1/reports/reconciliation?format=csv&sku=MUG&from=" + q(between), shop.key()));
    assertThat(answer.body()).startsWith("sku,location,openingOnHand,");
    List<Map<String, String>> rows = csv(answer.body());
    assertThat(rows).extracting(r -> r.get("location")).containsExactlyInAnyOrder("WH1", "WH2");
    Map<String, String> wh1 =
        rows.stream().filter(r -> r.get("location").equals("WH1")).findFirst().orElseThrow();
    assertThat(wh1.get("openingOnHand")).isEqualTo("100");
    assertThat(wh1.get("closingOnHand")).isEqualTo("90");
    assertThat(wh1.get("counted")).isEqualTo("-5");
  }

  @Test
  void theReconciliationRefusesAMissingOrInvertedPeriodNamingTheParameter() {
    TestApi.Answer missing = api.get("/v1/reports/reconciliation", shop.key());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().at("/errors/0/field").asText()).isEqualTo("from");
    TestApi.Answer inverted =
        api.get(
            "/v1/reports/reconciliation?from=" + q(between) + "&to=" + q(between.minusSeconds(1)),
            shop.key());
    assertThat(inverted.status()).isEqualTo(400);
    assertThat(inverted.json().at("/errors/0/field").asText()).isEqualTo("to");
    TestApi.Answer badFormat = api.get("/v1/snapshot?format=xml", shop.key());
    assertThat(badFormat.status()).isEqualTo(400);
    assertThat(badFormat.json().at("/errors/0/field").asText()).isEqualTo("format");
  }

  @Test
  void theHistoryListsTheSkusLedgerLinesNewestFirstPageByPage() {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "/v1/skus/MUG/events?limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = check(api.get(path, shop.key())).json();
      assertThat(page.path("events").size()).isLessThanOrEqualTo(3);
      page.path("events").forEach(e -> ids.add(e.path("id").asText()));
      cursor = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(ids).hasSize(8).doesNotHaveDuplicates();
    // The second batch was recorded after the first: its five lines come first.
    assertThat(ids.subList(0, 5)).containsExactlyInAnyOrder("s-1", "c-1", "a-1", "r-1", "n-1");
    assertThat(ids.subList(5, 8)).containsExactlyInAnyOrder("p-1", "p-2", "o-1");
  }

  @Test
  void theHistoryFiltersByTypeLocationAndPeriod() {
    JsonNode puts = check(api.get("/v1/skus/MUG/events?type=PUTAWAY", shop.key())).json();
    assertThat(puts.path("events"))
        .extracting(e -> e.path("id").asText())
        .containsExactlyInAnyOrder("p-1", "p-2");
    JsonNode wh2 = check(api.get("/v1/skus/MUG/events?location=WH2", shop.key())).json();
    assertThat(wh2.path("events")).extracting(e -> e.path("id").asText()).containsExactly("p-2");
    JsonNode later = check(api.get("/v1/skus/MUG/events?from=" + q(between), shop.key())).json();
    assertThat(later.path("events")).hasSize(5);
    JsonNode earlier = check(api.get("/v1/skus/MUG/events?to=" + q(between), shop.key())).json();
    assertThat(earlier.path("events")).hasSize(3);
  }

  @Test
  void anotherAccountsSkuHasNoHistoryAndBadParametersAreNamed() {
    TestApi.Account other = api.account("Other");
    TestApi.Answer ghost = api.get("/v1/skus/MUG/events", other.key());
    assertThat(ghost.status()).isEqualTo(404);
    assertThat(check(api.get("/v1/snapshot", other.key())).json().path("skus")).isEmpty();
    TestApi.Answer badType = api.get("/v1/skus/MUG/events?type=THEFT", shop.key());
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().at("/errors/0/field").asText()).isEqualTo("type");
    TestApi.Answer badCursor = api.get("/v1/skus/MUG/events?cursor=bm9wZQ", shop.key());
    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badCursor.json().at("/errors/0/field").asText()).isEqualTo("cursor");
  }
}
