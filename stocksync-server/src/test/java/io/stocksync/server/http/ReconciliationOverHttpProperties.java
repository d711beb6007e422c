package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Over random histories posted to a real server (SQLite, loopback HTTP): every row of {@code GET
 * /v1/reports/reconciliation} goes from its opening by its movements to its closing, and its
 * opening and closing are the stock a plain model of SPEC §2's table holds at the period's ends.
 */
class ReconciliationOverHttpProperties {
  private static final List<String> SKUS = List.of("MUG", "CUP");
  private static final List<String> LOCATIONS = List.of("WH1", "WH2");
  private static final List<String> TYPES =
      List.of(
          "PUTAWAY",
          "RETURN_RECEIVED",
          "ADJUSTMENT",
          "STOCK_COUNT",
          "ORDER_PLACED",
          "ORDER_CANCELLED",
          "ORDER_SHIPPED");

  /** What the generator asks for; {@link #history} makes it a valid event by the model. */
  record Intent(int type, int sku, int location, int quantity, boolean negative) {}

  /** Stock at one SKU and location, by the model. */
  record Stock(long onHand, long reserved) {}

  @Provide
  Arbitrary<List<Intent>> intents() {
    return Combinators.combine(
            Arbitraries.integers().between(0, TYPES.size() - 1),
            Arbitraries.integers().between(0, SKUS.size() - 1),
            Arbitraries.integers().between(0, LOCATIONS.size() - 1),
            Arbitraries.integers().between(1, 60),
            Arbitraries.of(true, false))
        .as(Intent::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Property(tries = 12)
  void everyRowGoesFromOpeningByTheMovementsToClosingAndMatchesTheModel(
      @ForAll("intents") List<Intent> intents, @ForAll @IntRange(min = 0, max = 40) int cut)
      throws IOException {
    Path dir = Files.createTempDirectory("reconciliation");
    try (TestApi api = new TestApi(dir)) {
      TestApi.Account shop = api.account("Shop");
      for (String l : LOCATIONS) {
        check(
            api.put(
                "/v1/locations/" + l, shop.key(), "{\"name\":\"" + l + "\",\"sellable\":true}"));
      }
      for (String s : SKUS) {
        check(api.put("/v1/skus/" + s, shop.key(), "{\"name\":\"" + s + "\"}"));
      }
      List<Map<String, Object>> events = history(intents);
      int split = Math.min(cut, events.size());
      post(api, shop, events.subList(0, split));
      Map<List<String>, Stock> opening = new HashMap<>(stockAfter(events.subList(0, split)));
      Instant from = Instant.now();
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> Instant.now().toEpochMilli() > from.toEpochMilli());
      post(api, shop, events.subList(split, events.size()));
      Map<List<String>, Stock> closing = stockAfter(events);

      JsonNode rows =
          check(
                  api.get(
                      "/v1/reports/reconciliation?from="
                          + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8),
                      shop.key()))
              .json()
              .path("rows");

      List<List<String>> keys = new ArrayList<>();
      for (JsonNode r : rows) {
        List<String> key = List.of(r.path("sku").asText(), r.path("location").asText());
        keys.add(key);
        JsonNode m = r.path("movements");
        long onHandIn =
            m.path("putAways").asLong()
                + m.path("returns").asLong()
                + m.path("adjustmentsIn").asLong()
                - m.path("adjustmentsOut").asLong()
                + m.path("counted").asLong()
                - m.path("shipped").asLong();
        long reservedIn =
            m.path("ordersPlaced").asLong()
                - m.path("ordersCancelled").asLong()
                - m.path("shipped").asLong();
        assertThat(r.at("/opening/onHand").asLong() + onHandIn)
            .as("%s on hand", key)
            .isEqualTo(r.at("/closing/onHand").asLong());
        assertThat(r.at("/opening/reserved").asLong() + reservedIn)
            .as("%s reserved", key)
            .isEqualTo(r.at("/closing/reserved").asLong());
        Stock open = opening.getOrDefault(key, new Stock(0, 0));
        assertThat(new Stock(r.at("/opening/onHand").asLong(), r.at("/opening/reserved").asLong()))
            .as("%s opening", key)
            .isEqualTo(open);
        assertThat(new Stock(r.at("/closing/onHand").asLong(), r.at("/closing/reserved").asLong()))
            .as("%s closing", key)
            .isEqualTo(closing.get(key));
      }
      assertThat(keys).containsExactlyInAnyOrderElementsOf(closing.keySet());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void post(TestApi api, TestApi.Account shop, List<Map<String, Object>> events) {
    if (events.isEmpty()) {
      return;
    }
    JsonNode results = check(api.events(shop.key(), events)).json().path("results");
    for (JsonNode r : results) {
      assertThat(r.path("status").asText()).as("%s", r).isEqualTo("applied");
    }
  }

  /** The intents as events the model accepts (an impossible one becomes a put-away). */
  private static List<Map<String, Object>> history(List<Intent> intents) {
    List<Map<String, Object>> events = new ArrayList<>();
    Map<List<String>, Stock> stock = new HashMap<>();
    int n = 0;
    for (Intent i : intents) {
      String sku = SKUS.get(i.sku());
      String location = LOCATIONS.get(i.location());
      Stock s = stock.getOrDefault(List.of(sku, location), new Stock(0, 0));
      String type = TYPES.get(i.type());
      long q = i.quantity();
      switch (type) {
        case "ADJUSTMENT" -> {
          if (i.negative() && s.onHand() > 0) {
            q = -Math.min(q, s.onHand());
          }
        }
        case "STOCK_COUNT" -> q = q - 1; // 0 is a valid count
        case "ORDER_CANCELLED" -> {
          if (s.reserved() == 0) {
            type = "PUTAWAY";
          } else {
            q = Math.min(q, s.reserved());
          }
        }
        case "ORDER_SHIPPED" -> {
          long most = Math.min(s.reserved(), s.onHand());
          if (most == 0) {
            type = "PUTAWAY";
          } else {
            q = Math.min(q, most);
          }
        }
        default -> {}
      }
      Map<String, Object> e =
          Map.of("id", "e-" + n++, "type", type, "sku", sku, "location", location, "quantity", q);
      events.add(e);
      stock.put(List.of(sku, location), apply(s, type, q));
    }
    return events;
  }

  /** SPEC §2's table. */
  private static Stock apply(Stock s, String type, long q) {
    return switch (type) {
      case "ORDER_PLACED" -> new Stock(s.onHand(), s.reserved() + q);
      case "ORDER_CANCELLED" -> new Stock(s.onHand(), s.reserved() - q);
      case "ORDER_SHIPPED" -> new Stock(s.onHand() - q, s.reserved() - q);
      case "RETURN_RECEIVED", "PUTAWAY", "ADJUSTMENT" -> new Stock(s.onHand() + q, s.reserved());
      case "STOCK_COUNT" -> new Stock(q, s.reserved());
      default -> throw new IllegalArgumentException(type);
    };
  }

  private static Map<List<String>, Stock> stockAfter(List<Map<String, Object>> events) {
    Map<List<String>, Stock> stock = new LinkedHashMap<>();
    for (Map<String, Object> e : events) {
      List<String> key = List.of((String) e.get("sku"), (String) e.get("location"));
      Stock s = stock.getOrDefault(key, new Stock(0, 0));
      stock.put(key, apply(s, (String) e.get("type"), ((Number) e.get("quantity")).longValue()));
    }
    return stock;
  }
}
