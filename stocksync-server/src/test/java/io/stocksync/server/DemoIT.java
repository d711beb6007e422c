package io.stocksync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.server.http.Browser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * {@code stocksync demo} as a newcomer runs it: the built jar on a random port; the dashboard
 * answers, its API lists the demo's SKUs, the emulated marketplaces' figures move while it runs,
 * and SIGTERM (Ctrl-C) stops everything and says so.
 */
class DemoIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DASHBOARD =
      Pattern.compile("^Dashboard: (http://127\\.0\\.0\\.1:\\d+)/$");
  private static final Pattern KEY = Pattern.compile("^API key: (\\S+)$");
  private static final Pattern EMULATORS =
      Pattern.compile("^Emulators: (http://127\\.0\\.0\\.1:\\d+) ");

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> output = new CopyOnWriteArrayList<>();
  private Process demo;

  @AfterEach
  void stop() {
    if (demo != null) {
      demo.destroyForcibly();
    }
  }

  private String line(Pattern pattern) {
    return await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () ->
                output.stream()
                    .map(pattern::matcher)
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElse(null),
            v -> v != null);
  }

  private HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The demo's dashboard in chromium, where it is installed: docs/dashboard.png is one of these.
   */
  private void screenshots(String base, String key) {
    if (!Browser.available()) {
      System.out.println(
          "DemoIT: no chromium installed: the dashboard screenshots of the demo are skipped");
      return;
    }
    try (Browser browser = Browser.open()) {
      browser.driver.get(base + "/");
      browser.find(By.id("api-key")).sendKeys(key);
      browser.find(By.id("sign-in-button")).click();
      browser.waitForText(By.id("sku-count"), "31 of 31 SKUs");
      browser.screenshot("demo-skus");
      browser.find(By.linkText("MUG-BLUE")).click();
      browser.find(By.cssSelector("#chart svg"));
      browser.resize(1280, 2400); // the whole SKU page: figures, channels, chart, ledger
      browser.screenshot("demo-sku");
      browser.resize(390, 844);
      browser.driver.get(base + "/#/skus");
      browser.find(By.id("sku-count"));
      browser.screenshot("demo-phone-skus");
    }
  }

  @Test
  void theDemoRunsTheWholeLoopAndStopsOnSigterm() throws Exception {
    String jar = System.getProperty("stocksync.jar", "target/stocksync.jar");
    assertThat(Path.of(jar)).as("the shaded jar (built by package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    demo =
        new ProcessBuilder(java, "-jar", jar, "demo", "--port", "0", "--step-millis", "100")
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                  output.add(l);
                }
              } catch (java.io.IOException ended) {
                // the process is gone
              }
            });
    reader.setDaemon(true);
    reader.start();

    String base = line(DASHBOARD);
    String key = line(KEY);
    String emulators = line(EMULATORS);

    HttpResponse<String> page = get(base + "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>StockSync</title>").contains("app.js");

    JsonNode skus = JSON.readTree(get(base + "/v1/skus?limit=100", key).body());
    assertThat(skus.path("skus")).hasSize(31);
    assertThat(skus.path("skus").findValuesAsText("sku")).contains("MUG-BLUE", "SET-BREAKFAST");
    JsonNode bundle = JSON.readTree(get(base + "/v1/skus/SET-BREAKFAST", key).body());
    assertThat(bundle.path("components")).hasSize(3);
    assertThat(bundle.path("listings")).hasSize(5);

    // Every marketplace shows the demo's figures, and they move while the demo runs. (Generous
    // bounds: on a loaded machine the set-up and the first pushes take a while.)
    for (String m : List.of("shopify", "amazon", "flipkart", "woocommerce", "webhook")) {
      await()
          .alias(m + " holds the demo's 31 listings")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                int held =
                    JSON.readTree(get(emulators + "/emulator/" + m + "/quantities", null).body())
                        .size();
                if (held != 31) {
                  System.out.println("DemoIT: " + m + " holds " + held + " listings so far");
                }
                return held == 31;
              });
    }
    String first = get(emulators + "/emulator/shopify/quantities", null).body();
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !get(emulators + "/emulator/shopify/quantities", null).body().equals(first));
    // Each of the five channels has had pushes acknowledged by its marketplace.
    for (String channel : List.of("shop", "amazon-in", "flipkart", "woo", "own-site")) {
      JsonNode pushes =
          JSON.readTree(get(base + "/v1/pushes?limit=20&channel=" + channel, key).body());
      assertThat(pushes.path("pushes").findValuesAsText("status"))
          .as(channel)
          .contains("ACKNOWLEDGED");
    }

    screenshots(base, key);

    // SIGTERM, as Ctrl-C, by kill: Process.destroy() would also close our end of its output.
    assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(demo.pid())).start().waitFor())
        .isZero();
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops").isTrue();
    reader.join(5_000);
    assertThat(output).anyMatch(l -> l.startsWith("demo stopped:"));
    assertThat(output).noneMatch(l -> l.startsWith("demo: a simulated step failed"));
  }
}
