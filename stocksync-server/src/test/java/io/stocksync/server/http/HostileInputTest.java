package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated bad requests across every write route: wrong types, missing and extra fields, huge and
 * negative numbers, bytes that are not UTF-8, deep nesting, oversized bodies, broken JSON and CSV
 * with broken quoting. Every answer is a 4xx problem document, the server stays up, and the stored
 * state is byte-for-byte unchanged. Well-formed events that break the ledger's rules are answered
 * 200 with every one {@code rejected}, and change nothing either.
 */
class HostileInputTest {
  static final long MAX_BODY = 64 * 1024;
  private static final int REQUESTS = 1_200;

  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;

  /** The server under test: SQLite here, PostgreSQL in {@link PostgresHostileInputTest}. */
  TestApi newApi(Path dir) {
    return new TestApi(dir, MAX_BODY);
  }

  @BeforeEach
  void start() {
    api = newApi(dir);
    shop = api.account("Shop");
    api.standardSetUp(shop);
    check(api.events(shop.key(), List.of(TestApi.event("seed", "PUTAWAY", "MUG", 10))));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** A request: method, path, content type, body bytes, and what kind of badness it carries. */
  record Bad(String method, String path, String contentType, byte[] body, String kind) {}

  /** A leaf of a template body and how to break it. */
  enum Leaf {
    INT,
    STRING,
    BOOL
  }

  /** A route with a valid body template and the leaves of it that may be broken. */
  record Template(String method, String path, Map<String, Object> body, Map<String, Leaf> leaves) {}

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static List<Template> templates(int n) {
    Map<String, Leaf> policyLeaves =
        map(
                "threshold",
                Leaf.INT,
                "batchSize",
                Leaf.INT,
                "significantQuantity",
                Leaf.INT,
                "maxStalenessSeconds",
                Leaf.INT)
            .entrySet()
            .stream()
            .collect(
                LinkedHashMap::new, (m, e) -> m.put(e.getKey(), (Leaf) e.getValue()), Map::putAll);
    Map<String, Object> policy =
        map("threshold", 10, "batchSize", 5, "significantQuantity", 50, "maxStalenessSeconds", 60);
    List<Template> t = new ArrayList<>();
    t.add(new Template("PUT", "/v1/policy", policy, policyLeaves));
    t.add(new Template("PUT", "/v1/skus/MUG/policy", policy, policyLeaves));
    t.add(
        new Template(
            "PUT",
            "/v1/locations/L" + n,
            map("name", "Depot", "sellable", true),
            Map.of("name", Leaf.STRING, "sellable", Leaf.BOOL)));
    t.add(
        new Template(
            "PUT",
            "/v1/skus/S" + n,
            map("name", "Plate", "components", List.of(map("sku", "MUG", "quantity", 2))),
            Map.of(
                "name",
                Leaf.STRING,
                "components.0.sku",
                Leaf.STRING,
                "components.0.quantity",
                Leaf.INT)));
    Map<String, Leaf> channelLeaves = new LinkedHashMap<>();
    channelLeaves.put("type", Leaf.STRING);
    channelLeaves.put("baseUrl", Leaf.STRING);
    channelLeaves.put("credentials.secret", Leaf.STRING);
    channelLeaves.put("locations.0", Leaf.STRING);
    channelLeaves.put("enabled", Leaf.BOOL);
    channelLeaves.put("rules.buffer", Leaf.INT);
    channelLeaves.put("rules.percent", Leaf.INT);
    channelLeaves.put("rules.zeroAtOrBelow", Leaf.INT);
    t.add(
        new Template(
            "PUT",
            "/v1/channels/c" + n,
            map(
                "type",
                "webhook",
                "baseUrl",
                "http://127.0.0.1:9/hook",
                "credentials",
                map("secret", "s"),
                "locations",
                List.of("WH1"),
                "enabled",
                true,
                "rules",
                map("buffer", 1, "percent", 90, "max", 100, "zeroAtOrBelow", 0)),
            channelLeaves));
    t.add(
        new Template(
            "PUT",
            "/v1/channels/hook/listings/MUG",
            map("externalId", "mug-" + n),
            Map.of("externalId", Leaf.STRING)));
    Map<String, Leaf> eventLeaves = new LinkedHashMap<>();
    eventLeaves.put("events.0.id", Leaf.STRING);
    eventLeaves.put("events.0.type", Leaf.STRING);
    eventLeaves.put("events.0.sku", Leaf.STRING);
    eventLeaves.put("events.0.location", Leaf.STRING);
    eventLeaves.put("events.0.quantity", Leaf.INT);
    eventLeaves.put("events.0.occurredAt", Leaf.STRING);
    t.add(
        new Template(
            "POST",
            "/v1/events",
            map(
                "events",
                List.of(
                    map(
                        "id",
                        "h-" + n,
                        "type",
                        "PUTAWAY",
                        "sku",
                        "MUG",
                        "location",
                        "WH1",
                        "quantity",
                        1,
                        "occurredAt",
                        "2026-11-27T10:00:00Z"))),
            eventLeaves));
    return t;
  }

  private static final String RAW = "\u0007RAW\u0007";

  /** Replaces the leaf at a dotted path with a marker, in a deep copy. */
  @SuppressWarnings("unchecked")
  private static Object replace(Object node, String[] path, int at, Object value) {
    if (at == path.length) {
      return value;
    }
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
      copy.put(path[at], replace(copy.get(path[at]), path, at + 1, value));
      return copy;
    }
    List<Object> copy = new ArrayList<>((List<Object>) node);
    int i = Integer.parseInt(path[at]);
    copy.set(i, replace(copy.get(i), path, at + 1, value));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object remove(Object node, String[] path, int at) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
      if (at == path.length - 1) {
        copy.remove(path[at]);
      } else {
        copy.put(path[at], remove(copy.get(path[at]), path, at + 1));
      }
      return copy;
    }
    List<Object> copy = new ArrayList<>((List<Object>) node);
    int i = Integer.parseInt(path[at]);
    copy.set(i, remove(copy.get(i), path, at + 1));
    return copy;
  }

  private static byte[] withRaw(Object body, byte[] raw) {
    String json = TestApi.json(body);
    String marker = TestApi.json(RAW);
    int i = json.indexOf(marker);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(json.substring(0, i).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(raw);
    out.writeBytes(json.substring(i + marker.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String pick(SplittableRandom r, String... options) {
    return options[r.nextInt(options.length)];
  }

  private static byte[] wrongValue(SplittableRandom r, Leaf leaf, String field) {
    return switch (leaf) {
      case INT ->
          field.startsWith("events")
              // An event's integer of the wrong sign is well-formed: the ledger rejects it.
              ? utf8(
                  pick(
                      r,
                      "\"12\"",
                      "1.5",
                      "1e400",
                      "123456789012345678901234567890",
                      "true",
                      "[]",
                      "{}",
                      "9223372036854775808",
                      "-9223372036854775809",
                      "null"))
              : utf8(
                  pick(
                      r,
                      "\"12\"",
                      "1.5",
                      "1e400",
                      "123456789012345678901234567890",
                      "-1",
                      "-99999999999",
                      "true",
                      "[]",
                      "{}",
                      "9223372036854775808",
                      "-9223372036854775809"));
      case BOOL -> utf8(pick(r, "\"true\"", "1", "0", "[]", "{}", "\"yes\""));
      case STRING -> {
        if (field.endsWith("type") && r.nextBoolean()) {
          yield utf8(pick(r, "\"TELEPORT\"", "\"putaway\"", "\"shopify2\""));
        }
        if (field.endsWith("occurredAt") && r.nextBoolean()) {
          yield utf8(pick(r, "\"yesterday\"", "\"2026-13-45T99:00:00Z\""));
        }
        if (field.endsWith("baseUrl") && r.nextBoolean()) {
          yield utf8(pick(r, "\"ftp://x\"", "\"not a url\"", "\"http://\""));
        }
        if (field.startsWith("events")) {
          yield utf8(pick(r, "12", "true", "[]", "{}", "[\"a\"]", "{\"a\":1}"));
        }
        yield utf8(
            pick(
                r,
                "12",
                "true",
                "[]",
                "{}",
                "\"a\\u0000b\"",
                "\"" + "x".repeat(20_001) + "\"",
                "\"tab\\there\""));
      }
    };
  }

  private static byte[] deep(int depth) {
    return utf8("[".repeat(depth) + "]".repeat(depth));
  }

  private static Bad generate(SplittableRandom r, int n) {
    List<Template> all = templates(n);
    Template t = all.get(r.nextInt(all.size()));
    List<String> leaves = new ArrayList<>(t.leaves().keySet());
    String leaf = leaves.get(r.nextInt(leaves.size()));
    String json = "application/json";
    int kind = r.nextInt(14);
    return switch (kind) {
      case 0, 1, 2 ->
          new Bad(
              t.method(),
              t.path(),
              json,
              withRaw(
                  replace(t.body(), leaf.split("\\."), 0, RAW),
                  wrongValue(r, t.leaves().get(leaf), leaf)),
              "wrong type or value of " + leaf);
      case 3 -> {
        String required =
            switch (t.path().replaceAll("\\d+$", "")) {
              case "/v1/locations/L" -> "sellable";
              case "/v1/channels/c" -> pick(r, "type", "baseUrl", "credentials");
              case "/v1/skus/S" -> "components.0.quantity";
              case "/v1/events" -> "events.0.quantity";
              default -> t.path().contains("listings") ? "externalId" : null;
            };
        yield required == null
            ? new Bad(t.method(), t.path(), json, utf8("{\"threshold\":-5}"), "negative")
            : new Bad(
                t.method(),
                t.path(),
                json,
                utf8(TestApi.json(remove(t.body(), required.split("\\."), 0))),
                "missing " + required);
      }
      case 4 -> {
        String[] path = leaf.split("\\.");
        String[] parent = java.util.Arrays.copyOf(path, path.length - 1);
        String extra = "unexpected" + r.nextInt(100);
        Object body =
            parent.length == 0 || leaf.equals("locations.0")
                ? replace(t.body(), new String[] {extra}, 0, r.nextInt(5))
                : replace(t.body(), appendTo(parent, extra), 0, "surprise");
        yield new Bad(t.method(), t.path(), json, utf8(TestApi.json(body)), "extra field");
      }
      case 5 -> {
        byte[][] invalid = {
          {(byte) 0xC3, 0x28},
          {(byte) 0xFF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xC0, (byte) 0xAF}
        };
        byte[] bad = invalid[r.nextInt(invalid.length)];
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(utf8("\"ab"));
        value.writeBytes(bad);
        value.writeBytes(utf8("cd\""));
        String stringLeaf =
            t.leaves().entrySet().stream()
                .filter(e -> e.getValue() == Leaf.STRING)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        yield stringLeaf == null
            ? new Bad(
                t.method(),
                t.path(),
                json,
                concat(utf8("{\"threshold\":"), bad, utf8("}")),
                "not UTF-8")
            : new Bad(
                t.method(),
                t.path(),
                json,
                withRaw(replace(t.body(), stringLeaf.split("\\."), 0, RAW), value.toByteArray()),
                "not UTF-8");
      }
      case 6 ->
          new Bad(
              t.method(),
              t.path(),
              json,
              withRaw(replace(t.body(), leaf.split("\\."), 0, RAW), deep(33 + r.nextInt(5_000))),
              "deep nesting");
      case 7 -> {
        Object body =
            replace(t.body(), leaf.split("\\."), 0, "y".repeat((int) MAX_BODY + r.nextInt(50_000)));
        yield new Bad(t.method(), t.path(), json, utf8(TestApi.json(body)), "oversized");
      }
      case 8 -> {
        byte[] whole = utf8(TestApi.json(t.body()));
        int cut = 1 + r.nextInt(whole.length - 1);
        yield new Bad(t.method(), t.path(), json, java.util.Arrays.copyOf(whole, cut), "truncated");
      }
      case 9 ->
          new Bad(
              t.method(),
              t.path(),
              json,
              utf8(
                  pick(
                      r,
                      "",
                      "null",
                      "[]",
                      "\"text\"",
                      "42",
                      "{\"a\":1,\"a\":2}",
                      TestApi.json(t.body()) + " trailing",
                      "{'single':'quotes'}",
                      "{\"a\":1,}")),
              "not one JSON object");
      case 10 ->
          new Bad(
              t.method(),
              t.path(),
              pick(
                  r,
                  "text/plain",
                  "application/xml",
                  "application/json; charset=latin1",
                  "multipart/form-data"),
              utf8(TestApi.json(t.body())),
              "wrong content type");
      default -> csv(r, n);
    };
  }

  private static String[] appendTo(String[] parent, String extra) {
    String[] p = java.util.Arrays.copyOf(parent, parent.length + 1);
    p[parent.length] = extra;
    return p;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static Bad csv(SplittableRandom r, int n) {
    String header = "id,type,sku,location,quantity,occurredAt\n";
    String good = "v-" + n + ",PUTAWAY,MUG,WH1,1,2026-11-27T10:00:00Z\n";
    String[] bodies = {
      header + good + "\"open-" + n + ",PUTAWAY,MUG,WH1,1,\n",
      header + "q\"uote" + n + ",PUTAWAY,MUG,WH1,1,\n",
      header + "\"closed\"after" + n + ",PUTAWAY,MUG,WH1,1,\n",
      header + good + "x" + n + ",PUTAWAY,MUG,WH1\n",
      header + good + "x" + n + ",PUTAWAY,MUG,WH1,1,,extra\n",
      "id,type,sku,location,qty,occurredAt\n" + good,
      "id,type,sku,location,quantity\n" + good,
      header + "x" + n + ",PUTAWAY,MUG,WH1,one,\n",
      header + "x" + n + ",PUTAWAY,MUG,WH1,1.5,\n",
      header + "x" + n + ",PUTAWAY,MUG,WH1,99999999999999999999,\n",
      header + "x" + n + ",TELEPORT,MUG,WH1,1,\n",
      header + "x" + n + ",PUTAWAY,MUG,WH1,1,not-a-time\n",
      header + good + "x" + n + ",PUTAWAY,MUG,WH1,,\n",
      "",
    };
    int i = r.nextInt(bodies.length + 1);
    byte[] body =
        i < bodies.length
            ? utf8(bodies[i])
            : concat(
                utf8(header + "x"),
                new byte[] {(byte) 0xFE, (byte) 0xFF},
                utf8(",PUTAWAY,MUG,WH1,1,\n"));
    return new Bad("POST", "/v1/events", "text/csv", body, "bad CSV #" + i);
  }

  @Test
  void everyBadRequestIsA4xxProblemAndChangesNothing() {
    String before = api.digest();
    SplittableRandom random = new SplittableRandom(20261127);
    List<String> failures = new ArrayList<>();
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    for (int n = 0; n < REQUESTS; n++) {
      Bad bad = generate(random, n);
      TestApi.Answer answer =
          api.send(bad.method(), bad.path(), shop.key(), bad.contentType(), bad.body());
      kinds.merge(bad.kind().replaceAll(" of .*| #.*", ""), 1, Integer::sum);
      if (answer.status() < 400 || answer.status() >= 500 || !answer.isProblem()) {
        failures.add(
            bad.kind()
                + " "
                + bad.method()
                + " "
                + bad.path()
                + " → "
                + answer.status()
                + " "
                + answer.body().substring(0, Math.min(200, answer.body().length()))
                + " for "
                + new String(
                    bad.body(), 0, Math.min(200, bad.body().length), StandardCharsets.UTF_8));
      }
    }

    assertThat(failures).as("answers that are not 4xx problems").isEmpty();
    assertThat(kinds.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);
    assertThat(kinds.keySet())
        .contains(
            "oversized",
            "deep nesting",
            "not UTF-8",
            "extra field",
            "wrong type or value",
            "truncated",
            "bad CSV");
    assertThat(api.digest()).isEqualTo(before);
    assertThat(check(api.get("/health", null)).json().path("status").asText()).isEqualTo("UP");
    assertThat(check(api.get("/v1/skus/MUG", shop.key())).json().path("onHand").asLong())
        .isEqualTo(10);
  }

  @Test
  void wellFormedEventsThatBreakTheLedgersRulesAreEachRejectedAndChangeNothing() {
    String before = api.digest();
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(TestApi.event("u1", "PUTAWAY", "GHOST", 1));
    events.add(
        map("id", "u2", "type", "PUTAWAY", "sku", "MUG", "location", "NOWHERE", "quantity", 1));
    events.add(TestApi.event("u3", "ORDER_PLACED", "MUG", -5));
    events.add(TestApi.event("u4", "PUTAWAY", "MUG", 0));
    events.add(TestApi.event("u5", "ORDER_CANCELLED", "MUG", 1));
    events.add(TestApi.event("u6", "ADJUSTMENT", "MUG", -11));
    events.add(TestApi.event("u7", "PUTAWAY", "MUG", Long.MAX_VALUE));
    events.add(TestApi.event("u8", "STOCK_COUNT", "MUG", -1));
    events.add(map("type", "PUTAWAY", "sku", "MUG", "location", "WH1", "quantity", 1));
    events.add(map("id", "u10", "sku", "MUG", "location", "WH1", "quantity", 1));
    events.add(TestApi.event("x".repeat(201), "PUTAWAY", "MUG", 1));

    JsonNode results = check(api.events(shop.key(), events)).json().path("results");

    assertThat(results).hasSize(events.size());
    assertThat(results.findValuesAsText("status")).containsOnly("rejected");
    assertThat(api.digest()).isEqualTo(before);
  }
}
