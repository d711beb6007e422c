package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/skus/{sku}/channels/{id}} over real HTTP (SPEC §11) against a reference
 * computation written here from SPEC §4 alone: the base, each component's base, the target, and
 * which locations feed the channel.
 */
class ExplainApiTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;

  /** What the test booked: SKU → location → {onHand, reserved}. */
  private final Map<String, Map<String, long[]>> stock = new HashMap<>();

  private static final Set<String> SELLABLE = Set.of("WH1", "WH2");
  private static final Map<String, List<String>> CHANNEL_LOCATIONS =
      Map.of("shop", List.of("WH1", "Q"), "all", List.of());
  private static final Map<String, Map<String, Long>> BUNDLES =
      Map.of("SET", new LinkedHashMap<>(Map.of("MUG", 1L, "LID", 2L)));

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    shop = api.account("Shop");
    check(api.put("/v1/locations/WH1", shop.key(), "{\"name\":\"Main\",\"sellable\":true}"));
    check(api.put("/v1/locations/WH2", shop.key(), "{\"name\":\"Store\",\"sellable\":true}"));
    check(api.put("/v1/locations/Q", shop.key(), "{\"name\":\"Quarantine\",\"sellable\":false}"));
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Mug\"}"));
    check(api.put("/v1/skus/LID", shop.key(), "{\"name\":\"Lid\"}"));
    check(
        api.put(
            "/v1/skus/SET",
            shop.key(),
            "{\"name\":\"Set\",\"components\":[{\"sku\":\"MUG\",\"quantity\":1},"
                + "{\"sku\":\"LID\",\"quantity\":2}]}"));
    book("p-1", "PUTAWAY", "MUG", "WH1", 100);
    book("p-2", "PUTAWAY", "MUG", "WH2", 30);
    book("p-3", "PUTAWAY", "MUG", "Q", 50);
    book("o-1", "ORDER_PLACED", "MUG", "WH1", 5);
    book("p-4", "PUTAWAY", "LID", "WH1", 41);
    book("p-5", "PUTAWAY", "LID", "WH2", 9);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void book(String id, String type, String sku, String location, long quantity) {
    check(
        api.events(
            shop.key(),
            List.of(
                Map.of(
                    "id",
                    id,
                    "type",
                    type,
                    "sku",
                    sku,
                    "location",
                    location,
                    "quantity",
                    quantity))));
    long[] b =
        stock
            .computeIfAbsent(sku, k -> new HashMap<>())
            .computeIfAbsent(location, k -> new long[2]);
    switch (type) {
      case "PUTAWAY" -> b[0] += quantity;
      case "ORDER_PLACED" -> b[1] += quantity;
      default -> throw new IllegalArgumentException(type);
    }
  }

  private void channel(String id, long buffer, int percent, Long max, long zeroAtOrBelow) {
    Map<String, Object> rules = new LinkedHashMap<>();
    rules.put("buffer", buffer);
    rules.put("percent", percent);
    rules.put("max", max);
    rules.put("zeroAtOrBelow", zeroAtOrBelow);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "webhook");
    body.put("baseUrl", "http://127.0.0.1:9/" + id);
    body.put("credentials", Map.of("secret", "hmac-secret"));
    body.put("locations", CHANNEL_LOCATIONS.get(id));
    body.put("rules", rules);
    check(api.put("/v1/channels/" + id, shop.key(), TestApi.json(body)));
    for (String sku : List.of("MUG", "LID", "SET")) {
      check(
          api.put(
              "/v1/channels/" + id + "/listings/" + sku,
              shop.key(),
              "{\"externalId\":\"" + id + "-" + sku + "\"}"));
    }
  }

  // ------------------------------------------------------------ the reference, from SPEC §4

  /** A location feeds a channel when it is sellable and among the channel's (none named: all). */
  private static boolean feeds(String channel, String location) {
    List<String> named = CHANNEL_LOCATIONS.get(channel);
    return SELLABLE.contains(location) && (named.isEmpty() || named.contains(location));
  }

  /** base = Σ available(s, l) over the sellable locations of c; a bundle's: min floor(base/qty). */
  private long base(String sku, String channel) {
    Map<String, Long> parts = BUNDLES.get(sku);
    if (parts != null) {
      long min = Long.MAX_VALUE;
      for (Map.Entry<String, Long> p : parts.entrySet()) {
        min = Math.min(min, Math.floorDiv(base(p.getKey(), channel), p.getValue()));
      }
      return min;
    }
    long sum = 0;
    for (Map.Entry<String, long[]> e : stock.getOrDefault(sku, Map.of()).entrySet()) {
      if (feeds(channel, e.getKey())) {
        sum += e.getValue()[0] - e.getValue()[1];
      }
    }
    return sum;
  }

  /**
   * target = 0 at or below zeroAtOrBelow, else min(max, floor(max(0, base − buffer) × % / 100)).
   */
  private static long target(long base, long buffer, int percent, Long max, long zeroAtOrBelow) {
    if (base <= zeroAtOrBelow) {
      return 0;
    }
    long offered = Math.max(0, base - buffer) * percent / 100;
    return max == null ? offered : Math.min(max, offered);
  }

  // ------------------------------------------------------------ the tests

  private JsonNode explain(String sku, String channel) {
    return check(api.get("/v1/skus/" + sku + "/channels/" + channel, shop.key())).json();
  }

  @Test
  void everyStepMatchesTheReferenceForPlainSkusAndABundleUnderSeveralRuleSets() {
    record Rules(long buffer, int percent, Long max, long zero) {}
    List<Rules> cases =
        List.of(
            new Rules(0, 100, null, 0),
            new Rules(3, 50, 40L, 2),
            new Rules(10, 33, null, 0),
            new Rules(0, 100, 5L, 0),
            new Rules(0, 100, null, 200)); // every base at or below: 0
    channel("all", 0, 100, null, 0);
    List<String> checked = new ArrayList<>();
    for (Rules r : cases) {
      channel("shop", r.buffer(), r.percent(), r.max(), r.zero());
      for (String channel : List.of("shop", "all")) {
        boolean shopRules = channel.equals("shop");
        for (String sku : List.of("MUG", "LID", "SET")) {
          long base = base(sku, channel);
          long target =
              shopRules
                  ? target(base, r.buffer(), r.percent(), r.max(), r.zero())
                  : target(base, 0, 100, null, 0);
          JsonNode e = explain(sku, channel);
          String what = sku + " on " + channel + " under " + r;
          assertThat(e.get("base").get("value").asLong()).as(what).isEqualTo(base);
          assertThat(e.get("target").get("value").asLong()).as(what).isEqualTo(target);
          JsonNode rules = e.get("rules");
          assertThat(rules.findValuesAsText("name"))
              .containsExactly("zeroAtOrBelow", "buffer", "percent", "max");
          assertThat(rules.get(3).get("after").asLong()).as(what).isEqualTo(target);
          assertThat(e.get("sentence").asText()).contains("is sent " + target + " for " + sku);
          assertThat(listingTarget(sku, channel)).as(what).isEqualTo(target);
          if (sku.equals("SET")) {
            JsonNode parts = e.get("components");
            assertThat(parts.findValuesAsText("sku")).containsExactly("MUG", "LID");
            for (JsonNode p : parts) {
              long partBase = base(p.get("sku").asText(), channel);
              assertThat(p.get("base").asLong()).as(what).isEqualTo(partBase);
              assertThat(p.get("bundles").asLong())
                  .isEqualTo(Math.floorDiv(partBase, p.get("quantity").asLong()));
            }
          } else {
            for (JsonNode l : e.get("locations")) {
              String code = l.get("code").asText();
              assertThat(l.get("drawn").asBoolean())
                  .as(what + " at " + code)
                  .isEqualTo(feeds(channel, code));
              long[] b = stock.get(sku).getOrDefault(code, new long[2]);
              assertThat(l.get("onHand").asLong()).isEqualTo(b[0]);
              assertThat(l.get("reserved").asLong()).isEqualTo(b[1]);
            }
          }
          checked.add(what);
        }
      }
    }
    assertThat(checked).hasSize(cases.size() * 6);
  }

  @Test
  void saysWhyInOneSentencePerStep() {
    channel("shop", 3, 50, 40L, 2);
    JsonNode e = explain("MUG", "shop");
    // MUG feeds shop from WH1 only: 100 on hand, 5 reserved → 95; (95 − 3) × 50% = 46; max 40
    assertThat(e.get("base").get("sentence").asText())
        .isEqualTo("base 95: 100 on hand at WH1, 5 reserved");
    assertThat(e.get("rules").findValuesAsText("sentence"))
        .containsExactly(
            "base 95 is above zeroAtOrBelow 2",
            "less a buffer of 3 (never below 0): 92",
            "50% of 92, rounded down: 46",
            "capped at 40: 40");
    assertThat(e.get("locations").findValuesAsText("sentence"))
        .contains(
            "WH2: 30 on hand, 0 reserved, 30 available; not among this channel's locations",
            "Q: 50 on hand, 0 reserved, 50 available; not sellable: never feeds a channel");
    assertThat(e.get("sentence").asText())
        .startsWith("Channel shop (webhook) is sent 40 for MUG: base 95: 100 on hand at WH1")
        .contains("rules 0 at or below 2, buffer 3, 50%, max 40");
    assertThat(e.get("listing").get("state").asText())
        .isIn("QUEUED", "IN_FLIGHT", "FAILED", "IN_SYNC", "WAITING");
  }

  @Test
  void anUnknownListingIsA404AndAnotherAccountCannotAskForIt() {
    channel("shop", 0, 100, null, 0);
    TestApi.Answer unknown = api.get("/v1/skus/MUG/channels/nope", shop.key());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.isProblem()).isTrue();
    TestApi.Account other = api.account("Other");
    assertThat(api.get("/v1/skus/MUG/channels/shop", other.key()).status()).isEqualTo(404);
  }

  private long listingTarget(String sku, String channel) {
    for (JsonNode l : check(api.get("/v1/skus/" + sku, shop.key())).json().get("listings")) {
      if (l.get("channel").asText().equals(channel)) {
        return l.get("target").asLong();
      }
    }
    throw new AssertionError("no listing of " + sku + " on " + channel);
  }
}
