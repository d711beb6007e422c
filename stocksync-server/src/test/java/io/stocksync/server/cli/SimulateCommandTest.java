package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code stocksync simulate} end to end on a small trace written here. */
class SimulateCommandTest {

  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  private Run simulate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = StockSyncCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("simulate"));
    all.addAll(List.of(args));
    int status = cli.execute(all.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  /**
   * 5000 mugs put away at 10:00, then nine single orders a minute apart. Under X=2000, N=10, Y=100,
   * T off: the put-away syncs (≥ Y), the nine orders wait, so one sync and, on one webhook channel,
   * one push and one call; the channel shows 5000 while 4991 are left, over-stated by k from the
   * k-th order: 60 × (1 + … + 8) = 2160 unit-seconds, at most 9.
   */
  private Path trace() throws Exception {
    StringBuilder csv = new StringBuilder("id,type,sku,location,quantity,occurredAt\n");
    csv.append("p-1,PUTAWAY,MUG,WH1,5000,2026-11-27T10:00:00Z\n");
    for (int k = 1; k <= 9; k++) {
      csv.append("o-")
          .append(k)
          .append(",ORDER_PLACED,MUG,WH1,1,2026-11-27T10:0")
          .append(k)
          .append(":00Z\n");
    }
    csv.append("o-1,ORDER_PLACED,MUG,WH1,1,2026-11-27T10:09:30Z\n"); // a duplicate id
    Path file = dir.resolve("trace.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void printsThePolicyAndTheBaselinesAsATable() throws Exception {
    Run r = simulate(trace().toString(), "--policy", "2000,10,100,0", "--channels", "webhook");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("10 events over 1 SKUs", "1 duplicate ids skipped", "channels: webhook")
        .contains("X=2000 N=10 Y=100 T=0")
        .contains("every transaction", "timer 10 min", "timer 15 min", "out-of-stock 2 min")
        .contains("2,160.0");
  }

  @Test
  void jsonHasExactlyTheDocumentedShapeAndTheFiguresWorkedOutByHand() throws Exception {
    Run r =
        simulate(
            trace().toString(), "--policy", "2000,10,100,0", "--channels", "webhook", "--json");

    assertThat(r.status()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.fieldNames()).toIterable().containsExactly("events", "policies", "baselines");
    assertThat(doc.path("events").asLong()).isEqualTo(10);
    JsonNode p = doc.path("policies").get(0);
    assertThat(doc.path("policies")).hasSize(1);
    assertThat(p.fieldNames())
        .toIterable()
        .containsExactly(
            "policy",
            "syncs",
            "pushes",
            "calls",
            "maxOverstatement",
            "p99Overstatement",
            "overstatementUnitSeconds");
    assertThat(p.path("policy").fieldNames())
        .toIterable()
        .containsExactly("threshold", "batchSize", "significantQuantity", "maxStalenessSeconds");
    assertThat(p.path("policy").path("threshold").asLong()).isEqualTo(2000);
    assertThat(p.path("policy").path("batchSize").asLong()).isEqualTo(10);
    assertThat(p.path("policy").path("significantQuantity").asLong()).isEqualTo(100);
    assertThat(p.path("policy").path("maxStalenessSeconds").asLong()).isZero();
    assertThat(p.path("syncs").asLong()).isEqualTo(1);
    assertThat(p.path("pushes").asLong()).isEqualTo(1);
    assertThat(p.path("calls").asLong()).isEqualTo(1);
    assertThat(p.path("maxOverstatement").asLong()).isEqualTo(9);
    assertThat(p.path("p99Overstatement").asLong()).isEqualTo(9);
    assertThat(p.path("overstatementUnitSeconds").asDouble()).isEqualTo(2160.0);

    JsonNode baselines = doc.path("baselines");
    assertThat(baselines.findValuesAsText("name"))
        .containsExactly(
            "every transaction",
            "timer 10 min",
            "timer 15 min",
            "timer 10 min + out-of-stock 2 min");
    for (JsonNode b : baselines) {
      assertThat(b.fieldNames())
          .toIterable()
          .containsExactly(
              "name",
              "syncs",
              "pushes",
              "calls",
              "maxOverstatement",
              "p99Overstatement",
              "overstatementUnitSeconds");
    }
    JsonNode every = baselines.get(0);
    assertThat(every.path("syncs").asLong()).isEqualTo(10);
    assertThat(every.path("pushes").asLong()).isEqualTo(10);
    assertThat(every.path("overstatementUnitSeconds").asDouble()).isZero();
    // The 10-minute timer: 10:00's put-away and the orders sync at 10:10, after the trace ends.
    JsonNode timer = baselines.get(1);
    assertThat(timer.path("syncs").asLong()).isZero();
    assertThat(timer.path("overstatementUnitSeconds").asDouble()).isZero();
  }

  @Test
  void aSweepTriesTheGridAndWritesAWellFormedReportWithItsPicture() throws Exception {
    Path html = dir.resolve("report.html");
    Path svg = dir.resolve("frontier.svg");
    Run r =
        simulate(
            trace().toString(),
            "--sweep",
            "--report",
            html.toString(),
            "--svg",
            svg.toString(),
            "--json");

    assertThat(r.status()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    // The default policy (2000,10,100,900) first, then the grid's other 99 (it holds the default).
    assertThat(doc.path("policies")).hasSize(100);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document page = f.newDocumentBuilder().parse(html.toFile());
    assertThat(page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength())
        .isEqualTo(1);
    assertThat(page.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "tr").getLength())
        .isEqualTo(1 + 100 + 4);
    assertThat(Files.readString(html)).doesNotContain("<script", "http://127", "https://");
    Document picture = f.newDocumentBuilder().parse(svg.toFile());
    assertThat(picture.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength())
        .isEqualTo(1);
    assertThat(picture.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polygon").getLength())
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void aBadRowIsNamedByLineAndFieldAndNothingIsPrinted() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        "id,type,sku,location,quantity,occurredAt\n"
            + "e-1,PUTAWAY,MUG,WH1,5,2026-11-27T10:00:00Z\n"
            + "e-2,PUTAWAY,MUG,WH1,5,yesterday\n");

    Run r = simulate(file.toString());

    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("line 3", "occurredAt", "yesterday");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMalformedPolicyNamesItsField() throws Exception {
    Run r = simulate(trace().toString(), "--policy", "2000,ten,100,0");

    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("--policy", "batchSize", "ten");
  }
}
