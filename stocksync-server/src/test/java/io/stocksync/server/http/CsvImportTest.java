package io.stocksync.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.server.cli.CsvImportHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stocksync import}: batches, per-row results, a summary, and safe re-runs. */
class CsvImportTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    api = new TestApi(dir);
    shop = api.account("Shop");
    api.standardSetUp(shop);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private CsvImportHarness.Result importFile(Path file) throws Exception {
    return CsvImportHarness.run(
        URI.create(api.base()),
        shop.key(),
        1_000,
        new PrintStream(err, true, StandardCharsets.UTF_8),
        file);
  }

  private Path file(String name, int rows, boolean withRejects) throws Exception {
    StringBuilder csv = new StringBuilder("id,type,sku,location,quantity,occurredAt\n");
    for (int i = 0; i < rows; i++) {
      String sku = withRejects && i % 500 == 7 ? "GHOST" : "MUG";
      csv.append("\"row,").append(i).append("\",PUTAWAY,").append(sku).append(",WH1,1,\n");
    }
    Path file = dir.resolve(name);
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void sendsAFileInBatchesAndSummarisesEveryRow() throws Exception {
    Path file = file("events.csv", 2_500, true);

    CsvImportHarness.Result result = importFile(file);

    assertThat(result.complete()).isTrue();
    assertThat(result.rows()).isEqualTo(2_500);
    assertThat(result.rejected()).isEqualTo(5);
    assertThat(result.applied()).isEqualTo(2_495);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 9: event row,7 rejected");
    assertThat(TestApi.check(api.get("/v1/skus/MUG", shop.key())).json().path("onHand").asLong())
        .isEqualTo(2_495);
  }

  @Test
  void isSafeToRunAgainAfterAnInterruption() throws Exception {
    Path whole = file("events.csv", 2_500, false);
    // An import interrupted after its first 1,200 rows...
    Path firstPart = dir.resolve("part.csv");
    Files.write(firstPart, Files.readAllLines(whole).subList(0, 1_201));
    assertThat(importFile(firstPart).applied()).isEqualTo(1_200);

    // ...is run again on the whole file: what was applied is not applied twice.
    CsvImportHarness.Result again = importFile(whole);

    assertThat(again.duplicate()).isEqualTo(1_200);
    assertThat(again.applied()).isEqualTo(1_300);
    assertThat(TestApi.check(api.get("/v1/skus/MUG", shop.key())).json().path("onHand").asLong())
        .isEqualTo(2_500);
  }

  @Test
  void stopsAtBrokenQuotingAfterSendingTheRowsBeforeIt() throws Exception {
    Path file = dir.resolve("broken.csv");
    Files.writeString(
        file,
        "id,type,sku,location,quantity,occurredAt\n"
            + "a,PUTAWAY,MUG,WH1,1,\n"
            + "b\"x,PUTAWAY,MUG,WH1,1,\n"
            + "c,PUTAWAY,MUG,WH1,1,\n");

    CsvImportHarness.Result result = importFile(file);

    assertThat(result.complete()).isFalse();
    assertThat(result.failure()).contains("line 3");
    assertThat(result.applied()).isEqualTo(1);
  }

  @Test
  void reportsWhatTheServerRefusesWithTheFileLine() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        "id,type,sku,location,quantity,occurredAt\n"
            + "a,PUTAWAY,MUG,WH1,1,\n"
            + "b,TELEPORT,MUG,WH1,1,\n");

    CsvImportHarness.Result result = importFile(file);

    assertThat(result.complete()).isFalse();
    assertThat(result.failure()).contains("events[1].type").contains("file line 3");
    assertThat(result.applied()).isZero();
  }

  @Test
  void rejectsRowsTheStoreCouldNotHoldAndAppliesTheRestAroundThem() throws Exception {
    Path file = dir.resolve("hostile.csv");
    Files.writeString(
        file,
        "id,type,sku,location,quantity,occurredAt\n"
            + "a,PUTAWAY,MUG,WH1,1,\n"
            + "nul\u0000id,PUTAWAY,MUG,WH1,1,\n"
            + "b,PUTAWAY,MU\u200BG,WH1,1,\n"
            + "c,PUTAWAY,MUG,WH\u202E1,1,\n"
            + "d,PUTAWAY,MUG,WH1,1,+300000000-01-01T00:00:00Z\n"
            + "e,PUTAWAY, MUG ,WH1,1,\n",
        StandardCharsets.UTF_8);

    CsvImportHarness.Result result = importFile(file);

    assertThat(result.complete()).isTrue();
    assertThat(result.rejected()).isEqualTo(4);
    assertThat(result.applied()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("line 3")
        .contains("line 4")
        .contains("line 5")
        .contains("line 6");
    assertThat(TestApi.check(api.get("/v1/skus/MUG", shop.key())).json().path("onHand").asLong())
        .isEqualTo(2);
  }
}
