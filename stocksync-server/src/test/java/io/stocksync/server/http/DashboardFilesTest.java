package io.stocksync.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's files as the server serves them (no browser needed): the page at {@code /} with
 * headers that let it run only its own scripts, every file it loads present in the jar, nothing
 * fetched from another host, and the API's own answers unchanged beside it.
 */
class DashboardFilesTest {
  private static final List<String> FILES =
      List.of(
          "index.html",
          "app.css",
          "dom.js",
          "api.js",
          "chart.js",
          "views.js",
          "sku.js",
          "tools.js",
          "app.js");

  @TempDir Path dir;
  private DashboardServer api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    api = new DashboardServer(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api.base() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Dashboard.class.getResourceAsStream(Dashboard.DIRECTORY + "/" + name)) {
      assertThat(in).as(name + " is in the jar's resources").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theRootServesThePageWithoutAKeyAndWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<title>StockSync</title>");
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp)
        .contains("script-src 'self'")
        .contains("default-src 'self'")
        .doesNotContain("unsafe");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void everyFileThePageLoadsIsServedAndThePageLoadsNoOther() throws Exception {
    String index = resource("index.html");
    Matcher loaded = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(index);
    int count = 0;
    while (loaded.find()) {
      String file = loaded.group(1);
      assertThat(FILES).as("index.html loads " + file).contains(file);
      assertThat(get("/" + file).statusCode()).as(file).isEqualTo(200);
      count++;
    }
    assertThat(count).isEqualTo(FILES.size() - 1);
  }

  @Test
  void noFileNamesAnotherHostOrInsertsHtml() throws IOException {
    for (String file : FILES) {
      // The SVG namespace is a name, not an address anything is fetched from.
      String text = resource(file).replace("\"http://www.w3.org/2000/svg\"", "SVG_NS");
      assertThat(text).as(file).doesNotContainPattern("https?://").doesNotContain("//cdn");
      if (file.endsWith(".js")) {
        // API values reach the page as text: no innerHTML, outerHTML, insertAdjacentHTML, eval.
        assertThat(text)
            .as(file)
            .doesNotContain("innerHTML")
            .doesNotContain("outerHTML")
            .doesNotContain("insertAdjacentHTML")
            .doesNotContain("document.write")
            .doesNotContain("eval(");
      }
    }
  }

  @Test
  void theApiStillAnswersItsOwnProblemsBesideThePage() throws Exception {
    HttpResponse<String> missing = get("/no-such-page");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(get("/v1/skus").statusCode()).isEqualTo(401);
    assertThat(api.status("/v1/skus")).isEqualTo(200);
  }
}
