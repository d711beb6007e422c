package io.stocksync.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard (SPEC §13) in Debian's chromium, as a seller uses it: sign in with the key, find a
 * SKU, read its figures and its channel's explain, watch figures and alerts change while the page
 * is open, import a CSV, on a laptop's window and a phone's. Each page is saved under
 * target/screenshots/ for the reviewer.
 */
class DashboardBrowserTest {
  /** A SKU name that would run script if the page ever inserted API values as HTML. */
  private static final String HOSTILE_NAME =
      "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";

  private static final String HOSTILE_SKU = "<b>BOLD</b>";

  @TempDir Path dir;
  private DashboardServer api;
  private Browser browser;

  @BeforeEach
  void start() {
    browser = Browser.open();
    api = new DashboardServer(dir);
    api.send("PUT", "/v1/locations/WH1", "{\"name\":\"Main\",\"sellable\":true}");
    api.send("PUT", "/v1/locations/WH2", "{\"name\":\"Shop floor\",\"sellable\":true}");
    api.send("PUT", "/v1/skus/MUG", "{\"name\":\"Blue mug\"}");
    api.send("PUT", "/v1/skus/PLATE", "{\"name\":\"Plate\"}");
    api.send(
        "PUT",
        "/v1/skus/"
            + java.net.URLEncoder.encode(HOSTILE_SKU, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20"),
        "{\"name\":" + TestApi.json(HOSTILE_NAME) + "}");
    // A webhook channel whose shop does not answer: its pushes stay queued, the figures stay put.
    api.send(
        "PUT",
        "/v1/channels/hook",
        "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/webhook\","
            + "\"credentials\":{\"secret\":\"hmac-secret\"}}");
    api.send("PUT", "/v1/channels/hook/listings/MUG", "{\"externalId\":\"mug-1\"}");
    events(
        "{\"id\":\"p-1\",\"type\":\"PUTAWAY\",\"sku\":\"MUG\",\"location\":\"WH1\",\"quantity\":100}",
        "{\"id\":\"p-2\",\"type\":\"PUTAWAY\",\"sku\":\"MUG\",\"location\":\"WH2\",\"quantity\":20}",
        "{\"id\":\"o-1\",\"type\":\"ORDER_PLACED\",\"sku\":\"MUG\",\"location\":\"WH1\",\"quantity\":5}",
        "{\"id\":\"p-3\",\"type\":\"PUTAWAY\",\"sku\":\"PLATE\",\"location\":\"WH1\",\"quantity\":7}");
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private void events(String... events) {
    api.send("POST", "/v1/events", "{\"events\":[" + String.join(",", events) + "]}");
  }

  private void signIn() {
    browser.driver.get(api.base() + "/");
    browser.find(By.id("api-key")).sendKeys(api.key);
    browser.find(By.id("sign-in-button")).click();
    browser.find(By.id("sku-count"));
  }

  @Test
  void aSellerSignsInFindsASkuReadsItsFiguresAndOpensItsExplain() {
    browser.driver.get(api.base() + "/");
    browser.screenshot("01-sign-in");
    browser.find(By.id("api-key")).sendKeys("not-a-key");
    browser.find(By.id("sign-in-button")).click();
    browser.waitForText(By.id("sign-in-error"), "That key is not valid.");

    WebElement key = browser.find(By.id("api-key"));
    key.clear();
    key.sendKeys(api.key);
    browser.find(By.id("sign-in-button")).click();
    browser.waitForText(By.id("sku-count"), "3 of 3 SKUs");
    browser.screenshot("02-skus");

    browser.find(By.id("sku-search")).sendKeys("mug");
    browser.waitForText(By.id("sku-count"), "1 of 3 SKUs");
    WebElement chip = browser.find(By.cssSelector(".chip[data-channel='hook']"));
    // 100 + 20 put away, 5 reserved: 115 available; no push answered: nothing acknowledged.
    assertThat(chip.getText()).contains("115 / — / —");

    browser.find(By.linkText("MUG")).click();
    browser.waitForText(By.id("fig-onhand"), "120");
    browser.waitForText(By.id("fig-reserved"), "5");
    browser.waitForText(By.id("fig-available"), "115");
    assertThat(browser.find(By.cssSelector(".listing[data-channel='hook'] .target")).getText())
        .isEqualTo("115");
    // Four ledger lines of MUG, newest first, and a chart drawn from them.
    browser.find(By.cssSelector("#ledger tbody"));
    assertThat(browser.all(By.cssSelector("#ledger tbody tr"))).hasSize(3);
    assertThat(browser.find(By.cssSelector("#chart svg path.line")).getAttribute("d"))
        .startsWith("M");

    browser.find(By.cssSelector(".explain-button[data-channel='hook']")).click();
    WebElement explain =
        browser.find(By.cssSelector(".explain[data-channel='hook'] > *:not(.muted)"));
    if (api.status("/v1/skus/MUG/channels/hook") == 404) {
      assertThat(explain.getText()).contains("not available on this server");
      System.out.println("dashboard: the server has no explain route yet; the panel says so");
    } else {
      assertThat(explain.getText()).contains("115");
    }
    browser.resize(1280, 1800);
    browser.screenshot("03-sku");
  }

  @Test
  void figuresChangeWhileThePageIsOpen() {
    signIn();
    browser.find(By.linkText("PLATE")).click();
    browser.waitForText(By.id("fig-available"), "7");
    events(
        "{\"id\":\"o-2\",\"type\":\"ORDER_PLACED\",\"sku\":\"PLATE\",\"location\":\"WH1\",\"quantity\":3}");
    // No reload: the page polls.
    browser.waitForText(By.id("fig-available"), "4");
    browser.waitForText(By.id("fig-reserved"), "3");
  }

  @Test
  void anAlertAppearsWhenStockFallsUnderAlertAt() {
    signIn();
    browser.driver.get(api.base() + "/#/alerts");
    WebElement content = browser.find(By.cssSelector("#content[data-loaded='true']"));
    if (api.status("/v1/alerts") == 404) {
      assertThat(content.getText()).contains("not available on this server");
      System.out.println(
          "dashboard: skipping the alert step: this server has no GET /v1/alerts yet; the page"
              + " says so");
      browser.screenshot("04-alerts");
      return;
    }
    api.send("PUT", "/v1/skus/PLATE", "{\"name\":\"Plate\",\"alertAt\":5}");
    events(
        "{\"id\":\"o-3\",\"type\":\"ORDER_PLACED\",\"sku\":\"PLATE\",\"location\":\"WH1\",\"quantity\":3}");
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> browser.driver.findElement(By.id("alerts-open")).getText(),
            t -> t.contains("LOW_STOCK") && t.contains("PLATE"));
    browser.screenshot("04-alerts");
  }

  @Test
  void aHostileSkuNameIsShownAsTextAndRunsNothing() {
    signIn();
    browser.find(By.id("sku-search")).sendKeys("bold");
    browser.waitForText(By.id("sku-count"), "1 of 3 SKUs");
    WebElement row = browser.find(By.cssSelector("#content tbody tr"));
    assertThat(row.getText()).contains(HOSTILE_SKU).contains(HOSTILE_NAME);
    assertThat(browser.all(By.cssSelector("#content b, #content img, #content script"))).isEmpty();
    browser.find(By.linkText(HOSTILE_SKU)).click();
    browser.find(By.id("sku-title"));
    assertThat(browser.find(By.id("sku-title")).getText())
        .contains(HOSTILE_SKU)
        .contains(HOSTILE_NAME);
    assertThat(browser.driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(browser.all(By.cssSelector("main img, main script, main b"))).isEmpty();
  }

  @Test
  void everyPanelOpensAndSaysWhatThisServerLacks() {
    signIn();
    for (String page : new String[] {"channels", "pushes", "orders", "reports", "import"}) {
      browser.driver.get(api.base() + "/#/" + page);
      WebElement content = browser.find(By.cssSelector("#content[data-loaded='true']"));
      assertThat(content.getText()).as(page).doesNotContain("Not found");
      browser.screenshot("05-" + page);
    }
    browser.driver.get(api.base() + "/#/channels");
    String card = browser.find(By.cssSelector(".channel[data-channel='hook']")).getText();
    assertThat(card).contains("Listings").doesNotContain("[object");
    browser.find(By.cssSelector(".channel[data-channel='hook'] button")).click();
    browser.find(By.cssSelector(".channel[data-channel='hook'] .test-result > *:not(.muted)"));
  }

  @Test
  void testConnectionShowsTheVerdictAndTheFailedChecksAgainstTheEmulators() {
    try (io.stocksync.emulator.EmulatorServer emulators =
        io.stocksync.emulator.EmulatorServer.builder().clock(java.time.Clock.systemUTC()).start()) {
      String location = "gid://shopify/Location/1";
      emulators.emulator("shopify").faults().createUnknown(false);
      emulators
          .emulator("shopify")
          .seedQuantities(java.util.Map.of("gid://shopify/InventoryItem/11@" + location, 5L));
      for (String[] channel :
          new String[][] {
            {"shop", io.stocksync.emulator.shopify.ShopifyEmulator.DEFAULT_ACCESS_TOKEN},
            {"badshop", "shpat_wrong"}
          }) {
        api.send(
            "PUT",
            "/v1/channels/" + channel[0],
            "{\"type\":\"shopify\",\"baseUrl\":\""
                + emulators.baseUrl("shopify")
                + "\",\"settings\":{\"locationId\":\""
                + location
                + "\"},\"credentials\":{\"accessToken\":\""
                + channel[1]
                + "\"}}");
        api.send(
            "PUT",
            "/v1/channels/" + channel[0] + "/listings/PLATE",
            "{\"externalId\":\"gid://shopify/InventoryItem/11\"}");
      }
      api.send(
          "PUT",
          "/v1/channels/shop/listings/MUG",
          "{\"externalId\":\"gid://shopify/InventoryItem/99\"}");
      signIn();
      browser.driver.get(api.base() + "/#/channels");

      browser.find(By.cssSelector(".channel[data-channel='shop'] button")).click();
      browser.find(By.cssSelector(".channel[data-channel='badshop'] button")).click();

      WebElement shop = browser.find(By.cssSelector(".channel[data-channel='shop'] .verdict"));
      assertThat(shop.getAttribute("data-ok")).isEqualTo("false");
      assertThat(shop.getText()).contains("1 of").contains("checks failed");
      assertThat(
              browser
                  .find(By.cssSelector(".channel[data-channel='shop'] .checks.failed"))
                  .getText())
          .contains("listing MUG")
          .contains("InventoryItem/99")
          .doesNotContain("listing PLATE");
      WebElement bad = browser.find(By.cssSelector(".channel[data-channel='badshop'] .verdict"));
      assertThat(bad.getAttribute("data-ok")).isEqualTo("false");
      assertThat(
              browser
                  .find(
                      By.cssSelector(
                          ".channel[data-channel='badshop'] .checks.failed"
                              + " li[data-check='credentials']"))
                  .getText())
          .contains("refused the access token")
          .contains("401");
      browser.screenshot("09-test-connection-wrong-token");
      browser.driver.executeScript("arguments[0].scrollIntoView()", shop);
      browser.screenshot("10-test-connection-unknown-listing");

      // The seller corrects the listing's id: the same button now says the connection is good.
      emulators
          .emulator("shopify")
          .seedQuantities(java.util.Map.of("gid://shopify/InventoryItem/12@" + location, 1L));
      api.send(
          "PUT",
          "/v1/channels/shop/listings/MUG",
          "{\"externalId\":\"gid://shopify/InventoryItem/12\"}");
      browser.driver.navigate().refresh();
      browser.find(By.cssSelector(".channel[data-channel='shop'] button")).click();
      browser.waitForText(
          By.cssSelector(".channel[data-channel='shop'] .verdict"),
          "Connection OK: all 4 checks passed");
    }
  }

  @Test
  void aCsvImportShowsItsProgressAndItsTally() throws Exception {
    StringBuilder csv = new StringBuilder("id,type,sku,location,quantity,occurredAt\n");
    for (int i = 0; i < 1_200; i++) {
      csv.append("csv-").append(i).append(",PUTAWAY,PLATE,WH2,1,2026-11-27T10:00:00Z\n");
    }
    csv.append("csv-bad,PUTAWAY,NO-SUCH-SKU,WH2,1,2026-11-27T10:00:00Z\n");
    Path file = dir.resolve("events.csv");
    Files.writeString(file, csv);
    signIn();
    browser.driver.get(api.base() + "/#/import");
    browser.find(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
    browser.find(By.id("import-start")).click();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> browser.driver.findElement(By.id("import-status")).getText(),
            t -> t.startsWith("1201 of 1201 lines sent"));
    assertThat(browser.find(By.id("import-status")).getText())
        .contains("1200 applied, 0 duplicate, 1 rejected")
        .contains("csv-bad: ")
        .contains("csv-bad: UNKNOWN_SKU, field sku, unknown SKU 'NO-SUCH-SKU'");
    assertThat(browser.find(By.id("import-progress")).getAttribute("value")).isEqualTo("1201");
    browser.screenshot("06-import");
    assertThat(api.send("GET", "/v1/skus/PLATE", "").path("onHand").asLong()).isEqualTo(1_207);
  }

  @Test
  void onAPhoneTheTablesStackIntoCards() {
    browser.resize(390, 844);
    signIn();
    WebElement cell = browser.find(By.cssSelector("#content tbody td[data-label='Available']"));
    assertThat(cell.getCssValue("display")).isEqualTo("flex");
    Object overflow =
        browser.driver.executeScript(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1");
    assertThat(overflow).as("no sideways scrolling on a phone").isEqualTo(true);
    browser.screenshot("07-phone-skus");
    browser.find(By.linkText("MUG")).click();
    browser.waitForText(By.id("fig-available"), "115");
    browser.screenshot("08-phone-sku");
  }
}
