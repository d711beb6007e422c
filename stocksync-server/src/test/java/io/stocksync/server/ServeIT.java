package io.stocksync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As a new user would: start the built jar, create an account, set the policy, create locations,
 * SKUs and a channel, post the worked examples of SPEC §3, read the SKUs back; stop the server with
 * SIGTERM and find everything still there after a restart.
 */
class ServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private String key;
  private Thread reader;

  @AfterEach
  void stopEverything() {
    processes.forEach(Process::destroyForcibly);
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String jar() {
    String jar = System.getProperty("stocksync.jar", "target/stocksync.jar");
    assertThat(Path.of(jar)).as("the shaded jar (built by package)").exists();
    return jar;
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar()));
    command.addAll(List.of(args));
    command.addAll(
        List.of(
            "--db",
            dir.resolve("shop.db").toString(),
            "--data-dir",
            dir.resolve("data").toString()));
    return command;
  }

  /** Starts {@code serve} and waits for the line that says where it listens. */
  private Process serve(List<String> log) throws Exception {
    Process p =
        new ProcessBuilder(command("serve", "--port", "0")).redirectErrorStream(true).start();
    processes.add(p);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  log.add(line);
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
                port.completeExceptionally(new IllegalStateException("serve ended: " + log));
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    base = "http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS);
    return p;
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r =
        http.send(
            b.method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void events(String sku, Object... typeAndQuantity) throws Exception {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < typeAndQuantity.length; i += 2) {
      if (events.length() > 0) {
        events.append(',');
      }
      events.append(
          String.format(
              "{\"id\":\"%s-%d-%d\",\"type\":\"%s\",\"sku\":\"%s\",\"location\":\"WH1\",\"quantity\":%d,\"occurredAt\":\"2026-11-27T10:00:00Z\"}",
              sku,
              System.nanoTime(),
              i,
              typeAndQuantity[i],
              sku,
              (Integer) typeAndQuantity[i + 1]));
    }
    JsonNode results = send("POST", "/v1/events", "{\"events\":[" + events + "]}").path("results");
    results.forEach(
        r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("applied"));
  }

  private Object[] orders(int n) {
    Object[] o = new Object[2 * n];
    for (int i = 0; i < n; i++) {
      o[2 * i] = "ORDER_PLACED";
      o[2 * i + 1] = 1;
    }
    return o;
  }

  private long sent(String sku) throws Exception {
    return send("GET", "/v1/skus/" + sku, null).path("listings").get(0).path("queued").asLong();
  }

  private long pending(String sku) throws Exception {
    return send("GET", "/v1/skus/" + sku, null).path("sync").path("pending").asLong();
  }

  @Test
  void aNewUserRunsTheWorkedExamplesAgainstTheJar() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Process server = serve(log);

    Process create = new ProcessBuilder(command("account", "create", "Acme Mugs")).start();
    String out = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(create.waitFor()).isZero();
    List<String> lines = out.lines().toList();
    key = lines.get(lines.size() - 1);
    assertThat(key).startsWith("sk_");

    send(
        "PUT",
        "/v1/policy",
        "{\"threshold\":2000,\"batchSize\":10,\"significantQuantity\":100,\"maxStalenessSeconds\":0}");
    send("PUT", "/v1/locations/WH1", "{\"name\":\"Main warehouse\",\"sellable\":true}");
    send(
        "PUT",
        "/v1/channels/shop",
        "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/webhook\",\"credentials\":{\"secret\":\"k\"}}");
    for (String sku : List.of("A", "B", "C", "D", "E", "F")) {
      send("PUT", "/v1/skus/" + sku, "{\"name\":\"Mug " + sku + "\"}");
      send("PUT", "/v1/channels/shop/listings/" + sku, "{\"externalId\":\"ext-" + sku + "\"}");
    }

    events("A", "PUTAWAY", 100, "ORDER_PLACED", 5);
    assertThat(send("GET", "/v1/skus/A", null).path("available").asLong()).isEqualTo(95);
    assertThat(sent("A")).isEqualTo(95);

    events("B", "PUTAWAY", 5000);
    events("B", orders(9));
    assertThat(pending("B")).isEqualTo(9);
    assertThat(sent("B")).isEqualTo(5000);
    events("B", "ORDER_PLACED", 1);
    assertThat(sent("B")).isEqualTo(4990);
    assertThat(pending("B")).isZero();

    events("C", "PUTAWAY", 5000, "ORDER_PLACED", 150);
    assertThat(sent("C")).isEqualTo(4850);

    events("D", "PUTAWAY", 2005, "ORDER_PLACED", 10);
    assertThat(sent("D")).isEqualTo(1995);

    events("E", "PUTAWAY", 3000, "ORDER_PLACED", 1000);
    assertThat(sent("E")).isEqualTo(2000);

    events("F", "PUTAWAY", 5000);
    events("F", orders(9));
    events("F", "ORDER_SHIPPED", 1);
    assertThat(pending("F")).isEqualTo(9);
    assertThat(sent("F")).isEqualTo(5000);

    JsonNode b = send("GET", "/v1/skus/B", null);
    // SIGTERM, by kill: Process.destroy() would also close our end of its output, losing the
    // lines it writes while it shuts down.
    assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor())
        .isZero();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000); // the last lines it wrote
    assertThat(log).anyMatch(l -> l.contains("stopped: everything accepted is committed"));

    serve(new CopyOnWriteArrayList<>());
    JsonNode again = send("GET", "/v1/skus/B", null);
    assertThat(again.path("onHand")).isEqualTo(b.path("onHand"));
    assertThat(again.path("reserved").asLong()).isEqualTo(10);
    assertThat(again.path("listings").get(0).path("queued").asLong()).isEqualTo(4990);
    // The credential key lives beside the database (SPEC §6), never under the data directory.
    assertThat(Files.exists(dir.resolve("secret.key"))).isTrue();
    assertThat(Files.exists(dir.resolve("data").resolve("secret.key"))).isFalse();
  }
}
