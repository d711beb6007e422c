package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.emulator.EmulatorServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EmulateCommandTest {

  @Test
  void servesEveryMarketplaceOnOnePortAndSaysWhereAndWithWhichCredentials() throws Exception {
    EmulateCommand command = new EmulateCommand();
    new CommandLine(command).parseArgs("--port", "0", "--webhook-secret", "s3cret");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (EmulatorServer server =
        command.start(new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      String text = printed.toString(StandardCharsets.UTF_8);
      HttpClient http = HttpClient.newHttpClient();
      for (String marketplace :
          new String[] {"shopify", "amazon", "flipkart", "woocommerce", "webhook"}) {
        assertThat(text).contains(server.baseUrl(marketplace));
        HttpResponse<String> quantities =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/emulator/" + marketplace + "/quantities"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(quantities.statusCode()).as(marketplace).isEqualTo(200);
      }
      assertThat(text)
          .contains(
              "shpat_stocksync_emulator",
              "shpss_stocksync_emulator",
              "ck_stocksync_emulator",
              "cs_stocksync_emulator",
              "amzn1.application-oa2-client.stocksync-emulator",
              "Atzr|stocksync-emulator",
              "stocksync-emulator-app",
              "s3cret");
      // The secret is in force: an unsigned webhook call is refused.
      HttpResponse<String> unsigned =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl("webhook")))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).isEqualTo(401);
    }
  }
}
