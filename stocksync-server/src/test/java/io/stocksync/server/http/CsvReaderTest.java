package io.stocksync.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CsvReader}: RFC 4180 through Commons CSV, strict about quotes, naming the line. */
class CsvReaderTest {

  private static List<List<String>> all(String text) throws Exception {
    CsvReader csv = new CsvReader(new StringReader(text));
    List<List<String>> records = new ArrayList<>();
    List<String> r;
    while ((r = csv.next()) != null) {
      records.add(r);
    }
    return records;
  }

  @Test
  void readsQuotedFieldsWithCommasQuotesAndLineBreaksAndNamesTheLineEachRecordStartsOn()
      throws Exception {
    CsvReader csv = new CsvReader(new StringReader("a,b\r\n\"x,\"\"y\"\"\nz\",2\n\nlast,3"));
    assertThat(csv.next()).containsExactly("a", "b");
    assertThat(csv.recordLine()).isEqualTo(1);
    assertThat(csv.next()).containsExactly("x,\"y\"\nz", "2");
    assertThat(csv.recordLine()).isEqualTo(2);
    assertThat(csv.next()).containsExactly("");
    assertThat(csv.recordLine()).isEqualTo(4);
    assertThat(csv.next()).containsExactly("last", "3");
    assertThat(csv.recordLine()).isEqualTo(5);
    assertThat(csv.next()).isNull();
  }

  @Test
  void refusesAQuoteInsideAnUnquotedFieldNamingItsLine() {
    assertThatThrownBy(() -> all("a,b\n\"ok\",fine\nb\"x,1\n"))
        .isInstanceOf(CsvReader.CsvException.class)
        .hasMessage("line 3: a quote inside an unquoted field (quote the field)");
  }

  @Test
  void refusesTextAfterAClosingQuoteNamingItsLine() {
    assertThatThrownBy(() -> all("a,b\n\"x\"y,1\n"))
        .isInstanceOf(CsvReader.CsvException.class)
        .hasMessageStartingWith("line 2: text after a closing quote");
  }

  @Test
  void refusesAQuoteLeftOpenNamingTheLineItOpenedOn() {
    assertThatThrownBy(() -> all("a,b\n1,\"open\nstill open\n"))
        .isInstanceOf(CsvReader.CsvException.class)
        .hasMessage("line 2: a quoted field is not closed");
  }

  @Test
  void refusesAFieldLongerThanTheLimit() {
    assertThatThrownBy(() -> all("a\n" + "x".repeat(CsvReader.MAX_FIELD + 1) + "\n"))
        .isInstanceOf(CsvReader.CsvException.class)
        .hasMessageContaining("line 2: a field is longer than");
  }

  @Test
  void quotesOnlyWhatNeedsIt() {
    assertThat(CsvReader.quote("plain")).isEqualTo("plain");
    assertThat(CsvReader.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvReader.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvReader.quote(null)).isEmpty();
  }

  @Test
  void aQuoteCheckFarIntoALongInputStillSeesTheRecordAsWritten() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("row").append(i).append(",\"q\"\"").append(i).append("\"\n");
    }
    text.append("bad\"row,1\n");
    assertThatThrownBy(() -> all(text.toString()))
        .isInstanceOf(CsvReader.CsvException.class)
        .hasMessageStartingWith("line 20001: a quote inside an unquoted field");
  }
}
