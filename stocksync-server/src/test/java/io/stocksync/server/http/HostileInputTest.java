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
    if (api != null) { // null when the PostgreSQL variant skipped before starting one
      api.close();
    }
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

  // ------------------------------------------------------------------ values the store can't hold

  /** A JSON string literal (ASCII, with escapes, so a lone surrogate survives the wire). */
  private static String literal(String escapedContent) {
    return "\"" + escapedContent + "\"";
  }

  /** Values no string field accepts: NUL, lone surrogates, a control character, over-long. */
  private static final List<String> UNSTORABLE_TEXTS =
      List.of(
          literal("a\\u0000b"),
          literal("x\\ud800"),
          literal("\\udc00y"),
          literal("\\ud800\\ud800"),
          literal("bell\\u0007"),
          literal("x".repeat(10_001)));

  /** Values a code (SKU, location, channel id) also refuses: invisible characters, 201 long. */
  private static final List<String> LOOK_ALIKE_CODES =
      List.of(
          literal("MU\\u200bG"),
          literal("\\u202eGUM"),
          literal("MU\\ufeffG"),
          literal("MU\\u00a0G"),
          literal("MU\\u2066G"),
          literal("M".repeat(201)));

  /** Instants beyond what the store holds; the unsigned five-digit year is not ISO-8601 at all. */
  private static final List<String> UNSTORABLE_INSTANTS =
      List.of(
          literal("+300000000-01-01T00:00:00Z"),
          literal("-999999999-01-01T00:00:00Z"),
          literal("10000-01-01T00:00:00Z"),
          literal("+10000-01-01T00:00:00Z"));

  /** A breakable leaf of a JSON body: its marker in the template, field name, kind, good value. */
  record Slot(String marker, String field, boolean code, String good) {}

  /** A route's body with markers for its string leaves. */
  record BodyTemplate(String method, String path, String json, List<Slot> slots) {
    String with(Slot broken, String value) {
      String body = json;
      for (Slot s : slots) {
        body = body.replace(s.marker(), s == broken ? value : s.good());
      }
      return body;
    }
  }

  private static List<BodyTemplate> stringFieldsOfEveryRoute() {
    return List.of(
        new BodyTemplate(
            "PUT",
            "/v1/locations/L9",
            "{\"name\":@name,\"sellable\":true}",
            List.of(new Slot("@name", "name", false, literal("Depot")))),
        new BodyTemplate(
            "PUT",
            "/v1/skus/S9",
            "{\"name\":@name,\"components\":[{\"sku\":@part,\"quantity\":2}]}",
            List.of(
                new Slot("@name", "name", false, literal("Plate")),
                new Slot("@part", "components[0].sku", true, literal("MUG")))),
        new BodyTemplate(
            "PUT",
            "/v1/channels/c9",
            "{\"type\":@type,\"baseUrl\":@url,\"credentials\":{\"secret\":@secret},"
                + "\"locations\":[@where]}",
            List.of(
                new Slot("@type", "type", false, literal("webhook")),
                new Slot("@url", "baseUrl", false, literal("http://127.0.0.1:9/hook")),
                new Slot("@secret", "credentials.secret", false, literal("s")),
                new Slot("@where", "locations[0]", true, literal("WH1")))),
        new BodyTemplate(
            "PUT",
            "/v1/channels/s9",
            "{\"type\":\"shopify\",\"baseUrl\":\"http://127.0.0.1:9/shopify\","
                + "\"settings\":{\"locationId\":@location},\"credentials\":{\"accessToken\":@token}}",
            List.of(
                new Slot("@location", "settings.locationId", false, literal("gid://x/Location/1")),
                new Slot("@token", "credentials.accessToken", false, literal("t")))),
        new BodyTemplate(
            "PUT",
            "/v1/channels/hook/listings/MUG",
            "{\"externalId\":@external}",
            List.of(new Slot("@external", "externalId", false, literal("mug-9")))));
  }

  private static String errorFields(TestApi.Answer answer) {
    return answer.json().path("errors").findValuesAsText("field").toString();
  }

  @Test
  void everyStringFieldOfEveryRouteRefusesWhatTheStoreCouldNotHoldNamingTheField() {
    String before = api.digest();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (BodyTemplate t : stringFieldsOfEveryRoute()) {
      for (Slot slot : t.slots()) {
        List<String> values = new ArrayList<>(UNSTORABLE_TEXTS);
        if (slot.code()) {
          values.addAll(LOOK_ALIKE_CODES);
        }
        for (String value : values) {
          TestApi.Answer answer =
              api.send(
                  t.method(), t.path(), shop.key(), "application/json", utf8(t.with(slot, value)));
          sent++;
          if (answer.status() != 400
              || !answer.isProblem()
              || !errorFields(answer).contains(slot.field())) {
            failures.add(
                t.method()
                    + " "
                    + t.path()
                    + " "
                    + slot.field()
                    + "="
                    + abbreviate(value)
                    + " → "
                    + answer.status()
                    + " "
                    + abbreviate(answer.body()));
          }
        }
      }
    }

    assertThat(failures).as("answers that are not a 400 naming the field").isEmpty();
    assertThat(sent).isGreaterThan(60);
    assertThat(api.digest()).isEqualTo(before);
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }

  /** One JSON event of {@code PUTAWAY 1 MUG} at WH1, with {@code field} set to a JSON literal. */
  private static String eventJson(String id, String field, String value) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("id", literal(id));
    f.put("type", literal("PUTAWAY"));
    f.put("sku", literal("MUG"));
    f.put("location", literal("WH1"));
    f.put("quantity", "1");
    f.put("occurredAt", literal("2026-11-27T10:00:00Z"));
    if (field != null) {
      f.put(field, value);
    }
    StringBuilder b = new StringBuilder("{");
    f.forEach(
        (k, v) ->
            b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return b.append('}').toString();
  }

  /**
   * An event whose value the store could not hold is either rejected naming the field (the batch
   * was well-formed) or its batch is a 400 naming {@code events[0].field}; never applied.
   */
  private static boolean refusedNaming(TestApi.Answer answer, String field) {
    if (answer.status() == 400) {
      return answer.isProblem() && errorFields(answer).contains("events[0]." + field);
    }
    if (answer.status() != 200) {
      return false;
    }
    JsonNode r = answer.json().path("results").path(0);
    return r.path("status").asText().equals("rejected")
        && r.path("error").path("field").asText().equals(field);
  }

  @Test
  void everyStringAndInstantFieldOfAnEventRefusesWhatTheStoreCouldNotHoldNamingTheField() {
    String before = api.digest();
    Map<String, List<String>> hostile = new LinkedHashMap<>();
    hostile.put("id", UNSTORABLE_TEXTS);
    hostile.put("type", UNSTORABLE_TEXTS);
    List<String> codes = new ArrayList<>(UNSTORABLE_TEXTS);
    codes.addAll(LOOK_ALIKE_CODES);
    hostile.put("sku", codes);
    hostile.put("location", codes);
    hostile.put("occurredAt", UNSTORABLE_INSTANTS);
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, List<String>> e : hostile.entrySet()) {
      for (String value : e.getValue()) {
        String body = "{\"events\":[" + eventJson("bad-" + n++, e.getKey(), value) + "]}";
        TestApi.Answer answer = api.post("/v1/events", shop.key(), body);
        if (!refusedNaming(answer, e.getKey())) {
          failures.add(
              e.getKey()
                  + "="
                  + abbreviate(value)
                  + " → "
                  + answer.status()
                  + " "
                  + abbreviate(answer.body()));
        }
      }
    }

    assertThat(failures).as("events not refused naming the field").isEmpty();
    assertThat(api.digest()).isEqualTo(before);
  }

  @Test
  void everyFieldOfACsvEventRefusesWhatTheStoreCouldNotHoldNamingTheField() {
    String before = api.digest();
    Map<String, List<String>> hostile = new LinkedHashMap<>();
    // Lone surrogates cannot be written in UTF-8: a CSV body carrying their bytes is refused as
    // not UTF-8 by the generated suite above.
    List<String> texts = List.of("a\u0000b", "bell\u0007", "x".repeat(10_001));
    List<String> codes = new ArrayList<>(texts);
    codes.addAll(List.of("MU\u200BG", "\u202EGUM", "MU\uFEFFG", "MU\u00A0G", "M".repeat(201)));
    hostile.put("id", texts);
    hostile.put("sku", codes);
    hostile.put("location", codes);
    hostile.put(
        "occurredAt",
        List.of(
            "+300000000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z"));
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, List<String>> e : hostile.entrySet()) {
      for (String value : e.getValue()) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", "csv-bad-" + n++);
        row.put("type", "PUTAWAY");
        row.put("sku", "MUG");
        row.put("location", "WH1");
        row.put("quantity", "1");
        row.put("occurredAt", "2026-11-27T10:00:00Z");
        row.put(e.getKey(), value);
        String csv =
            String.join(",", row.keySet())
                + "\n"
                + row.values().stream()
                    .map(CsvReader::quote)
                    .collect(java.util.stream.Collectors.joining(","))
                + "\n";
        TestApi.Answer answer = api.postCsv(shop.key(), csv);
        if (!refusedNaming(answer, e.getKey())) {
          failures.add(
              e.getKey()
                  + "="
                  + abbreviate(value)
                  + " → "
                  + answer.status()
                  + " "
                  + abbreviate(answer.body()));
        }
      }
    }

    assertThat(failures).as("CSV events not refused naming the field").isEmpty();
    assertThat(api.digest()).isEqualTo(before);
  }

  /** Path segments that are no acceptable code, percent-encoded as a client sends them. */
  private static final List<String> HOSTILE_SEGMENTS =
      List.of(
          "MU%00G",
          "MU%07G", "MU%E2%80%8BG", "%E2%80%AEGUM", "MU%EF%BB%BFG", "MU%C2%A0G", "M".repeat(201));

  @Test
  void everyCodeInAPathOrQueryIsCheckedLikeOneInABodyNamingTheParameter() {
    String before = api.digest();
    List<String> failures = new ArrayList<>();
    for (String bad : HOSTILE_SEGMENTS) {
      Map<String, String[]> requests = new LinkedHashMap<>();
      requests.put("sku", new String[] {"PUT", "/v1/skus/" + bad, "{\"name\":\"x\"}"});
      requests.put("sku ", new String[] {"GET", "/v1/skus/" + bad, null});
      requests.put(
          "sku  ", new String[] {"PUT", "/v1/skus/" + bad + "/policy", "{\"threshold\":1}"});
      requests.put("code", new String[] {"PUT", "/v1/locations/" + bad, "{\"sellable\":true}"});
      requests.put(
          "id",
          new String[] {
            "PUT",
            "/v1/channels/" + bad,
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/h\",\"credentials\":{\"secret\":\"s\"}}"
          });
      requests.put(
          "id ",
          new String[] {"PUT", "/v1/channels/" + bad + "/listings/MUG", "{\"externalId\":\"e\"}"});
      requests.put(
          "sku   ",
          new String[] {"PUT", "/v1/channels/hook/listings/" + bad, "{\"externalId\":\"e\"}"});
      requests.put("id  ", new String[] {"POST", "/v1/channels/" + bad + "/retry", null});
      requests.put("sku    ", new String[] {"GET", "/v1/pushes?sku=" + bad, null});
      requests.put("channel", new String[] {"GET", "/v1/pushes?channel=" + bad, null});
      for (Map.Entry<String, String[]> r : requests.entrySet()) {
        String[] q = r.getValue();
        String field = r.getKey().strip();
        TestApi.Answer answer =
            api.send(
                q[0],
                q[1],
                shop.key(),
                q[2] == null ? null : "application/json",
                q[2] == null ? null : utf8(q[2]));
        // Jetty itself refuses a NUL in the path before any route sees it: a 400 problem too,
        // but one that cannot name the route's parameter.
        boolean refusedByJetty =
            bad.contains("%00")
                && !q[1].contains("?")
                && answer.isProblem()
                && answer.json().path("type").asText().endsWith(":bad-request");
        if (answer.status() != 400
            || !answer.isProblem()
            || !(refusedByJetty || errorFields(answer).contains(field))) {
          failures.add(
              q[0]
                  + " "
                  + abbreviate(q[1])
                  + " → "
                  + answer.status()
                  + " "
                  + abbreviate(answer.body()));
        }
      }
    }

    assertThat(failures).as("path and query codes not refused naming the parameter").isEmpty();
    assertThat(api.digest()).isEqualTo(before);
  }

  @Test
  void aSkuCodeInThePathOrABodyIsTrimmedAndNfcNormalisedSoLookAlikesMeetOneSku() {
    check(api.put("/v1/skus/CAF%C3%89", shop.key(), "{\"name\":\"composed\"}"));

    assertThat(check(api.get("/v1/skus/%20MUG", shop.key())).json().path("sku").asText())
        .isEqualTo("MUG");
    assertThat(check(api.get("/v1/skus/CAFE%CC%81%09", shop.key())).json().path("sku").asText())
        .isEqualTo("CAF\u00C9");
    JsonNode results =
        check(
                api.post(
                    "/v1/events",
                    shop.key(),
                    "{\"events\":[" + eventJson("nfc-1", "sku", literal(" CAFE\\u0301 ")) + "]}"))
            .json()
            .path("results");
    assertThat(results.path(0).path("status").asText()).isEqualTo("applied");
    assertThat(check(api.get("/v1/skus/CAF%C3%89", shop.key())).json().path("onHand").asLong())
        .isEqualTo(1);
    check(
        api.put(
            "/v1/skus/PAIR",
            shop.key(),
            "{\"components\":[{\"sku\":\" CAFE\\u0301\",\"quantity\":2}]}"));
    assertThat(
            check(api.get("/v1/skus/PAIR", shop.key()))
                .json()
                .path("components")
                .path(0)
                .path("sku")
                .asText())
        .isEqualTo("CAF\u00C9");
  }

  private static String status(TestApi.Answer answer, int index) {
    return answer.json().path("results").path(index).path("status").asText();
  }

  @Test
  void anIdWithALoneSurrogateIsRefusedSoItsLookAlikeAppliesAndARetryAfterARestartIsRefusedAgain() {
    String lone = "{\"events\":[" + eventJson("x\\ud800", null, null) + "]}";
    String nul = "{\"events\":[" + eventJson("x\\u0000", null, null) + "]}";
    String lookAlike = "{\"events\":[" + eventJson("x?", null, null) + "]}";

    TestApi.Answer first = check(api.post("/v1/events", shop.key(), lone));
    assertThat(status(first, 0)).isEqualTo("rejected");
    assertThat(first.json().path("results").path(0).path("error").path("field").asText())
        .isEqualTo("id");
    assertThat(status(check(api.post("/v1/events", shop.key(), nul)), 0)).isEqualTo("rejected");
    assertThat(status(check(api.post("/v1/events", shop.key(), lookAlike)), 0))
        .isEqualTo("applied");
    assertThat(status(check(api.post("/v1/events", shop.key(), lone)), 0)).isEqualTo("rejected");

    api = api.restart();

    assertThat(status(check(api.post("/v1/events", shop.key(), lone)), 0)).isEqualTo("rejected");
    assertThat(status(check(api.post("/v1/events", shop.key(), nul)), 0)).isEqualTo("rejected");
    assertThat(status(check(api.post("/v1/events", shop.key(), lookAlike)), 0))
        .isEqualTo("duplicate");
    assertThat(check(api.get("/v1/skus/MUG", shop.key())).json().path("onHand").asLong())
        .isEqualTo(11);
  }

  /** Events a well-formed batch may carry that each must come back rejected, naming the field. */
  private static final List<String[]> REJECTED_IN_A_GOOD_BATCH =
      List.of(
          new String[] {"id", literal("a\\u0000b")},
          new String[] {"id", literal("x\\ud800")},
          new String[] {"id", literal("\\udc00y")},
          new String[] {"sku", literal("MUG\\u0000")},
          new String[] {"sku", literal("\\u202eGUM")},
          new String[] {"location", literal("WH\\u200b1")},
          new String[] {"location", literal("WH1\\udfff")},
          new String[] {"occurredAt", literal("+300000000-01-01T00:00:00Z")},
          new String[] {"occurredAt", literal("-999999999-01-01T00:00:00Z")},
          new String[] {"occurredAt", literal("+10000-01-01T00:00:00Z")});

  /** Whole requests an attacker's account sends that must each be a 4xx. */
  private static List<String[]> hostileRequests() {
    return List.of(
        new String[] {
          "POST",
          "/v1/events",
          "{\"events\":["
              + eventJson("m-far", "occurredAt", literal("10000-01-01T00:00:00Z"))
              + "]}"
        },
        new String[] {"PUT", "/v1/skus/MUG", "{\"name\":\"a\\u0000b\"}"},
        new String[] {"PUT", "/v1/skus/MU%00G", "{\"name\":\"x\"}"},
        new String[] {"PUT", "/v1/locations/WH1", "{\"name\":\"x\\ud800\",\"sellable\":true}"},
        new String[] {
          "PUT",
          "/v1/channels/hook",
          "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/h\","
              + "\"credentials\":{\"secret\":\"\\udc00\"}}"
        },
        new String[] {"PUT", "/v1/channels/hook/listings/MUG", "{\"externalId\":\"e\\u0000\"}"},
        new String[] {
          "PUT", "/v1/skus/SET", "{\"components\":[{\"sku\":\"MU\\u200bG\",\"quantity\":1}]}"
        });
  }

  @Test
  void unstorableValuesMixedIntoOtherAccountsGoodTrafficChangeNothingAndFailNoBatch()
      throws Exception {
    int accounts = 4;
    int rounds = 30;
    int good = 4;
    List<TestApi.Account> sellers = new ArrayList<>();
    sellers.add(shop);
    for (int i = 1; i < accounts; i++) {
      TestApi.Account a = api.account("Seller " + i);
      api.standardSetUp(a);
      sellers.add(a);
    }
    TestApi.Account mallory = api.account("Mallory");
    api.standardSetUp(mallory);
    String malloryBefore = api.digest(mallory.id());
    long batchesBefore = api.engine.stats().batches();
    long eventsBefore = api.engine.stats().events();

    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(accounts + 2);
    List<java.util.concurrent.Future<List<String>>> work = new ArrayList<>();
    try {
      for (int s = 0; s < accounts; s++) {
        TestApi.Account seller = sellers.get(s);
        int seat = s;
        work.add(
            pool.submit(
                () -> {
                  start.await();
                  List<String> problems = new ArrayList<>();
                  for (int round = 0; round < rounds; round++) {
                    List<String> events = new ArrayList<>();
                    for (int i = 0; i < good; i++) {
                      events.add(eventJson("g-" + round + "-" + i, null, null));
                    }
                    String[] bad =
                        REJECTED_IN_A_GOOD_BATCH.get(
                            (round + seat) % REJECTED_IN_A_GOOD_BATCH.size());
                    int badAt = round % (good + 1);
                    events.add(badAt, eventJson("b-" + round, bad[0], bad[1]));
                    TestApi.Answer answer =
                        api.post(
                            "/v1/events",
                            seller.key(),
                            "{\"events\":[" + String.join(",", events) + "]}");
                    if (answer.status() != 200) {
                      problems.add(
                          seller.id()
                              + " round "
                              + round
                              + " → "
                              + answer.status()
                              + " "
                              + abbreviate(answer.body()));
                      continue;
                    }
                    JsonNode results = answer.json().path("results");
                    for (int i = 0; i < events.size(); i++) {
                      String want = i == badAt ? "rejected" : "applied";
                      if (!results.path(i).path("status").asText().equals(want)) {
                        problems.add(
                            seller.id()
                                + " round "
                                + round
                                + " event "
                                + i
                                + " is "
                                + results.path(i)
                                + ", not "
                                + want);
                      }
                    }
                    if (!results.path(badAt).path("error").path("field").asText().equals(bad[0])) {
                      problems.add(
                          "round " + round + ": " + results.path(badAt) + " names no " + bad[0]);
                    }
                  }
                  return problems;
                }));
      }
      for (int h = 0; h < 2; h++) {
        int offset = h;
        work.add(
            pool.submit(
                () -> {
                  start.await();
                  List<String> problems = new ArrayList<>();
                  List<String[]> requests = hostileRequests();
                  for (int round = 0; round < rounds; round++) {
                    String[] r = requests.get((round + offset) % requests.size());
                    TestApi.Answer answer =
                        api.send(r[0], r[1], mallory.key(), "application/json", utf8(r[2]));
                    if (answer.status() < 400 || answer.status() >= 500) {
                      problems.add(
                          "mallory "
                              + r[0]
                              + " "
                              + r[1]
                              + " → "
                              + answer.status()
                              + " "
                              + abbreviate(answer.body()));
                    }
                    String allBad =
                        "{\"events\":["
                            + eventJson(
                                "mb-" + offset + "-" + round,
                                REJECTED_IN_A_GOOD_BATCH
                                    .get(round % REJECTED_IN_A_GOOD_BATCH.size())[0],
                                REJECTED_IN_A_GOOD_BATCH
                                    .get(round % REJECTED_IN_A_GOOD_BATCH.size())[1])
                            + "]}";
                    TestApi.Answer events = api.post("/v1/events", mallory.key(), allBad);
                    if (events.status() != 200 || !status(events, 0).equals("rejected")) {
                      problems.add(
                          "mallory's bad event → "
                              + events.status()
                              + " "
                              + abbreviate(events.body()));
                    }
                  }
                  return problems;
                }));
      }
      start.countDown();
      List<String> problems = new ArrayList<>();
      for (java.util.concurrent.Future<List<String>> f : work) {
        problems.addAll(f.get(2, java.util.concurrent.TimeUnit.MINUTES));
      }

      assertThat(problems)
          .as("answers other than applied good events and refused bad ones")
          .isEmpty();
    } finally {
      pool.shutdownNow();
    }
    for (TestApi.Account seller : sellers) {
      long seeded = seller == shop ? 10 : 0;
      assertThat(check(api.get("/v1/skus/MUG", seller.key())).json().path("onHand").asLong())
          .as(seller.id())
          .isEqualTo(seeded + (long) rounds * good);
    }
    assertThat(api.digest(mallory.id())).isEqualTo(malloryBefore);
    // The good events really shared commits with the bad ones: fewer batches than requests.
    long batches = api.engine.stats().batches() - batchesBefore;
    assertThat(api.engine.stats().events() - eventsBefore)
        .isGreaterThanOrEqualTo((long) accounts * rounds * good);
    assertThat(batches).isLessThan((long) (accounts + 2) * rounds);
    assertThat(check(api.get("/health", null)).json().path("status").asText()).isEqualTo("UP");
  }
}
