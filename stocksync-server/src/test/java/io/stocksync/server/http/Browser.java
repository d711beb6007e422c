package io.stocksync.server.http;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver: both named explicitly, so that
 * Selenium never looks for (or downloads) a browser or driver of its own. Tests skip, saying so,
 * where either is not installed ({@code apt-get install chromium chromium-driver}).
 */
public final class Browser implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getProperty("stocksync.chromium", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("stocksync.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  public final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Whether Debian's chromium and its driver are installed. */
  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
  }

  /** A headless chromium with a laptop's window; skips the test when none is installed. */
  public static Browser open() {
    Assumptions.assumeTrue(
        available(),
        "browser test skipped: "
            + CHROMIUM
            + " or "
            + DRIVER
            + " is not installed"
            + " (apt-get install chromium chromium-driver)");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=en-GB");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options));
  }

  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Waits until exactly one element matches, and answers it. */
  public WebElement find(By by) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> driver.findElement(by), e -> e != null);
  }

  /** Waits until the element's text is {@code expected}. */
  public void waitForText(By by, String expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> driver.findElement(by).getText().trim(), expected::equals);
  }

  public List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /** Saves what the page shows as target/screenshots/{name}.png and answers its path. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
