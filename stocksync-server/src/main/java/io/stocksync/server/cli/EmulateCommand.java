package io.stocksync.server.cli;

import io.stocksync.emulator.EmulatorServer;
import io.stocksync.emulator.MarketplaceEmulator;
import io.stocksync.emulator.amazon.AmazonEmulator;
import io.stocksync.emulator.webhook.WebhookEmulator;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stocksync emulate --port P}: the marketplace emulators of SPEC §8 on one port, each under
 * {@code http://HOST:P/{marketplace}}, until the process is stopped. Prints each emulator's base
 * URL, the credentials it accepts and the secrets it signs webhooks with, so that channels can be
 * pointed at it.
 */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    description =
        "Run the marketplace emulators (Shopify, Amazon, Flipkart, WooCommerce, webhook) for"
            + " trying StockSync without marketplace accounts.")
final class EmulateCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8090",
      description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--webhook-secret",
      description = "HMAC secret the webhook receiver checks signatures with (default: none).")
  String webhookSecret;

  @Override
  public Integer call() throws InterruptedException {
    EmulatorServer server = start(System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "stocksync-emulate-shutdown"));
    stopped.await();
    return 0;
  }

  /** Starts the emulators as configured and describes them on {@code out}. */
  EmulatorServer start(PrintStream out) {
    Clock clock = Clock.systemUTC();
    WebhookEmulator.Options webhook = WebhookEmulator.Options.defaults();
    if (webhookSecret != null) {
      webhook = webhook.withSecret(webhookSecret);
    }
    EmulatorServer server =
        EmulatorServer.builder()
            .host(bind)
            .port(port)
            .clock(clock)
            .add(new WebhookEmulator(webhook, clock))
            .start();
    describe(server, out);
    return server;
  }

  private static void describe(EmulatorServer server, PrintStream out) {
    out.println("StockSync marketplace emulators (SPEC §8); docs/emulators.md has the details.");
    for (MarketplaceEmulator e : server.emulators()) {
      out.printf(
          "  %-12s baseUrl %-40s quantities %s/emulator/%s/quantities%n",
          e.name(), server.baseUrl(e.name()), server.baseUrl(), e.name());
    }
    out.println("Credentials the emulators accept, and the secrets they sign webhooks with:");
    for (MarketplaceEmulator e : server.emulators()) {
      e.credentials()
          .forEach((name, value) -> out.printf("  %-12s %s %s%n", e.name(), name, value));
    }
    out.printf(
        "  %-12s tokenUrl %s%s%n",
        AmazonEmulator.NAME, server.baseUrl(AmazonEmulator.NAME), AmazonEmulator.TOKEN_PATH);
    out.printf(
        "Storefronts: POST %s/emulator/{marketplace}/orders {\"lines\":[{\"listing\",\"quantity\"}]}%n",
        server.baseUrl());
    out.flush();
  }
}
